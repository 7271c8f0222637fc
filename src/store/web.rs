//! The CMS as its host serves it over HTTPS, and the replication reports servers send back.
//!
//! `cms serve` makes `web/` beside the CMS: `cms.json`, `objects/<sha256>` for every public
//! document, and the protected ones (CA keys, the OAuthTokenIssuer PFX, service secrets) only
//! sealed, `sealed/<sha256>` with `sealed.json` (the same sealing as `cms export`), so what
//! nginx serves never holds a secret in clear. The replication password stays in
//! `web-seal.secret` (0600) so every later publication refreshes `web/` by itself; servers give
//! the same password to step 1. `web/` is refreshed objects first and `cms.json` last, so a
//! reader sees one revision whole.
//!
//! After each step 1 a server records the revision it holds in `replication/<fqdn>.json` of the
//! CMS (written directly on the CMS host, or PUT over HTTPS with the server's Default
//! certificate); `cms replication-status` compares them with the published revision.

use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::cms::{CentralStore, CmsManifest, SEALED, SEALED_HEADER, is_protected};
use super::seal::{ExportPassword, SealHeader, SealKey};
use super::{StoreError, is_safe_document_name};
use crate::atomic;

/// The directory nginx serves, beside the CMS's own files.
pub const WEB: &str = "web";
/// The replication password (0600), never served.
const SECRET: &str = "web-seal.secret";
/// Where servers' replication reports are kept.
pub const REPORTS: &str = "replication";
/// Largest replication report accepted (a report carries its sender's certificate chain).
pub const MAX_REPORT: u64 = 16384;

/// What a server reports after its step 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReplicaReport {
    /// The server's FQDN.
    pub server: String,
    /// The CMS revision its replica holds.
    pub revision: u64,
    /// When it replicated, as the server says (the CMS host believes its own clock: the
    /// report file's time).
    #[serde(with = "time::serde::rfc3339")]
    pub replicated_at: OffsetDateTime,
    /// A report sent over HTTPS: the sender's Default certificate and its chain (PEM), whose
    /// names must include `server`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<String>,
    /// A report sent over HTTPS: the signature of [`ReplicaReport::signed_bytes`] by that
    /// certificate's key (base64).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<String>,
}

impl ReplicaReport {
    /// What the sender signs: the server, the revision and its time, nothing else.
    pub fn signed_bytes(&self) -> Vec<u8> {
        format!(
            "deploy-wizard replication report v1\n{}\n{}\n{}\n",
            self.server,
            self.revision,
            self.replicated_at.unix_timestamp()
        )
        .into_bytes()
    }

    /// Parses a report (at most [`MAX_REPORT`] bytes), checking the server name.
    pub fn parse(bytes: &[u8]) -> Result<Self, String> {
        if bytes.len() as u64 > MAX_REPORT {
            return Err(format!("it is larger than {MAX_REPORT} bytes"));
        }
        let report: ReplicaReport = serde_json::from_slice(bytes).map_err(|e| e.to_string())?;
        crate::topology::normalize_dns_name(&report.server, false)
            .map_err(|e| format!("its server name is not a DNS name: {e}"))?;
        Ok(report)
    }

    /// The report as sent and stored.
    pub fn to_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a report serialises")
    }
}

/// One server's line of `cms replication-status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplicationLine {
    /// Server FQDN.
    pub server: String,
    /// The revision it last reported, if it ever did.
    pub revision: Option<u64>,
    /// Whether that is the published revision.
    pub up_to_date: bool,
    /// When it last replicated (when the CMS host received its report, by the host's clock).
    #[serde(with = "time::serde::rfc3339::option")]
    pub replicated_at: Option<OffsetDateTime>,
    /// A report received over HTTPS that was not believed, and why (not signed by a
    /// certificate naming this server, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
}

/// What `cms serve` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServeOutcome {
    /// The directory nginx serves.
    pub web: PathBuf,
    /// Public documents served.
    pub public: usize,
    /// Protected documents served sealed.
    pub sealed: usize,
}

impl CentralStore {
    /// Whether `cms serve` prepared this CMS for HTTPS.
    pub fn is_served(&self) -> bool {
        self.root().join(SECRET).is_file()
    }

    /// Prepares (or re-keys) `web/` with `password` as the replication password.
    pub fn serve(&self, password: &ExportPassword) -> Result<ServeOutcome, StoreError> {
        let _lock = crate::lock::lock(self.root()).map_err(StoreError::io(format!(
            "cannot lock the central management store {}",
            self.root().display()
        )))?;
        let web = self.root().join(WEB);
        // A new password: the previous sealed objects are of no use to anyone any more.
        let _ = fs::remove_dir_all(web.join(SEALED));
        let _ = fs::remove_file(web.join(SEALED_HEADER));
        let (_, header) = SealKey::create(password);
        for dir in [
            web.join("objects"),
            web.join(SEALED),
            self.root().join(REPORTS),
        ] {
            fs::create_dir_all(&dir)
                .map_err(StoreError::io(format!("cannot create {}", dir.display())))?;
        }
        let header_path = web.join(SEALED_HEADER);
        atomic::write(
            &header_path,
            &serde_json::to_vec_pretty(&header).expect("a header serialises"),
        )
        .map_err(StoreError::io(format!(
            "cannot write {}",
            header_path.display()
        )))?;
        let secret = self.root().join(SECRET);
        atomic::write_private(&secret, password.as_str().as_bytes())
            .map_err(StoreError::io(format!("cannot write {}", secret.display())))?;
        let manifest = self.manifest()?;
        self.refresh_web(&manifest, None)?;
        let sealed = manifest
            .documents
            .keys()
            .filter(|n| is_protected(n))
            .count();
        Ok(ServeOutcome {
            web,
            public: manifest.documents.len() - sealed,
            sealed,
        })
    }

    /// Brings `web/` to `manifest` (keeping `previous`'s objects for readers in the middle of
    /// it); does nothing when the CMS is not served.
    pub(crate) fn refresh_web(
        &self,
        manifest: &CmsManifest,
        previous: Option<&CmsManifest>,
    ) -> Result<(), StoreError> {
        if !self.is_served() {
            return Ok(());
        }
        let web = self.root().join(WEB);
        let error =
            |path: &std::path::Path| StoreError::io(format!("cannot write {}", path.display()));
        let mut key: Option<SealKey> = None;
        for (name, doc) in &manifest.documents {
            let source = self.object_path(&doc.sha256);
            if is_protected(name) {
                let target = web.join(SEALED).join(&doc.sha256);
                if target.is_file() {
                    continue;
                }
                if key.is_none() {
                    key = Some(self.web_key()?);
                }
                let plain = fs::read(&source)
                    .map_err(StoreError::io(format!("cannot read {}", source.display())))?;
                let sealed = key.as_ref().expect("set above").seal(&doc.sha256, &plain);
                atomic::write(&target, &sealed).map_err(error(&target))?;
            } else {
                let target = web.join("objects").join(&doc.sha256);
                if target.is_file() {
                    continue;
                }
                if fs::hard_link(&source, &target).is_err() {
                    fs::copy(&source, &target).map_err(error(&target))?;
                }
            }
        }
        let target = web.join("cms.json");
        // What a publication killed before its rename left (only the CMS lock's holder writes
        // here, and this one holds it).
        crate::lock::remove_orphan_temporaries(&web);
        atomic::write(&target, &manifest.to_bytes()).map_err(error(&target))?;
        let live: HashSet<&str> = std::iter::once(manifest)
            .chain(previous)
            .flat_map(|m| m.documents.values().map(|d| d.sha256.as_str()))
            .collect();
        for dir in [web.join("objects"), web.join(SEALED)] {
            for entry in fs::read_dir(&dir).into_iter().flatten().flatten() {
                if !live.contains(entry.file_name().to_string_lossy().as_ref()) {
                    // Best effort: a leftover object costs disk space, nothing else.
                    let _ = fs::remove_file(entry.path());
                }
            }
        }
        Ok(())
    }

    /// The sealing key, derived from the stored replication password and `web/sealed.json`.
    fn web_key(&self) -> Result<SealKey, StoreError> {
        let secret_path = self.root().join(SECRET);
        let secret = fs::read_to_string(&secret_path).map_err(StoreError::io(format!(
            "cannot read {}",
            secret_path.display()
        )))?;
        let password = ExportPassword::new(secret).map_err(StoreError::BadPassword)?;
        let header_path = self.root().join(WEB).join(SEALED_HEADER);
        let corrupt = |reason: String| StoreError::Corrupt {
            what: header_path.display().to_string(),
            reason,
        };
        let bytes = fs::read(&header_path).map_err(|e| corrupt(e.to_string()))?;
        let header: SealHeader =
            serde_json::from_slice(&bytes).map_err(|e| corrupt(e.to_string()))?;
        SealKey::open_header(&password, &header)
            .map_err(corrupt)?
            .ok_or_else(|| {
                corrupt(
                    "the stored replication password does not open it; run `cms serve` again"
                        .into(),
                )
            })
    }

    /// Records a server's report (on the CMS host; over HTTPS nginx writes the same file).
    pub fn record_report(&self, report: &ReplicaReport) -> Result<(), StoreError> {
        let dir = self.root().join(REPORTS);
        fs::create_dir_all(&dir)
            .map_err(StoreError::io(format!("cannot create {}", dir.display())))?;
        let path = dir.join(format!("{}.json", report.server));
        atomic::write(&path, &report.to_bytes())
            .map_err(StoreError::io(format!("cannot write {}", path.display())))
    }

    /// Every server of the published topology, with the revision it last reported (the newest
    /// report of `replication/` and of `more_reports`, where the HTTPS site keeps them). A
    /// report's time is when the CMS host received it (its file's time), never what it claims.
    /// Reports received over HTTPS are believed only when `verify` accepts them (signed by a
    /// certificate that names the server); a refused one is said on its server's line.
    pub fn replication_status(
        &self,
        more_reports: Option<&std::path::Path>,
        verify: &dyn Fn(&ReplicaReport) -> Result<(), String>,
    ) -> Result<(u64, Vec<ReplicationLine>), StoreError> {
        let manifest = self.manifest()?;
        let topology = match self.document(super::TOPOLOGY)? {
            Some(bytes) => crate::topology::parse_bytes(&bytes, "the published topology")?,
            None => return Ok((manifest.revision, Vec::new())),
        };
        let mut servers: Vec<&str> = Vec::new();
        for server in topology.server_fqdns() {
            if !servers.contains(&server) {
                servers.push(server);
            }
        }
        // A report file, parsed, for `server`, with its time on this host.
        let read = |dir: &std::path::Path,
                    server: &str|
         -> Option<Result<(ReplicaReport, OffsetDateTime), String>> {
            let path = dir.join(format!("{server}.json"));
            let received = fs::metadata(&path).ok()?.modified().ok()?;
            let bytes = crate::input::read_limited(&path, crate::input::InputKind::Secret).ok()?;
            Some(
                ReplicaReport::parse(&bytes)
                    .and_then(|report| {
                        if report.server == server {
                            Ok(report)
                        } else {
                            Err(format!("it is a report for {}", report.server))
                        }
                    })
                    .map(|report| (report, OffsetDateTime::from(received))),
            )
        };
        // The report as believed: dated when this host received it.
        let dated = |(report, received): (ReplicaReport, OffsetDateTime)| ReplicaReport {
            replicated_at: received,
            ..report
        };
        let mut reports: BTreeMap<String, ReplicaReport> = BTreeMap::new();
        let mut refused: BTreeMap<String, String> = BTreeMap::new();
        for server in servers.iter().filter(|s| is_safe_document_name(s)) {
            // Written on this host (or by a server that writes the CMS directory itself).
            let direct = read(&self.root().join(REPORTS), server)
                .and_then(Result::ok)
                .map(dated);
            // Verified as it was signed (with the time it claims), then dated by this host.
            let served = match more_reports.and_then(|dir| read(dir, server)) {
                Some(Ok(received)) => match verify(&received.0) {
                    Ok(()) => Some(dated(received)),
                    Err(reason) => {
                        refused.insert(server.to_string(), reason);
                        None
                    }
                },
                Some(Err(reason)) => {
                    refused.insert(server.to_string(), reason);
                    None
                }
                None => None,
            };
            let newest = match (direct, served) {
                (Some(a), Some(b)) => Some(if a.replicated_at >= b.replicated_at {
                    a
                } else {
                    b
                }),
                (a, b) => a.or(b),
            };
            if let Some(report) = newest {
                reports.insert(server.to_string(), report);
            }
        }
        let lines = servers
            .into_iter()
            .map(|server| {
                let report = reports.get(server);
                ReplicationLine {
                    server: server.to_string(),
                    revision: report.map(|r| r.revision),
                    up_to_date: report.is_some_and(|r| r.revision == manifest.revision),
                    replicated_at: report.map(|r| r.replicated_at),
                    refused: refused.get(server).cloned(),
                }
            })
            .collect();
        Ok((manifest.revision, lines))
    }
}
