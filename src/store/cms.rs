//! A central management store kept in a directory (a local path or a mounted share).

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{StoreError, is_safe_document_name, sha256_hex};
use crate::atomic;

/// Name of the topology document.
pub const TOPOLOGY: &str = "topology.json";
const MANIFEST: &str = "cms.json";
const OBJECTS: &str = "objects";
/// Where an export keeps sealed protected objects, and the header that says how.
pub(crate) const SEALED: &str = "sealed";
pub(crate) const SEALED_HEADER: &str = "sealed.json";
const FORMAT: u32 = 1;

/// Documents under `protected/` (CA keys, encryption keys) are owner-only wherever they are
/// written: CMS objects 0600, replica files 0400.
pub fn is_protected(name: &str) -> bool {
    name.starts_with("protected/")
}

/// The CMS manifest: which revision is published and what it is made of.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CmsManifest {
    /// Manifest format version.
    pub format: u32,
    /// Revision, incremented by every publication that changes something.
    pub revision: u64,
    /// When this revision was published.
    #[serde(with = "time::serde::rfc3339")]
    pub published_at: OffsetDateTime,
    /// Documents by name.
    pub documents: BTreeMap<String, DocumentRef>,
}

/// Where a document's bytes are and how to check them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentRef {
    /// Lower-case hex SHA-256 of the bytes (also the object's file name).
    pub sha256: String,
    /// Size in bytes.
    pub size: u64,
}

impl CmsManifest {
    /// Parses and checks a manifest read from `what`.
    pub fn parse(bytes: &[u8], what: &str) -> Result<Self, StoreError> {
        let corrupt = |reason: String| StoreError::Corrupt {
            what: what.to_string(),
            reason,
        };
        let manifest: CmsManifest =
            serde_json::from_slice(bytes).map_err(|e| corrupt(e.to_string()))?;
        if manifest.format != FORMAT {
            return Err(corrupt(format!(
                "format {} is not supported (this wizard reads format {FORMAT})",
                manifest.format
            )));
        }
        for (name, doc) in &manifest.documents {
            if !is_safe_document_name(name) {
                return Err(corrupt(format!("document name {name:?} is not allowed")));
            }
            if doc.sha256.len() != 64 || !doc.sha256.chars().all(|c| c.is_ascii_hexdigit()) {
                return Err(corrupt(format!("document {name} has no valid SHA-256")));
            }
        }
        Ok(manifest)
    }

    /// The manifest as written to disk.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("a manifest serialises");
        bytes.push(b'\n');
        bytes
    }
}

/// What a publication did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishOutcome {
    /// Revision now published.
    pub revision: u64,
    /// Whether anything changed (false: the same content was already published).
    pub changed: bool,
    /// Names of the documents that changed.
    pub documents: Vec<String>,
}

/// A CMS in a directory.
#[derive(Debug, Clone)]
pub struct CentralStore {
    root: PathBuf,
}

impl CentralStore {
    /// Creates an empty CMS (revision 0) in a new or empty directory.
    pub fn init(root: &Path) -> Result<Self, StoreError> {
        let shown = root.display().to_string();
        if root.join(MANIFEST).exists() {
            let existing = Self::open(root)?;
            return Err(StoreError::AlreadyACms {
                path: shown,
                revision: existing.manifest()?.revision,
            });
        }
        if root.is_dir()
            && fs::read_dir(root)
                .map_err(StoreError::io(format!("cannot read {shown}")))?
                .next()
                .is_some()
        {
            return Err(StoreError::NotEmpty(shown));
        }
        fs::create_dir_all(root.join(OBJECTS))
            .map_err(StoreError::io(format!("cannot create {shown}")))?;
        let manifest = CmsManifest {
            format: FORMAT,
            revision: 0,
            published_at: OffsetDateTime::now_utc(),
            documents: BTreeMap::new(),
        };
        atomic::write(&root.join(MANIFEST), &manifest.to_bytes())
            .map_err(StoreError::io(format!("cannot write {shown}/{MANIFEST}")))?;
        Ok(CentralStore {
            root: root.to_path_buf(),
        })
    }

    /// Opens an existing CMS directory.
    pub fn open(root: &Path) -> Result<Self, StoreError> {
        if !root.join(MANIFEST).is_file() {
            return Err(StoreError::NotACms(root.display().to_string()));
        }
        Ok(CentralStore {
            root: root.to_path_buf(),
        })
    }

    /// The CMS directory.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The current manifest.
    pub fn manifest(&self) -> Result<CmsManifest, StoreError> {
        let path = self.root.join(MANIFEST);
        let bytes =
            fs::read(&path).map_err(StoreError::io(format!("cannot read {}", path.display())))?;
        CmsManifest::parse(&bytes, &path.display().to_string())
    }

    /// The path of an object by hash.
    pub fn object_path(&self, sha256: &str) -> PathBuf {
        self.root.join(OBJECTS).join(sha256)
    }

    /// Reads a published document, verifying its hash.
    pub fn document(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let manifest = self.manifest()?;
        let Some(doc) = manifest.documents.get(name) else {
            return Ok(None);
        };
        let path = self.object_path(&doc.sha256);
        let bytes =
            fs::read(&path).map_err(StoreError::io(format!("cannot read {}", path.display())))?;
        let actual = sha256_hex(&bytes);
        if actual != doc.sha256 {
            return Err(StoreError::HashMismatch {
                document: name.to_string(),
                source_name: self.root.display().to_string(),
                expected: doc.sha256.clone(),
                actual,
            });
        }
        Ok(Some(bytes))
    }

    /// Publishes documents (name, bytes); a new revision only if something changed. Objects are
    /// written first, the manifest last and atomically; objects no longer referenced by this
    /// revision or the previous one are removed.
    pub fn publish(&self, documents: &[(&str, Vec<u8>)]) -> Result<PublishOutcome, StoreError> {
        self.publish_changes(documents, &[])
    }

    /// Publishes documents and removes others (`removals`), as one new revision.
    pub fn publish_changes(
        &self,
        documents: &[(&str, Vec<u8>)],
        removals: &[&str],
    ) -> Result<PublishOutcome, StoreError> {
        let _lock = crate::lock::lock(&self.root).map_err(StoreError::io(format!(
            "cannot lock the central management store {}",
            self.root.display()
        )))?;
        let old = self.manifest()?;
        let mut new = old.clone();
        let mut changed = Vec::new();
        for (name, bytes) in documents {
            debug_assert!(is_safe_document_name(name));
            let doc = DocumentRef {
                sha256: sha256_hex(bytes),
                size: bytes.len() as u64,
            };
            if old.documents.get(*name) == Some(&doc) {
                continue;
            }
            let path = self.object_path(&doc.sha256);
            if !path.is_file() {
                let written = if is_protected(name) {
                    atomic::write_private(&path, bytes)
                } else {
                    atomic::write(&path, bytes)
                };
                written.map_err(StoreError::io(format!("cannot write {}", path.display())))?;
            }
            new.documents.insert(name.to_string(), doc);
            changed.push(name.to_string());
        }
        for name in removals {
            if new.documents.remove(*name).is_some() {
                changed.push(name.to_string());
            }
        }
        if changed.is_empty() {
            return Ok(PublishOutcome {
                revision: old.revision,
                changed: false,
                documents: changed,
            });
        }
        new.revision = old.revision + 1;
        new.published_at = OffsetDateTime::now_utc();
        atomic::write(&self.root.join(MANIFEST), &new.to_bytes()).map_err(StoreError::io(
            format!("cannot write {}", self.root.join(MANIFEST).display()),
        ))?;
        self.collect_garbage(&[&old, &new]);
        self.refresh_web(&new, Some(&old))?;
        Ok(PublishOutcome {
            revision: new.revision,
            changed: true,
            documents: changed,
        })
    }

    fn collect_garbage(&self, keep: &[&CmsManifest]) {
        let live: HashSet<&str> = keep
            .iter()
            .flat_map(|m| m.documents.values().map(|d| d.sha256.as_str()))
            .collect();
        let Ok(entries) = fs::read_dir(self.root.join(OBJECTS)) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if !live.contains(name.as_ref()) {
                // Best effort: a leftover object costs disk space, nothing else.
                let _ = fs::remove_file(entry.path());
            }
        }
    }

    /// Writes the current revision as a zip (manifest + objects) for servers that cannot reach
    /// the CMS, such as Edge servers. The file is owner-only (0600) from its first byte; the
    /// protected objects are sealed with the export password, or left out; the whole export
    /// (every entry's name and bytes) is authenticated with a key derived from the password.
    pub fn export(&self, out: &Path, secrets: &ExportSecrets) -> Result<ExportOutcome, StoreError> {
        let mut manifest = self.manifest()?;
        let protected: Vec<String> = manifest
            .documents
            .keys()
            .filter(|name| is_protected(name))
            .cloned()
            .collect();
        let left_out: Vec<String> = protected
            .iter()
            .filter(|name| !secrets.keeps(name))
            .cloned()
            .collect();
        for name in &left_out {
            manifest.documents.remove(name);
        }
        let (key, header) = super::seal::SealKey::create(&secrets.password);
        let mut entries: Vec<(String, Vec<u8>)> = vec![(MANIFEST.into(), manifest.to_bytes())];
        let mut json = serde_json::to_vec_pretty(&header).expect("a header serialises");
        json.push(b'\n');
        entries.push((SEALED_HEADER.into(), json));
        let mut sealed = 0;
        for (name, doc) in &manifest.documents {
            let bytes = self
                .document(name)?
                .expect("the document is in the manifest");
            if is_protected(name) {
                entries.push((
                    format!("{SEALED}/{}", doc.sha256),
                    key.seal(&doc.sha256, &bytes),
                ));
                sealed += 1;
            } else {
                entries.push((format!("{OBJECTS}/{}", doc.sha256), bytes));
            }
        }
        // Two documents with the same content are one object.
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|a, b| a.0 == b.0);
        let tag = key.authenticate(&authenticated_contents(&entries));
        let mut mac = serde_json::to_vec_pretty(&serde_json::json!({
            "algorithm": "HMAC-SHA256",
            "entries": entries.len(),
            "mac": tag,
        }))
        .expect("the authentication serialises");
        mac.push(b'\n');
        entries.push((EXPORT_MAC.into(), mac));

        let zip_error = |e: zip::result::ZipError| StoreError::Io {
            what: format!("cannot write {}", out.display()),
            source: std::io::Error::other(e),
        };
        let mut buffer = std::io::Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buffer);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .unix_permissions(0o600);
            for (name, bytes) in &entries {
                zip.start_file(name.as_str(), options).map_err(zip_error)?;
                zip.write_all(bytes)
                    .map_err(StoreError::io(format!("cannot write {}", out.display())))?;
            }
            zip.finish().map_err(zip_error)?;
        }
        atomic::write_private(out, buffer.get_ref())
            .map_err(StoreError::io(format!("cannot write {}", out.display())))?;
        Ok(ExportOutcome {
            revision: manifest.revision,
            documents: manifest.documents.len(),
            sealed,
            left_out: left_out.len(),
        })
    }
}

/// The entry of an export that authenticates all the others.
pub const EXPORT_MAC: &str = "export.mac";

/// What an export's authentication covers: every entry but [`EXPORT_MAC`], by name (sorted),
/// with its size and SHA-256 — a changed, added, removed or renamed entry changes it.
pub fn authenticated_contents(entries: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut sorted: Vec<&(String, Vec<u8>)> = entries.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let mut text = String::from("deploy-wizard export v1\n");
    for (name, bytes) in sorted {
        text.push_str(&format!("{name}\t{}\t{}\n", bytes.len(), sha256_hex(bytes)));
    }
    text.into_bytes()
}

/// What `cms export` does: the password that authenticates the export (and seals what it
/// keeps of the protected objects), and which protected objects it keeps.
#[derive(Debug, Clone)]
pub struct ExportSecrets {
    /// The export password.
    pub password: super::seal::ExportPassword,
    /// The protected objects kept (sealed).
    pub keep: KeepSecrets,
}

/// Which protected objects an export keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeepSecrets {
    /// Every one (a server that may become anything).
    All,
    /// None (`--without-secrets`).
    None,
    /// Only these documents (`--server`: what that server's roles use).
    Only(std::collections::BTreeSet<String>),
}

impl ExportSecrets {
    /// Whether the protected document `name` goes into the export.
    pub fn keeps(&self, name: &str) -> bool {
        match &self.keep {
            KeepSecrets::All => true,
            KeepSecrets::None => false,
            KeepSecrets::Only(names) => names.contains(name),
        }
    }
}

/// What an export holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExportOutcome {
    /// The revision exported.
    pub revision: u64,
    /// Documents in the export.
    pub documents: usize,
    /// Of which sealed with the export password.
    pub sealed: usize,
    /// Protected documents left out (`--without-secrets`).
    pub left_out: usize,
}
