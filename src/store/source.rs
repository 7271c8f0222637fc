//! Where step 1 reads the CMS from: a directory, an HTTPS URL, or a `cms export` zip.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::cms::CmsManifest;
use super::{StoreError, sha256_hex};
use crate::log::{Reason, Refusal};

/// Largest document accepted (a topology of thousands of servers is a few MiB).
const MAX_DOCUMENT: u64 = 256 * 1024 * 1024;
const MAX_MANIFEST: u64 = 16 * 1024 * 1024;

/// A place to read a published CMS revision from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CmsSource {
    /// A CMS directory (local path or mounted share).
    Directory(PathBuf),
    /// A CMS served over HTTPS: `<url>/cms.json` and `<url>/objects/<sha256>`.
    Https {
        /// Base URL, ending with `/`.
        url: String,
        /// Extra PEM roots to trust beside the system's.
        roots: Option<PathBuf>,
        /// The replication password that opens the protected documents (`cms serve`'s).
        password: Option<super::seal::ExportPassword>,
    },
    /// A zip written by `cms export`, and the password of its sealed objects if it has any.
    Export {
        /// The zip.
        path: PathBuf,
        /// Its export password.
        password: Option<super::seal::ExportPassword>,
    },
}

impl CmsSource {
    /// Interprets `--from-cms`: an `https://` URL or a directory.
    pub fn from_cms_location(location: &str, roots: Option<PathBuf>) -> Result<Self, StoreError> {
        if let Some(rest) = location.strip_prefix("https://") {
            if rest.is_empty() || rest.starts_with('/') {
                return Err(Refusal::new(
                    format!("{location} has no host name"),
                    Reason::new("why-cms-url-no-host").with("location", location),
                )
                .into());
            }
            if rest
                .split('/')
                .next()
                .is_some_and(|authority| authority.contains('@'))
            {
                return Err(Refusal::new(
                    "the CMS URL must not carry credentials; the CMS is read without them",
                    Reason::new("why-cms-url-credentials"),
                )
                .into());
            }
            let mut url = location.to_string();
            if !url.ends_with('/') {
                url.push('/');
            }
            return Ok(CmsSource::Https {
                url,
                roots,
                password: None,
            });
        }
        if location.contains("://") {
            return Err(Refusal::new(
                format!(
                    "{location} is neither a directory nor an https:// URL; plain http is not accepted for the CMS"
                ),
                Reason::new("why-cms-not-https").with("location", location),
            )
            .into());
        }
        if roots.is_some() {
            return Err(Refusal::new(
                "--cms-root applies to an https:// CMS only",
                Reason::new("why-cms-root-https-only"),
            )
            .into());
        }
        Ok(CmsSource::Directory(PathBuf::from(location)))
    }

    /// How the source is named in logs and messages.
    pub fn describe(&self) -> String {
        match self {
            CmsSource::Directory(path) => path.display().to_string(),
            CmsSource::Https { url, .. } => url.clone(),
            CmsSource::Export { path, .. } => path.display().to_string(),
        }
    }

    /// The CMS location to remember for later status checks (not for a zip).
    pub fn location(&self) -> Option<String> {
        match self {
            CmsSource::Directory(path) => Some(path.display().to_string()),
            CmsSource::Https { url, .. } => Some(url.clone()),
            CmsSource::Export { .. } => None,
        }
    }

    /// Opens the source for reading one revision.
    pub(crate) fn open(&self) -> Result<Box<dyn Reader>, StoreError> {
        Ok(match self {
            CmsSource::Directory(path) => {
                super::CentralStore::open(path)?;
                Box::new(DirectoryReader(path.clone()))
            }
            CmsSource::Https {
                url,
                roots,
                password,
            } => Box::new(HttpsReader::new(url, roots.as_deref(), password.clone())?),
            CmsSource::Export { path, password } => {
                Box::new(ZipReader::open(path, password.clone())?)
            }
        })
    }

    /// Reads the manifest and every document, verifying sizes and hashes.
    pub fn read_revision(&self) -> Result<Revision, StoreError> {
        let mut reader = self.open()?;
        let manifest = reader.manifest()?;
        let mut documents = Vec::with_capacity(manifest.documents.len());
        for (name, doc) in &manifest.documents {
            if doc.size > MAX_DOCUMENT {
                return Err(StoreError::Corrupt {
                    what: format!("{} in {}", name, self.describe()),
                    reason: format!(
                        "it declares {} bytes, more than the {MAX_DOCUMENT} allowed",
                        doc.size
                    ),
                });
            }
            let bytes = reader.object(super::is_protected(name), &doc.sha256, doc.size)?;
            let actual = sha256_hex(&bytes);
            if actual != doc.sha256 || bytes.len() as u64 != doc.size {
                return Err(StoreError::HashMismatch {
                    document: name.clone(),
                    source_name: self.describe(),
                    expected: doc.sha256.clone(),
                    actual,
                });
            }
            documents.push((name.clone(), bytes));
        }
        Ok(Revision {
            manifest,
            documents,
        })
    }
}

/// One published revision, read whole and verified.
#[derive(Debug, Clone)]
pub struct Revision {
    /// The manifest.
    pub manifest: CmsManifest,
    /// Every document (name, bytes), in manifest order.
    pub documents: Vec<(String, Vec<u8>)>,
}

/// Reads one revision's files from a source.
pub(crate) trait Reader {
    /// The manifest.
    fn manifest(&mut self) -> Result<CmsManifest, StoreError>;
    /// An object by hash, at most `size` + 1 bytes (so an oversized object shows as a mismatch);
    /// `protected` says it is one of the protected documents (sealed where the source seals).
    fn object(&mut self, protected: bool, sha256: &str, size: u64) -> Result<Vec<u8>, StoreError>;
}

struct DirectoryReader(PathBuf);

impl Reader for DirectoryReader {
    fn manifest(&mut self) -> Result<CmsManifest, StoreError> {
        super::CentralStore::open(&self.0)?.manifest()
    }

    fn object(&mut self, _: bool, sha256: &str, size: u64) -> Result<Vec<u8>, StoreError> {
        let path = self.0.join("objects").join(sha256);
        let file = fs::File::open(&path).map_err(StoreError::io(format!(
            "cannot read {} (the CMS is missing a published document)",
            path.display()
        )))?;
        let mut bytes = Vec::new();
        file.take(size + 1)
            .read_to_end(&mut bytes)
            .map_err(StoreError::io(format!("cannot read {}", path.display())))?;
        Ok(bytes)
    }
}

/// A `cms export` zip, verified whole when opened: every entry is read once, its name, size and
/// SHA-256 checked against the export's authentication (HMAC-SHA256 under a key derived from
/// the export password), and only those verified bytes are used afterwards.
struct ZipReader {
    path: PathBuf,
    entries: std::collections::BTreeMap<String, Vec<u8>>,
    key: super::seal::SealKey,
}

impl ZipReader {
    fn open(
        path: &Path,
        password: Option<super::seal::ExportPassword>,
    ) -> Result<Self, StoreError> {
        let shown = path.display().to_string();
        let bad = |reason: String| StoreError::BadExport {
            path: shown.clone(),
            reason,
        };
        let metadata = fs::metadata(path).map_err(|e| bad(e.to_string()))?;
        if !metadata.is_file() {
            return Err(bad("it is not a regular file".into()));
        }
        let limit = crate::input::InputKind::Export.limit();
        if metadata.len() > limit {
            return Err(bad(format!(
                "it is larger than the {} an export may have",
                crate::input::human_size(limit)
            )));
        }
        let file = fs::File::open(path).map_err(|e| bad(e.to_string()))?;
        let mut archive = zip::ZipArchive::new(file).map_err(|e| bad(zip_reason(&e)))?;
        // Every entry, read once (the whole export is at most `limit`, uncompressed too).
        let mut entries = std::collections::BTreeMap::new();
        let mut total = 0u64;
        for index in 0..archive.len() {
            let entry = archive.by_index(index).map_err(|e| bad(zip_reason(&e)))?;
            let name = entry.name().to_string();
            let mut bytes = Vec::new();
            entry
                .take(limit - total + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| bad(format!("{name} cannot be read: {e}")))?;
            total += bytes.len() as u64;
            if total > limit {
                return Err(bad(format!(
                    "its contents are larger than the {} an export may have",
                    crate::input::human_size(limit)
                )));
            }
            if entries.insert(name.clone(), bytes).is_some() {
                return Err(StoreError::ExportTampered(shown.clone()));
            }
        }
        let mac = entries
            .remove(super::cms::EXPORT_MAC)
            .ok_or_else(|| StoreError::ExportUnauthenticated(shown.clone()))?;
        let password = password.ok_or_else(|| StoreError::ExportPasswordNeeded(shown.clone()))?;
        let header: super::seal::SealHeader = entries
            .get(super::cms::SEALED_HEADER)
            .and_then(|bytes| serde_json::from_slice(bytes).ok())
            .ok_or_else(|| StoreError::ExportTampered(shown.clone()))?;
        let key = super::seal::SealKey::open_header(&password, &header)
            .map_err(|_| StoreError::ExportTampered(shown.clone()))?
            .ok_or_else(|| StoreError::ExportPasswordWrong(shown.clone()))?;
        let tag = serde_json::from_slice::<serde_json::Value>(&mac)
            .ok()
            .and_then(|v| v["mac"].as_str().map(str::to_string))
            .unwrap_or_default();
        let listed: Vec<(String, Vec<u8>)> = entries
            .iter()
            .map(|(n, b)| (n.clone(), b.clone()))
            .collect();
        if !key.verify(&super::cms::authenticated_contents(&listed), &tag) {
            return Err(StoreError::ExportTampered(shown));
        }
        Ok(ZipReader {
            path: path.to_path_buf(),
            entries,
            key,
        })
    }

    fn entry(&self, name: &str) -> Result<Vec<u8>, StoreError> {
        self.entries
            .get(name)
            .cloned()
            .ok_or_else(|| StoreError::BadExport {
                path: self.path.display().to_string(),
                reason: format!("it has no {name}"),
            })
    }
}

/// What a zip library error means, in words (not the library's own: "Could not find EOCD").
fn zip_reason(error: &zip::result::ZipError) -> String {
    match error {
        zip::result::ZipError::Io(e) => format!("it cannot be read: {e}"),
        zip::result::ZipError::InvalidArchive(_) => {
            "it is not a zip archive, or it is truncated or damaged".into()
        }
        zip::result::ZipError::UnsupportedArchive(what) => {
            format!("it uses a zip feature this wizard does not read ({what})")
        }
        _ => "it is not a zip archive this wizard can read".into(),
    }
}

impl Reader for ZipReader {
    fn manifest(&mut self) -> Result<CmsManifest, StoreError> {
        let bytes = self.entry("cms.json")?;
        if bytes.len() as u64 > MAX_MANIFEST {
            return Err(StoreError::BadExport {
                path: self.path.display().to_string(),
                reason: "its cms.json is too large".into(),
            });
        }
        CmsManifest::parse(&bytes, &format!("cms.json in {}", self.path.display())).map_err(|e| {
            StoreError::BadExport {
                path: self.path.display().to_string(),
                reason: e.to_string(),
            }
        })
    }

    fn object(&mut self, _: bool, sha256: &str, _size: u64) -> Result<Vec<u8>, StoreError> {
        let plain = format!("objects/{sha256}");
        if self.entries.contains_key(&plain) {
            return self.entry(&plain);
        }
        let sealed = self.entry(&format!("{}/{sha256}", super::cms::SEALED))?;
        self.key
            .open(sha256, &sealed)
            .ok_or_else(|| StoreError::ExportTampered(self.path.display().to_string()))
    }
}

struct HttpsReader {
    base: String,
    agent: ureq::Agent,
    password: Option<super::seal::ExportPassword>,
    key: Option<super::seal::SealKey>,
}

impl HttpsReader {
    fn new(
        base: &str,
        roots: Option<&Path>,
        password: Option<super::seal::ExportPassword>,
    ) -> Result<Self, StoreError> {
        let mut extra = Vec::new();
        if let Some(path) = roots {
            let pem_bytes = crate::input::read_limited(path, crate::input::InputKind::Roots)
                .map_err(|e| StoreError::BadLocation(format!("--cms-root: {e}")))?;
            let blocks = pem::parse_many(&pem_bytes).map_err(|e| {
                StoreError::from(Refusal::new(
                    format!(
                        "--cms-root {} is not a PEM file of certificates: {e}",
                        path.display()
                    ),
                    Reason::new("why-cms-root-not-pem")
                        .with("path", path.display())
                        .with("detail", e),
                ))
            })?;
            extra.extend(
                blocks
                    .into_iter()
                    .filter(|b| b.tag() == "CERTIFICATE")
                    .map(pem::Pem::into_contents),
            );
            if extra.is_empty() {
                return Err(Refusal::new(
                    format!("--cms-root {} holds no certificate", path.display()),
                    Reason::new("why-cms-root-no-certificate").with("path", path.display()),
                )
                .into());
            }
        }
        Ok(HttpsReader {
            base: base.to_string(),
            agent: crate::https::agent(&extra),
            password,
            key: None,
        })
    }

    fn get(&self, path: &str, limit: u64) -> Result<Vec<u8>, StoreError> {
        let url = format!("{}{path}", self.base);
        crate::https::get(
            &self.agent,
            &url,
            limit,
            "pass --cms-root PEM if the CMS certificate comes from a private CA",
        )
        .map_err(|reason| StoreError::Http { url, reason })
    }
}

impl HttpsReader {
    /// The key of the served CMS's sealed objects, derived once from the replication password.
    fn key(&mut self) -> Result<&super::seal::SealKey, StoreError> {
        if self.key.is_none() {
            let shown = self.base.clone();
            let password = self
                .password
                .clone()
                .ok_or_else(|| StoreError::ReplicationPasswordNeeded(shown.clone()))?;
            let bytes = self.get(super::cms::SEALED_HEADER, 64 * 1024)?;
            let url = format!("{}{}", self.base, super::cms::SEALED_HEADER);
            let header: super::seal::SealHeader =
                serde_json::from_slice(&bytes).map_err(|e| StoreError::Http {
                    url: url.clone(),
                    reason: format!("it is not a sealing header: {e}"),
                })?;
            let key = super::seal::SealKey::open_header(&password, &header)
                .map_err(|reason| StoreError::Http { url, reason })?
                .ok_or(StoreError::ReplicationPasswordWrong(shown))?;
            self.key = Some(key);
        }
        Ok(self.key.as_ref().expect("set above"))
    }
}

impl Reader for HttpsReader {
    fn manifest(&mut self) -> Result<CmsManifest, StoreError> {
        let bytes = self.get("cms.json", MAX_MANIFEST)?;
        let url = format!("{}cms.json", self.base);
        CmsManifest::parse(&bytes, &url).map_err(|error| StoreError::Http {
            reason: format!("the answer is not a central management store manifest ({error}); is this the CMS URL?"),
            url,
        })
    }

    fn object(&mut self, protected: bool, sha256: &str, size: u64) -> Result<Vec<u8>, StoreError> {
        if !protected {
            return self.get(&format!("objects/{sha256}"), size + 1);
        }
        // A sealed object is its plain text plus a nonce and a tag.
        let sealed = self.get(&format!("{}/{sha256}", super::cms::SEALED), size + 64)?;
        let url = format!("{}{}/{sha256}", self.base, super::cms::SEALED);
        self.key()?
            .open(sha256, &sealed)
            .ok_or_else(|| StoreError::Http {
                url,
                reason: "the sealed object does not decrypt: it was damaged or replaced".into(),
            })
    }
}
