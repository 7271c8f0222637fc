//! Replication reports: after step 1 a server tells the CMS which revision it holds (the
//! product's replica status), and `cms replication-status` reads them on the CMS host.

use time::OffsetDateTime;

use crate::cert::Usage;
use crate::data_dir::DataDir;
use crate::log::Reason;
use crate::store::{CentralStore, CmsSource, ReplicaReport};

/// Sends (or, on the CMS host, writes) this server's report; says what happened. A report that
/// cannot be sent does not fail step 1: the replica is installed either way.
pub(super) fn report(data: &DataDir, source: &CmsSource, server: &str, revision: u64) -> Reason {
    let report = ReplicaReport {
        server: server.to_string(),
        revision,
        replicated_at: OffsetDateTime::now_utc(),
    };
    match source {
        CmsSource::Directory(dir) => {
            match CentralStore::open(dir).and_then(|cms| cms.record_report(&report)) {
                Ok(()) => {
                    Reason::new("said-replication-reported").with("cms", dir.display().to_string())
                }
                Err(error) => Reason::new("said-replication-not-reported")
                    .with("cms", dir.display().to_string())
                    .with("reason", error.to_string()),
            }
        }
        CmsSource::Https { url, roots, .. } => {
            let not = |reason: String| {
                Reason::new("said-replication-not-reported")
                    .with("cms", url.clone())
                    .with("reason", reason)
            };
            let identity = match default_identity(data) {
                Ok(Some(identity)) => identity,
                Ok(None) => {
                    return not(
                        "this server has no Default certificate yet to prove who it is; step 1 reports after step 3".into(),
                    );
                }
                Err(reason) => return not(reason),
            };
            let extra = match roots {
                Some(path) => {
                    match crate::input::read_limited(path, crate::input::InputKind::Roots)
                        .map_err(|e| e.to_string())
                        .and_then(|bytes| pem::parse_many(&bytes).map_err(|e| e.to_string()))
                    {
                        Ok(blocks) => blocks.into_iter().map(pem::Pem::into_contents).collect(),
                        Err(reason) => return not(reason),
                    }
                }
                None => Vec::new(),
            };
            let mut trusted = extra;
            if let Ok(Some(replica)) = crate::store::LocalConfigurationStore::open(data) {
                trusted
                    .extend(crate::cert::query::trusted_roots(data, &replica).unwrap_or_default());
            }
            let agent = crate::https::agent_with_identity(&trusted, Some(&identity));
            let target = format!("{url}{}/{server}.json", crate::store::REPORTS);
            match crate::https::put(
                &agent,
                &target,
                &report.to_bytes(),
                "the CMS host's certificate must chain to a root this server trusts",
            ) {
                Ok(()) => Reason::new("said-replication-reported").with("cms", url.clone()),
                Err(reason) => not(reason),
            }
        }
        CmsSource::Export { path, .. } => Reason::new("said-replication-not-reported")
            .with("cms", path.display().to_string())
            .with(
                "reason",
                "an export is read offline; nothing to report to".to_string(),
            ),
    }
}

/// This server's Default certificate and key, to present to the CMS host.
fn default_identity(data: &DataDir) -> Result<Option<crate::https::ClientIdentity>, String> {
    let current = crate::cert::assign::current_thumbprints(data).map_err(|e| e.to_string())?;
    let Some(thumb) = current.get(&Usage::Default) else {
        return Ok(None);
    };
    let store = crate::cert::store::CertStore::open(data);
    let Some(key) = store.key(thumb).map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    let mut chain = vec![store.leaf(thumb).map_err(|e| e.to_string())?];
    chain.extend(store.chain(thumb).map_err(|e| e.to_string())?);
    Ok(Some(crate::https::ClientIdentity {
        chain,
        key_pkcs8: key,
    }))
}
