//! The local configuration store: this server's read-only replica of one CMS revision.
//!
//! Install stages a complete replica in `replica.staging-*`, verifies it, then swaps it in with
//! two renames (`replica` → `replica.previous`, staging → `replica`). Opening the store first
//! repairs an interrupted swap, so after a crash the replica is the old revision or the new one,
//! never a mix.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::cms::{DocumentRef, TOPOLOGY};
use super::source::CmsSource;
use super::{StoreError, sha256_hex};
use crate::atomic;
use crate::data_dir::DataDir;
use crate::log::{Reason, Refusal, RunLog};
use crate::topology::{self, MachineIdentity, ServerPlace, Topology};

const MANIFEST: &str = "replica.json";

/// What the replica holds and where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReplicaManifest {
    /// CMS revision replicated.
    pub revision: u64,
    /// When the CMS published that revision.
    #[serde(with = "time::serde::rfc3339")]
    pub published_at: OffsetDateTime,
    /// When step 1 installed it here.
    #[serde(with = "time::serde::rfc3339")]
    pub installed_at: OffsetDateTime,
    /// Where it was read from.
    pub source: String,
    /// The topology server this machine is.
    pub server: String,
    /// Documents with their hashes.
    pub documents: BTreeMap<String, DocumentRef>,
}

/// An installed replica.
#[derive(Debug, Clone)]
pub struct LocalConfigurationStore {
    dir: PathBuf,
    manifest: ReplicaManifest,
}

impl LocalConfigurationStore {
    /// Opens the replica if step 1 has run, repairing an interrupted install first.
    pub fn open(data: &DataDir) -> Result<Option<Self>, StoreError> {
        recover(data)?;
        let dir = data.replica();
        let path = dir.join(MANIFEST);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(StoreError::io(format!("cannot read {}", path.display()))(e)),
        };
        let manifest = serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
            what: path.display().to_string(),
            reason: format!("{e}; run step 1 again to reinstall the local configuration store"),
        })?;
        Ok(Some(LocalConfigurationStore { dir, manifest }))
    }

    /// Opens the replica, or says that step 1 must run first.
    pub fn require(data: &DataDir) -> Result<Self, StoreError> {
        Self::open(data)?.ok_or(StoreError::NoReplica)
    }

    /// What the replica holds.
    pub fn manifest(&self) -> &ReplicaManifest {
        &self.manifest
    }

    /// A replicated document, verified against its recorded hash.
    pub fn document(&self, name: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let Some(doc) = self.manifest.documents.get(name) else {
            return Ok(None);
        };
        let path = self.dir.join(name);
        let bytes =
            fs::read(&path).map_err(StoreError::io(format!("cannot read {}", path.display())))?;
        let actual = sha256_hex(&bytes);
        if actual != doc.sha256 {
            return Err(StoreError::HashMismatch {
                document: name.to_string(),
                source_name: "the local configuration store".into(),
                expected: doc.sha256.clone(),
                actual,
            });
        }
        Ok(Some(bytes))
    }

    /// The A/V Edge's TURN secret, if the CMS published one (hex, at least 32 characters).
    pub fn turn_secret(&self) -> Result<Option<String>, StoreError> {
        self.hex_secret(super::TURN_SECRET_DOC)
    }

    /// The password of the Persistent Chat store's role, if the CMS published one.
    pub fn chat_store_secret(&self) -> Result<Option<String>, StoreError> {
        self.hex_secret(super::CHAT_STORE_SECRET_DOC)
    }

    fn hex_secret(&self, name: &str) -> Result<Option<String>, StoreError> {
        Ok(self.document(name)?.and_then(|bytes| {
            let text = String::from_utf8(bytes).ok()?;
            let secret = text.trim();
            (secret.len() >= 32 && secret.chars().all(|c| c.is_ascii_hexdigit()))
                .then(|| secret.to_string())
        }))
    }

    /// The replicated topology.
    pub fn topology(&self) -> Result<Topology, StoreError> {
        let bytes = self
            .document(TOPOLOGY)?
            .ok_or_else(|| StoreError::Corrupt {
                what: "the local configuration store".into(),
                reason: "it holds no topology; publish one and run step 1 again".into(),
            })?;
        let text = String::from_utf8(bytes).map_err(|_| StoreError::Corrupt {
            what: "the replicated topology".into(),
            reason: "it is not UTF-8".into(),
        })?;
        Ok(topology::parse(&text, "the replicated topology")?)
    }

    /// Where this server stands in the replicated topology.
    pub fn this_server(&self) -> Result<ServerPlace, StoreError> {
        let topology = self.topology()?;
        topology::find_this_server(
            &topology,
            Some(&self.manifest.server),
            &MachineIdentity::detect(),
        )
        .map_err(StoreError::NotInTopology)
    }
}

/// What step 1 did.
#[derive(Debug, Clone, Serialize)]
pub struct InstallReport {
    /// Revision now installed.
    pub revision: u64,
    /// Revision installed before, if any.
    pub previous_revision: Option<u64>,
    /// Where it came from.
    pub source: String,
    /// This server.
    pub server: ServerPlace,
    /// Number of documents replicated.
    pub documents: usize,
    /// Whether the CMS received this server's replication report (set by the deployment
    /// command after the replica is installed).
    pub reported: bool,
}

/// Step 1: installs (or updates) the local configuration store from `source`. On any failure
/// the previous replica stays as it was.
pub fn install(
    data: &DataDir,
    source: &CmsSource,
    server: Option<&str>,
    allow_older: bool,
    machine: &MachineIdentity,
    log: &mut RunLog,
) -> Result<InstallReport, StoreError> {
    data.ensure().map_err(StoreError::io(format!(
        "cannot create {}",
        data.root().display()
    )))?;
    let previous = LocalConfigurationStore::open(data).ok().flatten();
    log.tell(Reason::new("said-cms-reading").with("cms", source.describe()));
    let super::source::Revision {
        manifest,
        documents,
    } = source.read_revision()?;
    log.tell(
        Reason::new("said-cms-revision")
            .with("revision", manifest.revision)
            .with(
                "published",
                manifest
                    .published_at
                    .format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default(),
            )
            .with("count", documents.len()),
    );
    // An older revision than the replica's would roll this server back (an old export, a CMS
    // restored from an old copy): refused unless asked for.
    if let Some(replica) = previous.as_ref().map(|p| p.manifest.revision)
        && manifest.revision < replica
        && !allow_older
    {
        return Err(StoreError::OlderRevision {
            source_name: source.describe(),
            revision: manifest.revision,
            replica,
        });
    }
    for (name, bytes) in &documents {
        log.tell(
            Reason::new("said-document-verified")
                .with("document", name)
                .with("count", bytes.len())
                .with("sha256", sha256_hex(bytes)),
        );
    }
    let topology_bytes = documents
        .iter()
        .find(|(name, _)| name == TOPOLOGY)
        .map(|(_, bytes)| bytes)
        .ok_or_else(|| {
            StoreError::from(Refusal::new(
                format!(
                    "the central management store at {} has no published topology; publish one with `deploy-wizard cms publish`",
                    source.describe()
                ),
                Reason::new("why-cms-no-topology").with("source", source.describe()),
            ))
        })?;
    let text = String::from_utf8(topology_bytes.clone()).map_err(|_| StoreError::Corrupt {
        what: format!("the topology in {}", source.describe()),
        reason: "it is not UTF-8".into(),
    })?;
    let topology = topology::parse(&text, &format!("the topology in {}", source.describe()))?;
    let server_choice = server.or(previous.as_ref().map(|p| p.manifest.server.as_str()));
    let place = topology::find_this_server(&topology, server_choice, machine)
        .map_err(StoreError::NotInTopology)?;
    log.tell(
        Reason::new("said-this-server")
            .with("server", &place.server)
            .with("pool", &place.pool)
            .with("site", &place.site)
            .with("roles", place.roles.join(", "))
            .with(
                "by",
                match place.matched_by.as_str() {
                    "--server" => "option",
                    "machine FQDN" => "fqdn",
                    _ => "short",
                },
            ),
    );

    let replica_manifest = ReplicaManifest {
        revision: manifest.revision,
        published_at: manifest.published_at,
        installed_at: OffsetDateTime::now_utc(),
        source: source.describe(),
        server: place.server.clone(),
        documents: manifest.documents.clone(),
    };
    let staging = data
        .root()
        .join(format!("replica.staging-{}", atomic::random_suffix()));
    let staged = stage(&staging, &replica_manifest, &documents);
    if let Err(error) = staged {
        let _ = remove_tree(&staging);
        return Err(error);
    }
    if log.cancelled() {
        let _ = remove_tree(&staging);
        return Err(StoreError::from(Refusal::new(
            "cancelled by the administrator before the new replica was swapped in; the previous local configuration store is unchanged",
            Reason::new("why-store-install-cancelled"),
        )));
    }
    swap_in(data, &staging)?;
    match &previous {
        Some(old) if old.manifest.revision == manifest.revision => {
            log.tell(Reason::new("said-replica-reinstalled").with("revision", manifest.revision))
        }
        Some(old) => log.tell(
            Reason::new("said-replica-updated")
                .with("from", old.manifest.revision)
                .with("revision", manifest.revision),
        ),
        None => log.tell(Reason::new("said-replica-installed").with("revision", manifest.revision)),
    }
    Ok(InstallReport {
        revision: manifest.revision,
        previous_revision: previous.map(|p| p.manifest.revision),
        source: source.describe(),
        server: place,
        documents: documents.len(),
        reported: false,
    })
}

fn stage(
    staging: &Path,
    manifest: &ReplicaManifest,
    documents: &[(String, Vec<u8>)],
) -> Result<(), StoreError> {
    let io = |what: &Path| StoreError::io(format!("cannot write {}", what.display()));
    fs::create_dir_all(staging).map_err(io(staging))?;
    for (name, bytes) in documents {
        let path = staging.join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io(parent))?;
        }
        let mode = if super::cms::is_protected(name) {
            0o400
        } else {
            0o444
        };
        atomic::write_with_mode(&path, bytes, mode).map_err(io(&path))?;
    }
    let mut bytes = serde_json::to_vec_pretty(manifest).expect("a replica manifest serialises");
    bytes.push(b'\n');
    let path = staging.join(MANIFEST);
    atomic::write_with_mode(&path, &bytes, 0o444).map_err(io(&path))?;
    set_tree_read_only(staging).map_err(io(staging))
}

/// `replica` → `replica.previous`, staging → `replica`, then drop the previous one.
fn swap_in(data: &DataDir, staging: &Path) -> Result<(), StoreError> {
    let replica = data.replica();
    let previous = previous_dir(data);
    let io = |what: &str| StoreError::io(format!("cannot {what}"));
    if previous.exists() {
        remove_tree(&previous).map_err(io("remove an old replica.previous"))?;
    }
    atomic::crash_point();
    if replica.exists() {
        fs::rename(&replica, &previous).map_err(io("set the current replica aside"))?;
    }
    atomic::crash_point();
    if let Err(error) = fs::rename(staging, &replica) {
        // Put the old replica back before reporting.
        let _ = fs::rename(&previous, &replica);
        let _ = remove_tree(staging);
        return Err(io("swap in the new replica")(error));
    }
    atomic::sync_dir(data.root()).map_err(io("flush the data directory"))?;
    if previous.exists() {
        // Best effort: a leftover previous replica is removed at the next open.
        let _ = remove_tree(&previous);
    }
    Ok(())
}

fn previous_dir(data: &DataDir) -> PathBuf {
    data.root().join("replica.previous")
}

/// Repairs what an interrupted install left: restores `replica.previous` when `replica` is
/// missing, and removes stale staging directories.
fn recover(data: &DataDir) -> Result<(), StoreError> {
    let replica = data.replica();
    let previous = previous_dir(data);
    let staging_left = fs::read_dir(data.root()).is_ok_and(|entries| {
        entries.flatten().any(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("replica.staging-")
        })
    });
    if !previous.exists() && !staging_left {
        return Ok(());
    }
    // Only under the data dir lock: an install in progress in another process holds it.
    let _lock =
        crate::lock::lock(data.root()).map_err(StoreError::io("cannot lock the data directory"))?;
    if previous.exists() {
        if replica.exists() {
            let _ = remove_tree(&previous);
        } else {
            fs::rename(&previous, &replica).map_err(StoreError::io(
                "cannot restore the previous local configuration store",
            ))?;
        }
    }
    if let Ok(entries) = fs::read_dir(data.root()) {
        for entry in entries.flatten() {
            if entry
                .file_name()
                .to_string_lossy()
                .starts_with("replica.staging-")
            {
                let _ = remove_tree(&entry.path());
            }
        }
    }
    Ok(())
}

/// Every directory of the replica read-only; the ones under `protected/` (the lab CA key)
/// owner-only as well.
fn set_tree_read_only(dir: &Path) -> std::io::Result<()> {
    fn walk(dir: &Path, protected: bool) -> std::io::Result<()> {
        for entry in fs::read_dir(dir)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                walk(&entry.path(), protected || entry.file_name() == "protected")?;
            }
        }
        set_mode(dir, if protected { 0o500 } else { 0o555 })
    }
    walk(dir, false)
}

/// Removes a tree that may be read-only.
pub(crate) fn remove_tree(dir: &Path) -> std::io::Result<()> {
    if !dir.exists() {
        return Ok(());
    }
    make_writable(dir)?;
    fs::remove_dir_all(dir)
}

fn make_writable(dir: &Path) -> std::io::Result<()> {
    set_mode(dir, 0o755)?;
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_type()?.is_dir() {
            make_writable(&entry.path())?;
        }
    }
    Ok(())
}

fn set_mode(path: &Path, mode: u32) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(mode))
    }
    #[cfg(not(unix))]
    {
        let mut permissions = fs::metadata(path)?.permissions();
        permissions.set_readonly(mode & 0o200 == 0);
        fs::set_permissions(path, permissions)
    }
}
