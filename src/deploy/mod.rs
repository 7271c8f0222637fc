//! The deployment steps: each one is a run of core commands, logged, with its state recorded.

mod state;
mod status;

pub use state::{StepId, StepRecord, StepStates};
pub use status::{CmsView, ReplicaView, StepStatus, StepView, SystemStatus, system_status};

use tokio::sync::mpsc::UnboundedSender;

use crate::data_dir::DataDir;
use crate::log::{Outcome, Redactor, RunEvent, RunLog, RunSummary};
use crate::settings::Settings;
use crate::store::{self, CmsSource, InstallReport, StoreError};
use crate::topology::MachineIdentity;

/// A step that failed, with the run that recorded why.
#[derive(Debug, thiserror::Error)]
#[error("{error}")]
pub struct StepError<E: std::error::Error> {
    /// The reason.
    pub error: E,
    /// The run log, if one could be written.
    pub run: Option<String>,
}

/// The CLI line that reproduces a command, for the log: `deploy-wizard --data-dir DIR args…`
/// with shell quoting where needed.
pub fn cli_line(data: &DataDir, args: &[&str]) -> String {
    let mut line = String::from("deploy-wizard --data-dir ");
    line.push_str(&shell_quote(&data.root().display().to_string()));
    for arg in args {
        line.push(' ');
        line.push_str(&shell_quote(arg));
    }
    line
}

fn shell_quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,@+%".contains(c));
    if plain {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// What a step-1 run asks for.
#[derive(Debug, Clone)]
pub struct LocalStoreRequest {
    /// Where to read the CMS.
    pub source: CmsSource,
    /// `--server`, when this machine is not found by name.
    pub server: Option<String>,
}

impl LocalStoreRequest {
    fn cli_args(&self) -> Vec<String> {
        let mut args = vec!["store".to_string(), "install".to_string()];
        match &self.source {
            CmsSource::Directory(path) => {
                args.extend(["--from-cms".into(), path.display().to_string()]);
            }
            CmsSource::Https { url, roots } => {
                args.extend(["--from-cms".into(), url.clone()]);
                if let Some(roots) = roots {
                    args.extend(["--cms-root".into(), roots.display().to_string()]);
                }
            }
            CmsSource::Export(path) => {
                args.extend(["--from-file".into(), path.display().to_string()]);
            }
        }
        if let Some(server) = &self.server {
            args.extend(["--server".into(), server.clone()]);
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
    let no_run = |error| StepError { error, run: None };
    data.ensure()
        .map_err(StoreError::io(format!(
            "cannot create {}",
            data.root().display()
        )))
        .map_err(no_run)?;
    let mut log = RunLog::start(
        data,
        "store-install",
        StepId::LocalStore.title(),
        Redactor::new(),
        sink,
    )
    .map_err(StoreError::io("cannot write the run log"))
    .map_err(no_run)?;
    let args = request.cli_args();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let machine = MachineIdentity::detect();
    let result = log.command(&cli_line(data, &args), |log| {
        let report = store::install(
            data,
            &request.source,
            request.server.as_deref(),
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
            log.info(&format!(
                "Installed global certificate {thumbprint} into this server's store"
            ));
        }
        Ok(report)
    });
    let run = log.id().to_string();
    let summary = log.finish();
    let with_run = |error| StepError {
        error,
        run: Some(run.clone()),
    };
    let mut states = StepStates::load(data).unwrap_or_default();
    let outcome = if result.is_ok() {
        Outcome::Ok
    } else {
        Outcome::Failed
    };
    states.record(
        StepId::LocalStore,
        &run,
        outcome,
        result.as_ref().ok().map(|r| r.revision),
    );
    states
        .save(data)
        .map_err(StoreError::io("cannot record the step state"))
        .map_err(with_run)?;
    let report = result.map_err(with_run)?;
    if let Some(location) = request.source.location() {
        let mut settings = Settings::load(data);
        settings.cms = Some(location);
        settings.cms_root = match &request.source {
            CmsSource::Https { roots, .. } => roots.clone(),
            _ => None,
        };
        settings
            .save(data)
            .map_err(StoreError::io("cannot save the CMS location"))
            .map_err(with_run)?;
    }
    let summary = summary
        .map_err(StoreError::io("cannot write the run log"))
        .map_err(with_run)?;
    Ok((report, summary))
}
