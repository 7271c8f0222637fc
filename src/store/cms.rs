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
    /// protected objects are sealed with the export password, or left out.
    pub fn export(&self, out: &Path, secrets: &ExportSecrets) -> Result<ExportOutcome, StoreError> {
        let mut manifest = self.manifest()?;
        let protected: Vec<String> = manifest
            .documents
            .keys()
            .filter(|name| is_protected(name))
            .cloned()
            .collect();
        let key = match secrets {
            ExportSecrets::Sealed(password) if !protected.is_empty() => {
                Some(super::seal::SealKey::create(password))
            }
            ExportSecrets::Sealed(_) => None,
            ExportSecrets::Without => {
                for name in &protected {
                    manifest.documents.remove(name);
                }
                None
            }
        };
        let write_error = StoreError::io(format!("cannot write {}", out.display()));
        let zip_error = |e: zip::result::ZipError| StoreError::Io {
            what: format!("cannot write {}", out.display()),
            source: std::io::Error::other(e),
        };
        let mut buffer = std::io::Cursor::new(Vec::new());
        let mut sealed = 0;
        {
            let mut zip = zip::ZipWriter::new(&mut buffer);
            let options = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .unix_permissions(0o600);
            let mut add = |name: &str, bytes: &[u8]| -> Result<(), StoreError> {
                zip.start_file(name, options).map_err(zip_error)?;
                zip.write_all(bytes)
                    .map_err(StoreError::io(format!("cannot write {}", out.display())))
            };
            add(MANIFEST, &manifest.to_bytes())?;
            if let Some((_, header)) = &key {
                let mut json = serde_json::to_vec_pretty(header).expect("a header serialises");
                json.push(b'\n');
                add(SEALED_HEADER, &json)?;
            }
            for (name, doc) in &manifest.documents {
                let bytes = self
                    .document(name)?
                    .expect("the document is in the manifest");
                match &key {
                    Some((key, _)) if is_protected(name) => {
                        add(
                            &format!("{SEALED}/{}", doc.sha256),
                            &key.seal(&doc.sha256, &bytes),
                        )?;
                        sealed += 1;
                    }
                    _ => add(&format!("{OBJECTS}/{}", doc.sha256), &bytes)?,
                }
            }
            zip.finish().map_err(zip_error)?;
        }
        atomic::write_private(out, buffer.get_ref()).map_err(write_error)?;
        Ok(ExportOutcome {
            revision: manifest.revision,
            documents: manifest.documents.len(),
            sealed,
            left_out: if matches!(secrets, ExportSecrets::Without) {
                protected.len()
            } else {
                0
            },
        })
    }
}

/// What `cms export` does with the protected objects.
#[derive(Debug, Clone)]
pub enum ExportSecrets {
    /// Sealed with a key derived from this password.
    Sealed(super::seal::ExportPassword),
    /// Left out (an Edge server needs none of them).
    Without,
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
