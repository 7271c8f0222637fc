//! The deployment steps: each one is a run of core commands, logged, with its state recorded.

pub mod certificates;
pub mod directory;
pub mod integration;
pub mod persistent_chat;
pub mod pool;
pub mod renewal;
mod replication;
pub use replication::verify_served as verify_replication_report;
pub mod schedule;
pub mod secrets;
mod state;
mod status;

pub use state::{StepId, StepRecord, StepStates};
pub use status::{
    CmsView, ReplicaView, StepStatus, StepView, SystemStatus, local_status, system_status,
};

use tokio::sync::mpsc::UnboundedSender;

use crate::data_dir::DataDir;
use crate::log::{Outcome, Reason, Redactor, Refusal, RunEvent, RunSummary, run_logged_summary};
pub use crate::log::{RunSpec, StepError, cli_line, run_logged};
use crate::settings::Settings;
use crate::store::{self, CmsSource, InstallReport, StoreError};
use crate::topology::MachineIdentity;

/// What a step-1 run asks for.
#[derive(Debug, Clone)]
pub struct LocalStoreRequest {
    /// Where to read the CMS.
    pub source: CmsSource,
    /// `--server`, when this machine is not found by name.
    pub server: Option<String>,
    /// The file the replication password of an https CMS came from, remembered (as a path) for
    /// the next step 1; when the source has no password, the remembered file gives it.
    pub password_file: Option<std::path::PathBuf>,
    /// `--allow-older`: install a revision older than the replica's (a roll back on purpose).
    pub allow_older: bool,
}

impl LocalStoreRequest {
    fn cli_args(&self) -> Vec<String> {
        let mut args = vec!["store".to_string(), "install".to_string()];
        match &self.source {
            CmsSource::Directory(path) => {
                args.extend(["--from-cms".into(), path.display().to_string()]);
            }
            CmsSource::Https {
                url,
                roots,
                password,
            } => {
                args.extend(["--from-cms".into(), url.clone()]);
                if let Some(roots) = roots {
                    args.extend(["--cms-root".into(), roots.display().to_string()]);
                }
                if password.is_some() {
                    args.extend(["--password-file".into(), "FILE".into()]);
                }
            }
            CmsSource::Export { path, password } => {
                args.extend(["--from-file".into(), path.display().to_string()]);
                if password.is_some() {
                    // The password itself never reaches a command line or a log.
                    args.extend(["--password-file".into(), "FILE".into()]);
                }
            }
        }
        if let Some(server) = &self.server {
            args.extend(["--server".into(), server.clone()]);
        }
        if self.allow_older {
            args.push("--allow-older".into());
        }
        args
    }
}

/// Step 1: installs the local configuration store, logs the run, records the step state, and
/// remembers the CMS location for later "Needs rerun" checks.
pub fn install_local_store(
    data: &DataDir,
    request: &LocalStoreRequest,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<(InstallReport, RunSummary), StepError<StoreError>> {
    let machine = MachineIdentity::detect();
    // An https CMS read before with a replication password: the remembered file gives it.
    let remembered = Settings::load(data).cms_password_file;
    let mut request = request.clone();
    if let CmsSource::Https { password, url, .. } = &mut request.source
        && password.is_none()
        && Settings::load(data).cms.as_deref() == Some(url.as_str())
        && let Some(file) = remembered.clone()
    {
        let text = crate::input::read_limited(&file, crate::input::InputKind::Secret)
            .ok()
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .map(|t| t.trim_end_matches(['\r', '\n']).to_string());
        *password = text.and_then(|t| store::seal::ExportPassword::new(t).ok());
        request.password_file = Some(file);
    }
    let request = &request;
    let result = run_logged_summary(
        data,
        RunSpec {
            kind: "store-install",
            title: StepId::LocalStore.title(),
            redactor: Redactor::new(),
            sink,
            args: request.cli_args(),
        },
        |what, e| StoreError::io(what)(e),
        |log| {
            let report = store::install(
                data,
                &request.source,
                request.server.as_deref(),
                request.allow_older,
                &machine,
                log,
            )?;
            let replica = store::LocalConfigurationStore::require(data)?;
            let added = crate::cert::global::install_into_store(
                &replica,
                &crate::cert::store::CertStore::open(data),
            )
            .map_err(|e| StoreError::Corrupt {
                what: "the global certificates of the local configuration store".into(),
                reason: e.to_string(),
            })?;
            for thumbprint in added {
                log.tell(
                    Reason::new("said-global-certificate-installed").with("thumbprint", thumbprint),
                );
            }
            let said = replication::report(
                data,
                &request.source,
                &report.server.server,
                report.revision,
            );
            let mut report = report;
            report.reported = said.id == "said-replication-reported";
            log.tell(said);
            Ok(report)
        },
    );
    let (report, summary) = match result {
        Ok((report, summary)) => {
            let mut states = StepStates::load(data).unwrap_or_default();
            states.record(
                StepId::LocalStore,
                &summary.id,
                Outcome::Ok,
                Some(report.revision),
            );
            let run = Some(summary.id.clone());
            states.save(data).map_err(|e| StepError {
                error: StoreError::io("cannot record the step state")(e),
                run,
            })?;
            (report, summary)
        }
        Err(error) => {
            if let Some(run) = &error.run {
                let mut states = StepStates::load(data).unwrap_or_default();
                states.record(StepId::LocalStore, run, Outcome::Failed, None);
                // The run log holds the failure; a state that cannot be saved shows "Not run".
                let _ = states.save(data);
            }
            return Err(error);
        }
    };
    let with_run = |error| StepError {
        error,
        run: Some(summary.id.clone()),
    };
    if let Some(location) = request.source.location() {
        let mut settings = Settings::load(data);
        settings.cms = Some(location);
        settings.cms_root = match &request.source {
            CmsSource::Https { roots, .. } => roots.clone(),
            _ => None,
        };
        settings.cms_password_file = match &request.source {
            CmsSource::Https { .. } => request.password_file.clone(),
            _ => None,
        };
        settings
            .save(data)
            .map_err(StoreError::io("cannot save the CMS location"))
            .map_err(with_run)?;
    }
    Ok((report, summary))
}

fn record(data: &DataDir, step: StepId, run: &str, ok: bool) {
    let revision = store::LocalConfigurationStore::open(data)
        .ok()
        .flatten()
        .map(|r| r.manifest().revision);
    let mut states = StepStates::load(data).unwrap_or_default();
    states.record(
        step,
        run,
        if ok { Outcome::Ok } else { Outcome::Failed },
        revision,
    );
    // The run log already holds the outcome; a state that cannot be saved shows as "Not run".
    let _ = states.save(data);
}

fn component_io(what: &str, e: std::io::Error) -> crate::components::ComponentError {
    crate::components::ComponentError::Failed(format!("{what}: {e}"))
}

/// Records the step whether the run succeeded or failed.
fn recorded<T>(
    data: &DataDir,
    step: StepId,
    result: Result<(T, String), StepError<crate::components::ComponentError>>,
) -> Result<(T, String), StepError<crate::components::ComponentError>> {
    match &result {
        Ok((_, run)) => record(data, step, run, true),
        Err(StepError { run: Some(run), .. }) => record(data, step, run, false),
        Err(_) => {}
    }
    result
}

/// Step 2: install, update or remove components.
pub fn setup_components(
    data: &DataDir,
    install_path: Option<&std::path::Path>,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<(crate::components::SetupReport, String), StepError<crate::components::ComponentError>>
{
    let mut args = vec!["components".to_string(), "setup".to_string()];
    if let Some(path) = install_path {
        args.extend(["--install-path".into(), path.display().to_string()]);
    }
    let result = run_logged(
        data,
        RunSpec {
            kind: "components-setup",
            title: StepId::Components.title(),
            redactor: Redactor::new(),
            sink,
            args,
        },
        component_io,
        |log| crate::components::setup(data, install_path, &crate::services::Services, log),
    );
    recorded(data, StepId::Components, result)
}

/// What "Install missing programs" would do: the packages step 2's unmet prerequisites name,
/// the package manager and its command line, and whether this process may run it (root).
#[derive(Debug, Clone, serde::Serialize)]
pub struct ProgramsPlan {
    /// Packages to install, each once.
    pub packages: Vec<String>,
    /// The machine's package manager, if the wizard knows it.
    pub manager: Option<crate::components::packages::PackageManager>,
    /// The command line (empty when there is nothing to install or no package manager).
    pub command: Vec<String>,
    /// Whether the wizard runs as root (the package manager needs it).
    pub root: bool,
}

/// Decides what "Install missing programs" would run; changes nothing.
pub fn programs_to_install(
    data: &DataDir,
) -> Result<ProgramsPlan, crate::components::ComponentError> {
    use crate::components::packages::{PackageManager, missing_packages};
    let (plan, ctx, _) = crate::components::plan(data, None)?;
    let packages = missing_packages(&plan, &ctx)?;
    let manager = PackageManager::detect();
    let command = match manager {
        Some(manager) if !packages.is_empty() => manager.install_command(&packages),
        _ => Vec::new(),
    };
    Ok(ProgramsPlan {
        packages,
        manager,
        command,
        root: crate::process::running_as_root(),
    })
}

/// "Install missing programs": runs the package manager as a logged command (as root; apt is
/// told not to start the services the packages ship, which would take the wizard's ports).
pub fn install_programs(
    data: &DataDir,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<(ProgramsPlan, String), StepError<crate::components::ComponentError>> {
    use crate::components::ComponentError;
    use crate::components::packages::PackageManager;
    let refuse = |message: &str| StepError {
        error: ComponentError::BadInput(message.to_string()),
        run: None,
    };
    let plan = programs_to_install(data).map_err(|error| StepError { error, run: None })?;
    if plan.packages.is_empty() {
        return Err(refuse(
            "no program step 2 needs is missing: there is nothing to install",
        ));
    }
    let Some(manager) = plan.manager else {
        return Err(refuse(&format!(
            "this system has neither apt nor dnf: install {} with its package manager",
            plan.packages.join(" ")
        )));
    };
    if !plan.root {
        return Err(refuse(&format!(
            "installing programs needs root: run `sudo {}`, or run the wizard as root",
            plan.command.join(" ")
        )));
    }
    let args = vec!["components".to_string(), "install-programs".to_string()];
    let command = plan.command.clone();
    let (_, run) = run_logged(
        data,
        RunSpec {
            kind: "install-programs",
            title: "Install Missing Programs",
            redactor: Redactor::new(),
            sink,
            args,
        },
        component_io,
        |log| match manager {
            PackageManager::Apt => {
                let policy = std::path::Path::new("/usr/sbin/policy-rc.d");
                let made = !policy.exists();
                if made {
                    crate::atomic::write(policy, b"#!/bin/sh\n# deploy-wizard: no service starts while it installs packages\nexit 101\n")
                            .map_err(|e| ComponentError::Failed(format!("cannot write {}: {e}", policy.display())))?;
                    #[cfg(unix)]
                    {
                        use std::os::unix::fs::PermissionsExt;
                        let _ = std::fs::set_permissions(
                            policy,
                            std::fs::Permissions::from_mode(0o755),
                        );
                    }
                }
                let env = [("DEBIAN_FRONTEND", "noninteractive")];
                let result = crate::services::run_program(
                    &["apt-get".to_string(), "update".to_string()],
                    &env,
                    log,
                )
                .and_then(|()| crate::services::run_program(&command, &env, log));
                if made {
                    let _ = std::fs::remove_file(policy);
                }
                result
            }
            PackageManager::Dnf => crate::services::run_program(&command, &[], log),
        },
    )?;
    Ok((plan, run))
}

/// Removes every installed component.
pub fn remove_components(
    data: &DataDir,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<(usize, String), StepError<crate::components::ComponentError>> {
    let args = vec!["components".to_string(), "remove".to_string()];
    run_logged(
        data,
        RunSpec {
            kind: "components-remove",
            title: "Remove Components",
            redactor: Redactor::new(),
            sink,
            args,
        },
        component_io,
        |log| crate::components::remove_all(data, &crate::services::Services, log),
    )
}

/// Step 4: start every service.
pub fn start_services(
    data: &DataDir,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<(Vec<String>, String), StepError<crate::components::ComponentError>> {
    let args = vec!["services".to_string(), "start".to_string()];
    let result = run_logged(
        data,
        RunSpec {
            kind: "services-start",
            title: StepId::Services.title(),
            redactor: Redactor::new(),
            sink,
            args,
        },
        component_io,
        |log| crate::services::start_all(data, log),
    );
    recorded(data, StepId::Services, result)
}

/// Stops every service.
pub fn stop_services(
    data: &DataDir,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<(Vec<String>, String), StepError<crate::components::ComponentError>> {
    let args = vec!["services".to_string(), "stop".to_string()];
    run_logged(
        data,
        RunSpec {
            kind: "services-stop",
            title: "Stop Services",
            redactor: Redactor::new(),
            sink,
            args,
        },
        component_io,
        |log| crate::services::stop_all(data, log),
    )
}

/// A global change (OAuth configuration, partner applications, global certificates) as one
/// logged run: `publish` writes it to the CMS this server was installed from, then step 1
/// replicates it here, so this server reads it from its replica like every other server. The
/// one path of every global change.
pub fn global_change<T, E>(
    data: &DataDir,
    spec: RunSpec<'_>,
    io_error: impl Fn(&str, std::io::Error) -> E,
    publish: impl FnOnce(&store::CentralStore, &mut crate::log::RunLog) -> Result<T, E>,
) -> Result<(T, String), StepError<E>>
where
    E: std::error::Error + crate::log::Explain + From<StoreError>,
{
    let sink = spec.sink.clone();
    let done = run_logged(data, spec, io_error, |log| {
        let cms = writable_cms(data)?;
        publish(&cms, log)
    })?;
    replicate(data, sink).map_err(|e| StepError {
        error: E::from(e.error),
        run: e.run,
    })?;
    Ok(done)
}

/// The CMS directory this server was installed from, which global settings (certificates,
/// OAuth configuration, partner applications) are written to.
pub fn writable_cms(data: &DataDir) -> Result<store::CentralStore, StoreError> {
    let location = Settings::load(data).cms.ok_or_else(|| {
        StoreError::from(Refusal::new(
            "global settings are published to the central management store, and this server has none recorded: run step 1 from the CMS directory first",
            Reason::new("why-global-no-cms"),
        ))
    })?;
    if location.starts_with("https://") {
        return Err(Refusal::new(
            format!(
                "global settings are published to the central management store; this server reads it over HTTPS ({location}) and cannot write it. Run this on a server that has the CMS directory"
            ),
            Reason::new("why-global-cms-https").with("location", &location),
        )
        .into());
    }
    store::CentralStore::open(std::path::Path::new(&location))
}

/// What "Use a lab topology for this computer" created.
#[derive(Debug, Clone)]
pub struct LabCms {
    /// The CMS directory.
    pub dir: std::path::PathBuf,
    /// Its revision.
    pub revision: u64,
    /// This computer's name in the lab topology.
    pub server: String,
    /// What was done, line by line, for the log or the terminal.
    pub notes: Vec<Reason>,
}

/// Creates a CMS in `dir` holding the Standard Edition sample for this computer and a lab CA
/// (`cms init DIR --lab`), and returns what it published.
pub fn init_lab_cms(dir: &std::path::Path) -> Result<LabCms, StoreError> {
    // Validate the lab topology before creating anything, so a bad host name leaves no
    // half-made store behind.
    let machine = MachineIdentity::detect();
    let topology = crate::topology::lab_topology(&machine)?;
    let ca = crate::cert::lab::new_ca_documents(
        crate::cert::lab::DEFAULT_LAB_CA,
        crate::cert::lab::DEFAULT_VALIDITY_DAYS,
    )
    .map_err(|e| StoreError::Corrupt {
        what: "the lab CA".into(),
        reason: e.to_string(),
    })?;
    let cms = store::CentralStore::init(dir)?;
    let mut notes = vec![Reason::new("said-cms-created").with("cms", dir.display())];
    let mut bytes = serde_json::to_vec_pretty(&topology).expect("a topology serialises");
    bytes.push(b'\n');
    let mut documents = store::topology_documents(&cms, &topology, bytes)?;
    documents.extend(ca.iter().map(|(n, b)| (n.as_str(), b.clone())));
    let revision = cms.publish(&documents)?.revision;
    notes.push(
        Reason::new(if machine.has_domain {
            "said-lab-published"
        } else {
            "said-lab-published-no-domain"
        })
        .with("ca", crate::cert::lab::DEFAULT_LAB_CA)
        .with("revision", revision)
        .with("server", &machine.fqdn)
        .with("domain", &machine.domain),
    );
    Ok(LabCms {
        dir: dir.to_path_buf(),
        revision,
        server: machine.fqdn,
        notes,
    })
}

/// The GUI's first run with "Use a lab topology for this computer": creates the lab CMS under
/// the data dir (`lab-cms/`) as a logged run and records it as the CMS step 1 reads.
pub fn create_lab_cms(
    data: &DataDir,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<(LabCms, String), StepError<StoreError>> {
    let dir = data.root().join("lab-cms");
    let args = vec![
        "cms".to_string(),
        "init".to_string(),
        dir.display().to_string(),
        "--lab".to_string(),
    ];
    let (lab, run) = run_logged(
        data,
        RunSpec {
            kind: "cms-init",
            title: "Use a lab topology for this computer",
            redactor: Redactor::new(),
            sink,
            args,
        },
        |what, source| StoreError::Io {
            what: what.to_string(),
            source,
        },
        |log| {
            let lab = init_lab_cms(&dir)?;
            for note in &lab.notes {
                log.tell(note.clone());
            }
            Ok(lab)
        },
    )?;
    let mut settings = Settings::load(data);
    settings.cms = Some(dir.display().to_string());
    settings.cms_root = None;
    settings.save(data).map_err(|source| StepError {
        error: StoreError::Io {
            what: "cannot save the CMS location".into(),
            source,
        },
        run: Some(run.clone()),
    })?;
    Ok((lab, run))
}

/// Step 1 again, from the recorded CMS, so that a global change reaches this server's replica.
pub fn replicate(
    data: &DataDir,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<(), StepError<StoreError>> {
    let settings = Settings::load(data);
    let source = CmsSource::from_cms_location(
        settings.cms.as_deref().unwrap_or_default(),
        settings.cms_root,
    )
    .map_err(|error| StepError { error, run: None })?;
    install_local_store(
        data,
        &LocalStoreRequest {
            source,
            server: None,
            password_file: None,
            allow_older: false,
        },
        sink,
    )
    .map(drop)
}
