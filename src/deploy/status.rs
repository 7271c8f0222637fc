//! The System page and `status`: each step's state, computed from the step records, the
//! replica, and the CMS's current revision.

use serde::Serialize;
use time::OffsetDateTime;

use super::state::{StepId, StepStates};
use crate::data_dir::DataDir;
use crate::log::{Outcome, Reason, Refusal};
use crate::settings::Settings;
use crate::store::{CmsSource, LocalConfigurationStore};

/// A step's state as shown on its card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum StepStatus {
    /// Done, and up to date with the replica.
    Complete,
    /// Never run.
    NotRun,
    /// The last run failed.
    Failed,
    /// Part of the work is done (some usages lack a certificate, some services are down).
    Partial,
    /// Done, but the replica (or, for step 1, the CMS) has changed since.
    NeedsRerun,
}

/// One step card.
#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    /// Which step.
    pub step: StepId,
    /// 1 to 4.
    pub number: u8,
    /// English title.
    pub title: &'static str,
    /// State.
    pub status: StepStatus,
    /// Why, when the state needs explaining.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The same detail as data, for the faces to word.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<Reason>,
    /// Why the step cannot run yet (step 4 before steps 2 and 3), when it cannot.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blocked: Option<Reason>,
    /// Last run id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_run: Option<String>,
}

/// The replica as the status shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ReplicaView {
    /// Revision installed.
    pub revision: u64,
    /// This server.
    pub server: String,
    /// Source it came from.
    pub source: String,
    /// When it was installed.
    #[serde(with = "time::serde::rfc3339")]
    pub installed_at: OffsetDateTime,
    /// How many servers this server's pool has (Pool Status is offered from two on).
    pub pool_servers: usize,
}

/// The CMS as the status sees it.
#[derive(Debug, Clone, Serialize)]
pub struct CmsView {
    /// Location.
    pub location: String,
    /// Its current revision, if it could be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<u64>,
    /// Why it could not be read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Not asked yet ([`local_status`]): its revision is still being read.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub checking: bool,
}

/// Everything `status` prints.
#[derive(Debug, Clone, Serialize)]
pub struct SystemStatus {
    /// Data directory.
    pub data_dir: String,
    /// Installed replica.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replica: Option<ReplicaView>,
    /// The CMS step 1 reads from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cms: Option<CmsView>,
    /// The four steps.
    pub steps: Vec<StepView>,
    /// Files and directories readable by others than the owner that should not be.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub permission_warnings: Vec<String>,
    /// Protected documents (secrets) this server holds that none of its roles uses.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unused_secrets: Vec<String>,
}

/// Private keys, ACME accounts and the data dir itself must be owner-only; anything looser is
/// named so the administrator can fix it (`chmod go-rwx`).
pub fn permission_warnings(data: &DataDir) -> Vec<String> {
    let mut warnings = Vec::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The data directory may be traversable by others (step 2 makes it 0711 so that the
        // services' users reach their install path): only reading or writing it is named.
        if let Ok(meta) = std::fs::metadata(data.root()) {
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o066 != 0 {
                warnings.push(format!(
                    "the data directory {} can be listed or written by others (mode {mode:o}); run chmod go-rw on it (others may keep x: the services' users pass through it to their install path)",
                    data.root().display()
                ));
            }
        }
        let mut check = |path: &std::path::Path, what: &str| {
            if let Ok(meta) = std::fs::metadata(path) {
                let mode = meta.permissions().mode() & 0o777;
                if mode & 0o077 != 0 {
                    warnings.push(format!(
                        "{what} {} is readable by others (mode {mode:o}); run chmod go-rwx on it",
                        path.display()
                    ));
                }
            }
        };
        for (dir, file, what) in [
            ("certs", "key.pem", "private key"),
            ("requests", "key.pem", "pending request key"),
        ] {
            if let Ok(entries) = std::fs::read_dir(data.root().join(dir)) {
                for entry in entries.flatten() {
                    check(&entry.path().join(file), what);
                }
            }
        }
        if let Ok(entries) = std::fs::read_dir(data.root().join("acme")) {
            for entry in entries.flatten() {
                check(&entry.path(), "ACME account key");
            }
        }
        // The replicated lab CA keys: owner-only, like every protected document.
        let mut protected = Vec::new();
        collect_files(&data.replica().join("protected"), &mut protected);
        for path in &protected {
            check(path, "replicated CA key");
        }
        // The replica is read-only: a file someone made writable is named.
        let mut files = Vec::new();
        collect_files(&data.replica(), &mut files);
        for path in files {
            if let Ok(meta) = std::fs::metadata(&path) {
                let mode = meta.permissions().mode() & 0o777;
                if mode & 0o222 != 0 {
                    warnings.push(format!(
                        "{} in the local configuration store is writable (mode {mode:o}); the replica is read-only: run step 1 again to restore it",
                        path.display()
                    ));
                }
            }
        }
    }
    warnings
}

/// Every file under `dir`, recursively (nothing when it does not exist).
#[cfg(unix)]
fn collect_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if entry.file_type().is_ok_and(|t| t.is_dir()) {
                collect_files(&path, out);
            } else {
                out.push(path);
            }
        }
    }
}

/// Step 3 is Complete when every usage this server needs has a valid current certificate.
fn certificates_status(data: &DataDir) -> (StepStatus, Option<Refusal>) {
    use crate::cert::query::{UsageState, usage_statuses};
    let Ok(rows) = usage_statuses(data) else {
        return (StepStatus::NotRun, None);
    };
    let good = |r: &&crate::cert::query::UsageStatus| {
        matches!(r.state, UsageState::Valid | UsageState::Expiring)
    };
    let lacking: Vec<&str> = rows
        .iter()
        .filter(|r| !good(r))
        .map(|r| r.usage.as_str())
        .collect();
    // A renewal that failed: the certificates in use still serve, but the step is not what it
    // should be until a renewal succeeds.
    let renewal_failed: Vec<&crate::cert::query::UsageStatus> =
        rows.iter().filter(|r| r.renewal_failed.is_some()).collect();
    if rows.iter().all(|r| r.state == UsageState::Missing) {
        (StepStatus::NotRun, None)
    } else if !renewal_failed.is_empty() {
        let usages = renewal_failed
            .iter()
            .map(|r| r.usage.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let parts = renewal_failed
            .iter()
            .map(|r| {
                Reason::new("why-usage-renewal-failed")
                    .with("usage", r.usage)
                    .with(
                        "date",
                        r.not_after
                            .map(|t| t.date().to_string())
                            .unwrap_or_default(),
                    )
                    .with_parts(vec![r.renewal_failed_why.clone().unwrap_or_else(|| {
                        Reason::new("why-detail")
                            .with("detail", r.renewal_failed.clone().unwrap_or_default())
                    })])
            })
            .collect();
        let failed = Refusal::new(
            format!("renewal failed for {usages}; the certificates in use still serve"),
            Reason::new("why-step-renewal-failed")
                .with("usages", usages)
                .with_parts(parts),
        );
        // Usages without a valid certificate are said first, on a line of their own.
        let said = if lacking.is_empty() {
            failed
        } else {
            let missing = Reason::new("why-step-no-certificate").with("usages", lacking.join(", "));
            Refusal::new(
                format!(
                    "no valid certificate for: {}; {}",
                    lacking.join(", "),
                    failed.english
                ),
                Reason::new("why-step-problems").with_parts(vec![missing, failed.why]),
            )
        };
        (StepStatus::Partial, Some(said))
    } else if lacking.is_empty() {
        let expiring: Vec<&str> = rows
            .iter()
            .filter(|r| r.state == UsageState::Expiring)
            .map(|r| r.usage.as_str())
            .collect();
        let detail = (!expiring.is_empty()).then(|| {
            Refusal::new(
                format!("expiring within 30 days: {}", expiring.join(", ")),
                Reason::new("why-step-expiring").with("usages", expiring.join(", ")),
            )
        });
        (StepStatus::Complete, detail)
    } else {
        (
            StepStatus::Partial,
            Some(Refusal::new(
                format!("no valid certificate for: {}", lacking.join(", ")),
                Reason::new("why-step-no-certificate").with("usages", lacking.join(", ")),
            )),
        )
    }
}

/// Step 4 starts what step 2 installed with the certificates of step 3: until step 2 has run
/// and every component's certificates can be had (step 3 Complete or Partial), it waits.
fn block_services_until_ready(steps: &mut [StepView]) {
    let status_of = |steps: &[StepView], id: StepId| {
        steps
            .iter()
            .find(|s| s.step == id)
            .map(|s| s.status)
            .unwrap_or(StepStatus::NotRun)
    };
    let components = status_of(steps, StepId::Components);
    let certificates = status_of(steps, StepId::Certificates);
    let missing: Vec<u8> = [
        (
            StepId::Components,
            !matches!(components, StepStatus::NotRun | StepStatus::Failed),
        ),
        (
            StepId::Certificates,
            matches!(certificates, StepStatus::Complete | StepStatus::Partial),
        ),
    ]
    .into_iter()
    .filter(|(_, ready)| !ready)
    .map(|(id, _)| id.number())
    .collect();
    if missing.is_empty() {
        return;
    }
    if let Some(services) = steps.iter_mut().find(|s| s.step == StepId::Services) {
        services.blocked = Some(
            Reason::new("why-step4-blocked")
                .with("count", missing.len())
                .with(
                    "steps",
                    missing
                        .iter()
                        .map(u8::to_string)
                        .collect::<Vec<_>>()
                        .join(" & "),
                ),
        );
    }
}

/// Computes the state of every step.
pub fn system_status(data: &DataDir) -> SystemStatus {
    status(data, true)
}

/// [`system_status`] without asking the CMS its revision (which may wait on the network): what
/// the window shows at once while the full status is read off its thread.
pub fn local_status(data: &DataDir) -> SystemStatus {
    status(data, false)
}

fn status(data: &DataDir, ask_cms: bool) -> SystemStatus {
    let settings = Settings::load(data);
    let states = StepStates::load(data);
    let replica = LocalConfigurationStore::open(data);
    let replica_view = replica.as_ref().ok().and_then(Option::as_ref).map(|r| {
        let m = r.manifest();
        ReplicaView {
            revision: m.revision,
            server: m.server.clone(),
            source: m.source.clone(),
            installed_at: m.installed_at,
            pool_servers: r.this_server().map_or(0, |place| place.pool_servers.len()),
        }
    });
    let cms = settings.cms.as_ref().map(|location| {
        if !ask_cms {
            return CmsView {
                location: location.clone(),
                revision: None,
                error: None,
                checking: true,
            };
        }
        let revision = CmsSource::from_cms_location(location, settings.cms_root.clone())
            .and_then(|source| source.open()?.manifest());
        match revision {
            Ok(manifest) => CmsView {
                location: location.clone(),
                revision: Some(manifest.revision),
                error: None,
                checking: false,
            },
            Err(error) => CmsView {
                location: location.clone(),
                revision: None,
                error: Some(error.to_string()),
                checking: false,
            },
        }
    });
    let replica_revision = replica_view.as_ref().map(|r| r.revision);
    let steps = StepId::ALL
        .iter()
        .map(|&step| {
            let record = states.as_ref().ok().and_then(|s| s.steps.get(&step));
            let (status, detail) = match (step, record) {
                (_, Some(r)) if r.last_outcome == Outcome::Failed => (
                    StepStatus::Failed,
                    Some(match (step, replica_revision) {
                        (StepId::LocalStore, Some(rev)) => Refusal::new(
                            format!(
                                "the last run failed; the local configuration store still holds revision {rev}"
                            ),
                            Reason::new("why-step-failed-replica").with("revision", rev),
                        ),
                        _ => Refusal::new(
                            "the last run failed; see its log",
                            Reason::new("why-step-failed"),
                        ),
                    }),
                ),
                (StepId::LocalStore, _) => match (replica_revision, &cms) {
                    (None, _) => (StepStatus::NotRun, None),
                    (Some(rev), Some(CmsView { revision: Some(cms_rev), .. })) if *cms_rev != rev => (
                        StepStatus::NeedsRerun,
                        Some(Refusal::new(
                            format!(
                                "the central management store is at revision {cms_rev}; this server has revision {rev}"
                            ),
                            Reason::new("why-step-cms-newer")
                                .with("cms", cms_rev)
                                .with("here", rev),
                        )),
                    ),
                    (Some(_), Some(CmsView { error: Some(error), .. })) => (
                        StepStatus::Complete,
                        Some(Refusal::new(
                            format!("could not check the central management store: {error}"),
                            Reason::new("why-step-cms-unreachable").with("detail", error),
                        )),
                    ),
                    (Some(_), _) => (StepStatus::Complete, None),
                },
                (StepId::Certificates, _) => certificates_status(data),
                (_, None) => (StepStatus::NotRun, None),
                (_, Some(r)) if r.succeeded_revision != replica_revision => (
                    StepStatus::NeedsRerun,
                    Some(Refusal::new(
                        format!(
                            "the local configuration store changed to revision {} since this step last ran",
                            replica_revision.map_or("none".into(), |r| r.to_string())
                        ),
                        Reason::new("why-step-replica-changed").with(
                            "revision",
                            replica_revision.map_or("-".into(), |r| r.to_string()),
                        ),
                    )),
                ),
                (StepId::Services, Some(_)) if !crate::services::down(data).is_empty() => (
                    StepStatus::Partial,
                    Some(Refusal::new(
                        format!(
                            "not running: {}; run step 4 to start them",
                            crate::services::down(data).join(", ")
                        ),
                        Reason::new("why-step-services-down")
                            .with("services", crate::services::down(data).join(", ")),
                    )),
                ),
                (_, Some(r)) if r.last_outcome == Outcome::Warning => (
                    StepStatus::Partial,
                    Some(Refusal::new(
                        "the last run finished with warnings; see its log",
                        Reason::new("why-step-warnings"),
                    )),
                ),
                (_, Some(_)) => (StepStatus::Complete, None),
            };
            let (detail, why) = match (&states, step, detail) {
                (Err(error), StepId::LocalStore, _) => (Some(error.to_string()), None),
                (_, _, Some(said)) => (Some(said.english), Some(said.why)),
                (_, _, None) => (None, None),
            };
            StepView {
                step,
                number: step.number(),
                title: step.title(),
                status,
                detail,
                why,
                blocked: None,
                last_run: record.map(|r| r.last_run.clone()),
            }
        })
        .collect();
    let mut steps: Vec<StepView> = steps;
    block_services_until_ready(&mut steps);
    SystemStatus {
        permission_warnings: permission_warnings(data),
        unused_secrets: super::secrets::held_but_unused(data),
        data_dir: data.root().display().to_string(),
        replica: replica_view,
        cms,
        steps,
    }
}
