//! The plumbing every command shares: a logged run of one command (its CLI line, its live
//! events, its outcome) under the data dir's lock, and the error that carries the run's id so
//! the administrator is pointed at its log.

use tokio::sync::mpsc::UnboundedSender;

use super::{Redactor, RunEvent, RunLog, RunSummary};
use crate::data_dir::DataDir;

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

/// What a logged run is: its kind (file-name slug), title, secrets, live sink and CLI line.
pub struct RunSpec<'a> {
    /// Slug in the run id, e.g. `components-setup`.
    pub kind: &'a str,
    /// Title shown in the log.
    pub title: &'a str,
    /// Secrets to mask.
    pub redactor: Redactor,
    /// Live events for the GUI.
    pub sink: Option<UnboundedSender<RunEvent>>,
    /// The CLI arguments that reproduce the command.
    pub args: Vec<String>,
}

/// Runs `body` as the one command of a new run, returning its value and the run id;
/// `io_error` turns a failure to write the run log into the caller's error type.
pub fn run_logged<T, E: std::error::Error + super::Explain>(
    data: &DataDir,
    spec: RunSpec<'_>,
    io_error: impl Fn(&str, std::io::Error) -> E,
    body: impl FnOnce(&mut RunLog) -> Result<T, E>,
) -> Result<(T, String), StepError<E>> {
    run_logged_summary(data, spec, io_error, body).map(|(value, summary)| (value, summary.id))
}

/// [`run_logged`], returning the run's summary (its id and worst outcome).
pub fn run_logged_summary<T, E: std::error::Error + super::Explain>(
    data: &DataDir,
    spec: RunSpec<'_>,
    io_error: impl Fn(&str, std::io::Error) -> E,
    body: impl FnOnce(&mut RunLog) -> Result<T, E>,
) -> Result<(T, RunSummary), StepError<E>> {
    data.ensure().map_err(|e| StepError {
        error: io_error("cannot create the data directory", e),
        run: None,
    })?;
    let _lock = crate::lock::lock(data.root()).map_err(|e| StepError {
        error: io_error("cannot lock the data directory", e),
        run: None,
    })?;
    let mut log =
        RunLog::start(data, spec.kind, spec.title, spec.redactor, spec.sink).map_err(|e| {
            StepError {
                error: io_error("cannot write the run log", e),
                run: None,
            }
        })?;
    let args: Vec<&str> = spec.args.iter().map(String::as_str).collect();
    let result = log.command(&cli_line(data, &args), body);
    let run = log.id().to_string();
    let finished = log.finish();
    let value = result.map_err(|error| StepError {
        error,
        run: Some(run.clone()),
    })?;
    let summary = finished.map_err(|e| StepError {
        error: io_error("cannot write the run log", e),
        run: Some(run.clone()),
    })?;
    Ok((value, summary))
}
