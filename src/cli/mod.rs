//! The command line: `deploy-wizard [--data-dir DIR] [--lang en|fr] [--json] <command>`.
//!
//! Each subcommand lives in its own module and returns an [`Output`] (human text and a JSON
//! document) or a [`CliError`] (message, exit code). `main` prints one or the other.

mod ca;
mod cert;
mod checklist;
mod cms;
mod components;
mod directory;
mod edge;
mod logs;
mod oauth;
mod partner;
mod pchat;
mod pool;
mod renewal;
mod services;
mod status;
mod store;
mod topology;

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use serde_json::{Value, json};

use crate::Failure;
use crate::data_dir::DataDir;
use crate::i18n::Lang;

/// Deployment Wizard and Certificate Wizard for unified-communications servers.
/// With no command, opens the wizard's window.
#[derive(Debug, Parser)]
#[command(name = "deploy-wizard", version, long_about = None)]
pub struct Cli {
    /// Data directory (default: the platform's, or DEPLOY_WIZARD_HOME).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Language of messages and of the window.
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    /// Print one JSON document instead of text.
    #[arg(long, global = true)]
    pub json: bool,
    /// What to do; none opens the window.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate and inspect topologies.
    #[command(subcommand)]
    Topology(topology::TopologyCommand),
    /// Create, publish to and export a central management store.
    #[command(subcommand)]
    Cms(cms::CmsCommand),
    /// Step 1: the local configuration store.
    #[command(subcommand)]
    Store(store::StoreCommand),
    /// Step 2: components this server's roles need.
    #[command(subcommand)]
    Components(components::ComponentsCommand),
    /// Step 3: request, import, assign and export certificates.
    #[command(subcommand)]
    Cert(cert::CertCommand),
    /// Certification authorities detected in the environment.
    #[command(subcommand)]
    Ca(ca::CaCommand),
    /// Step 4 and Service Status.
    #[command(subcommand)]
    Services(services::ServicesCommand),
    /// State of the four deployment steps.
    Status,
    /// Server-to-server authentication settings.
    #[command(subcommand)]
    Oauth(oauth::OAuthCommand),
    /// The A/V Edge's TURN secret and credentials.
    #[command(subcommand)]
    Edge(edge::EdgeCommand),
    /// Partner applications (servers whose tokens this deployment trusts).
    #[command(subcommand)]
    Partner(partner::PartnerCommand),
    /// Persistent Chat: policy, administrators and lab accounts (kept in the CMS).
    #[command(subcommand)]
    Pchat(pchat::PchatCommand),
    /// Unattended certificate renewal: the schedule, the deployment window, the failure hook.
    #[command(subcommand)]
    Renewal(renewal::RenewalCommand),
    /// A pool as one: its servers' health and the quorum that starts it.
    #[command(subcommand)]
    Pool(pool::PoolCommand),
    /// Deployment checklists with live states.
    #[command(subcommand)]
    Checklist(checklist::ChecklistCommand),
    /// Run logs.
    #[command(subcommand)]
    Logs(logs::LogsCommand),
    /// The directory users sign in with, and Prepare Directory.
    #[command(subcommand)]
    Directory(directory::DirectoryCommand),
    /// Users: find them, enable and disable them for SIP.
    #[command(subcommand)]
    Users(directory::UsersCommand),
}

/// What a command prints on success.
pub struct Output {
    /// For people.
    pub text: String,
    /// For `--json`.
    pub json: Value,
    /// A long listing written item by item instead (`text` and `json` are then empty): called
    /// with the writer and whether `--json` was given. Nothing holds the whole listing.
    pub stream: Option<Stream>,
}

/// Writes a listing to `out` (JSON when the flag is set).
pub type Stream = Box<dyn FnOnce(&mut dyn std::io::Write, bool) -> std::io::Result<()>>;

impl std::fmt::Debug for Output {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Output")
            .field("text", &self.text)
            .field("json", &self.json)
            .field("stream", &self.stream.is_some())
            .finish()
    }
}

impl Output {
    fn new(text: impl Into<String>, json: Value) -> Self {
        Output {
            text: text.into(),
            json,
            stream: None,
        }
    }

    fn streamed(stream: Stream) -> Self {
        Output {
            text: String::new(),
            json: Value::Null,
            stream: Some(stream),
        }
    }
}

/// A command that did not succeed.
#[derive(Debug)]
pub struct CliError {
    /// Exit code 1 or 2.
    pub failure: Failure,
    /// What went wrong and what to do.
    pub message: String,
    /// Extra structured detail for `--json` (problems, run id).
    pub detail: Value,
}

impl CliError {
    fn new(failure: Failure, message: impl Into<String>) -> Self {
        CliError {
            failure,
            message: message.into(),
            detail: Value::Null,
        }
    }

    fn with_run(mut self, run: Option<String>) -> Self {
        if let Some(run) = run {
            self.message.push('\n');
            self.message
                .push_str(&crate::fl!("cli-main-run-log-command", run = run.as_str()));
            self.detail = merge(self.detail, json!({ "run": run }));
        }
        self
    }

    /// The JSON document printed with `--json`.
    pub fn to_json(&self) -> Value {
        merge(
            json!({ "error": self.message, "exit_code": self.failure.exit_code() }),
            self.detail.clone(),
        )
    }
}

fn merge(base: Value, extra: Value) -> Value {
    match (base, extra) {
        (Value::Object(mut a), Value::Object(b)) => {
            a.extend(b);
            Value::Object(a)
        }
        (base, Value::Null) => base,
        (_, extra) => extra,
    }
}

impl From<crate::store::StoreError> for CliError {
    fn from(error: crate::store::StoreError) -> Self {
        let detail = match &error {
            crate::store::StoreError::Topology(crate::topology::TopologyError::Invalid {
                problems,
                ..
            }) => json!({ "problems": problems }),
            _ => Value::Null,
        };
        CliError {
            failure: error.failure(),
            message: with_hint(&error),
            detail,
        }
    }
}

impl From<crate::topology::TopologyError> for CliError {
    fn from(error: crate::topology::TopologyError) -> Self {
        crate::store::StoreError::from(error).into()
    }
}

impl From<crate::cert::CertError> for CliError {
    fn from(error: crate::cert::CertError) -> Self {
        let detail = match &error {
            crate::cert::CertError::ChecksFailed {
                failures, usage, ..
            } => {
                json!({ "usage": usage, "failed_checks": failures })
            }
            _ => Value::Null,
        };
        CliError {
            failure: error.failure(),
            message: with_hint(&error),
            detail,
        }
    }
}

impl From<crate::deploy::StepError<crate::cert::CertError>> for CliError {
    fn from(error: crate::deploy::StepError<crate::cert::CertError>) -> Self {
        CliError::from(error.error).with_run(error.run)
    }
}

/// A core error worded for the command line: its reason in the current language, plus the
/// flag that carries a secret where the reason asks for one.
pub(crate) fn with_hint(error: &impl crate::log::Explain) -> String {
    let mut text = crate::wording::explained(error);
    if let Some(hint) = error.reason().as_ref().and_then(crate::wording::cli_hint) {
        text.push(' ');
        text.push_str(&hint);
    }
    text
}

/// Reads a secret from `--*-file PATH` or an environment variable; never from an argument.
/// `what` names the secret in the current language (`fl!`), as the errors word it.
fn read_secret(
    file: Option<&std::path::Path>,
    env: &str,
    what: &str,
) -> Result<Option<String>, CliError> {
    if let Some(path) = file {
        let bytes =
            crate::input::read_limited(path, crate::input::InputKind::Secret).map_err(|e| {
                CliError::new(
                    Failure::BadInput,
                    crate::fl!(
                        "cli-main-secret-file-error",
                        what = what,
                        error = e.to_string()
                    ),
                )
            })?;
        let text = String::from_utf8(bytes).map_err(|_| {
            CliError::new(
                Failure::BadInput,
                crate::fl!(
                    "cli-main-secret-file-not-utf8",
                    what = what,
                    path = path.display().to_string()
                ),
            )
        })?;
        return Ok(Some(text.trim_end_matches(['\r', '\n']).to_string()));
    }
    Ok(std::env::var(env).ok().filter(|v| !v.is_empty()))
}

impl From<crate::log::LogError> for CliError {
    fn from(error: crate::log::LogError) -> Self {
        CliError::new(error.failure(), with_hint(&error))
    }
}

fn io_error(what: &str) -> impl FnOnce(std::io::Error) -> CliError + '_ {
    move |e| {
        CliError::new(
            Failure::ActionFailed,
            crate::fl!("cli-main-io-error", what = what, error = e.to_string()),
        )
    }
}

/// Runs a subcommand.
pub fn run(command: Command, data: &DataDir) -> Result<Output, CliError> {
    match command {
        Command::Topology(command) => topology::run(command, data),
        Command::Cms(command) => cms::run(command, data),
        Command::Ca(command) => ca::run(command, data),
        Command::Cert(command) => cert::run(command, data),
        Command::Store(command) => store::run(command, data),
        Command::Status => status::run(data),
        Command::Components(command) => components::run(command, data),
        Command::Services(command) => services::run(command, data),
        Command::Oauth(command) => oauth::run(command, data),
        Command::Edge(command) => edge::run(command, data),
        Command::Partner(command) => partner::run(command, data),
        Command::Pchat(command) => pchat::run(command, data),
        Command::Checklist(command) => checklist::run(command, data),
        Command::Pool(command) => pool::run(command, data),
        Command::Renewal(command) => renewal::run(command, data),
        Command::Logs(command) => logs::run(command, data),
        Command::Directory(command) => directory::run(command, data),
        Command::Users(command) => directory::run_users(command, data),
    }
}
