//! `directory set | status | prepare-schema | prepare-forest | prepare-domain |
//! add-administrator` and `users list | show | enable | disable`: the deployment's directory,
//! Prepare Directory, and its users' SIP settings.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;

use super::{CliError, Output};
use crate::data_dir::DataDir;
use crate::deploy::directory as core;
use crate::directory::prepare::{Done, Step, StepState};
use crate::directory::users::{Changed, DirectoryUser};
use crate::directory::{DirectoryError, DirectorySettings};

/// Directory commands.
#[derive(Debug, Subcommand)]
pub enum DirectoryCommand {
    /// Name the directory users sign in with (published to the CMS once a verified connection
    /// binds with these settings).
    Set {
        /// ldaps://HOST[:PORT], or ldap://HOST[:PORT] (StartTLS, always).
        #[arg(long, value_name = "URL")]
        url: String,
        /// Where users are (dc=contoso,dc=com).
        #[arg(long, value_name = "DN")]
        base_dn: String,
        /// The account the deployment binds as.
        #[arg(long, value_name = "DN")]
        bind_dn: String,
        /// A file holding the bind password (or DEPLOY_WIZARD_DIRECTORY_PASSWORD).
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
        /// The certificate (PEM) of the CA that signs the directory's certificate, when neither
        /// the system nor the deployment trusts it.
        #[arg(long, value_name = "FILE")]
        ca_file: Option<PathBuf>,
    },
    /// The Prepare Directory steps' states, read from the directory.
    Status,
    /// Prepare Schema: add the class and attributes holding users' SIP settings.
    PrepareSchema,
    /// Prepare Current Forest: the deployment's container and groups.
    PrepareForest,
    /// Prepare Current Domain: the access rules of the groups.
    PrepareDomain,
    /// Add a user to the deployment's administrators' group.
    AddAdministrator {
        /// The user: account name, mail address or DN.
        #[arg(long, value_name = "ID")]
        identity: String,
    },
}

/// User commands.
#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// The directory's users and their SIP settings.
    List {
        /// Only users whose account, name, mail or SIP address contains this text.
        #[arg(long, value_name = "TEXT")]
        filter: Option<String>,
        /// Only enabled users.
        #[arg(long)]
        enabled: bool,
    },
    /// One user.
    Show {
        /// Account name, mail address or DN.
        #[arg(long, value_name = "ID")]
        identity: String,
    },
    /// Enable a user for SIP (Enable-CsUser): a SIP address of the topology's domains and a
    /// Front End pool that registers them.
    Enable {
        /// Account name, mail address or DN.
        #[arg(long, value_name = "ID")]
        identity: String,
        /// sip:NAME@DOMAIN.
        #[arg(long, value_name = "SIPURI")]
        sip_address: String,
        /// The registrar pool's FQDN.
        #[arg(long, value_name = "FQDN")]
        pool: String,
        /// A new file (0600) that receives the user's new SIP password, when one is made (the
        /// first enablement, a new SIP address, or --new-password).
        #[arg(long, value_name = "FILE")]
        password_out: Option<PathBuf>,
        /// Make a new SIP password even if the user has one (the old one stops working).
        #[arg(long)]
        new_password: bool,
    },
    /// Disable a user: their settings stay, they may not sign in.
    Disable {
        /// Account name, mail address or DN.
        #[arg(long, value_name = "ID")]
        identity: String,
    },
}

impl From<DirectoryError> for CliError {
    fn from(error: DirectoryError) -> Self {
        CliError {
            failure: error.failure(),
            message: super::with_hint(&error),
            detail: serde_json::Value::Null,
        }
    }
}

impl From<crate::deploy::StepError<DirectoryError>> for CliError {
    fn from(error: crate::deploy::StepError<DirectoryError>) -> Self {
        CliError::from(error.error).with_run(error.run)
    }
}

fn step_state(state: &StepState) -> String {
    match state {
        StepState::Complete => crate::fl!("cli-dir-state-complete"),
        StepState::NotRun => crate::fl!("cli-dir-state-not-run"),
        StepState::Partial { missing } => {
            crate::fl!("cli-dir-state-partial", missing = missing.join(", "))
        }
        StepState::Unreadable => crate::fl!("cli-dir-state-unreadable"),
    }
}

fn step_name(step: Step) -> String {
    match step {
        Step::Schema => crate::fl!("cli-dir-step-schema"),
        Step::Forest => crate::fl!("cli-dir-step-forest"),
        Step::Domain => crate::fl!("cli-dir-step-domain"),
        Step::Administrators => crate::fl!("cli-dir-step-administrators"),
    }
}

fn run_line(run: &str) -> String {
    crate::fl!("cli-main-run-log", run = run)
}

pub(super) fn run(command: DirectoryCommand, data: &DataDir) -> Result<Output, CliError> {
    match command {
        DirectoryCommand::Set {
            url,
            base_dn,
            bind_dn,
            password_file,
            ca_file,
        } => {
            let settings = DirectorySettings::checked(&url, &base_dn, &bind_dn)?;
            let what = crate::fl!("cli-dir-password-what");
            let password = super::read_secret(
                password_file.as_deref(),
                "DEPLOY_WIZARD_DIRECTORY_PASSWORD",
                &what,
            )?
            .ok_or_else(|| {
                CliError::new(
                    crate::Failure::BadInput,
                    crate::fl!("cli-dir-password-needed"),
                )
            })?;
            let ca_pem = match &ca_file {
                Some(path) => Some(
                    crate::input::read_limited(path, crate::input::InputKind::Certificate)
                        .map_err(|e| {
                            CliError::new(
                                crate::Failure::BadInput,
                                crate::fl!(
                                    "cli-main-io-error",
                                    what = path.display().to_string(),
                                    error = e.to_string()
                                ),
                            )
                        })?,
                ),
                None => None,
            };
            let (revision, run) = core::set(
                data,
                core::SetDirectory {
                    settings: settings.clone(),
                    password: &password,
                    ca_pem,
                    ca_file: ca_file.as_deref(),
                },
                None,
            )?;
            let text = format!(
                "{}\n{}",
                crate::fl!(
                    "cli-dir-set",
                    url = settings.url.as_str(),
                    revision = revision
                ),
                run_line(&run)
            );
            Ok(Output::new(
                text,
                json!({ "settings": settings, "revision": revision, "run": run }),
            ))
        }
        DirectoryCommand::Status => {
            let status = core::status(data)?;
            let mut text = crate::fl!(
                "cli-dir-status-head",
                url = status.settings.url.as_str(),
                base = status.settings.base_dn.as_str()
            );
            for view in &status.steps {
                text.push('\n');
                text.push_str(&format!(
                    "  {:<52} {}",
                    step_name(view.step),
                    step_state(&view.state)
                ));
            }
            for member in &status.administrators {
                text.push('\n');
                text.push_str(&crate::fl!(
                    "cli-dir-administrator",
                    member = member.as_str()
                ));
            }
            Ok(Output::new(text, json!(status)))
        }
        DirectoryCommand::PrepareSchema => prepare(data, Step::Schema, None),
        DirectoryCommand::PrepareForest => prepare(data, Step::Forest, None),
        DirectoryCommand::PrepareDomain => prepare(data, Step::Domain, None),
        DirectoryCommand::AddAdministrator { identity } => {
            prepare(data, Step::Administrators, Some(&identity))
        }
    }
}

fn prepare(data: &DataDir, step: Step, identity: Option<&str>) -> Result<Output, CliError> {
    let (done, run) = core::prepare(data, step, identity, None)?;
    let said = match &done {
        Done::AlreadyComplete => crate::fl!("cli-dir-step-was-complete", step = step_name(step)),
        Done::Added(what) => crate::fl!(
            "cli-dir-step-done",
            step = step_name(step),
            added = what.join("; ")
        ),
    };
    Ok(Output::new(
        format!("{said}\n{}", run_line(&run)),
        json!({ "step": step, "done": done, "run": run }),
    ))
}

fn user_line(user: &DirectoryUser) -> String {
    let state = if user.enabled {
        crate::fl!("cli-users-enabled")
    } else if user.sip_address.is_some() {
        crate::fl!("cli-users-disabled")
    } else {
        crate::fl!("cli-users-not-enabled")
    };
    format!(
        "{:<20} {:<28} {:<32} {:<26} {}",
        user.identity,
        user.name,
        user.sip_address.as_deref().unwrap_or("-"),
        user.pool.as_deref().unwrap_or("-"),
        state
    )
}

fn changed(changed: Changed, run: String, enabled: bool) -> Output {
    let identity = changed.user.identity.as_str();
    let text = if changed.changed && enabled {
        crate::fl!("cli-users-enabled-now", identity = identity)
    } else if changed.changed {
        crate::fl!("cli-users-disabled-now", identity = identity)
    } else {
        crate::fl!(
            "cli-users-unchanged",
            identity = changed.user.identity.as_str()
        )
    };
    let mut text = format!("{text}\n{}", user_line(&changed.user));
    if let Some(path) = &changed.password_file {
        text.push('\n');
        text.push_str(&crate::fl!(
            "cli-users-password-written",
            path = path.as_str()
        ));
    }
    text.push('\n');
    text.push_str(&run_line(&run));
    Output::new(
        text,
        json!({ "user": changed.user, "changed": changed.changed, "password_file": changed.password_file, "run": run }),
    )
}

pub(super) fn run_users(command: UsersCommand, data: &DataDir) -> Result<Output, CliError> {
    match command {
        UsersCommand::List { filter, enabled } => {
            let users = core::list_users(data, filter.as_deref(), enabled)?;
            let mut text = crate::fl!("cli-users-count", count = users.len());
            for user in &users {
                text.push('\n');
                text.push_str(&user_line(user));
            }
            Ok(Output::new(text, json!({ "users": users })))
        }
        UsersCommand::Show { identity } => {
            let user = core::show_user(data, &identity)?;
            let text = format!("{}\n{}", user.dn, user_line(&user));
            Ok(Output::new(text, json!(user)))
        }
        UsersCommand::Enable {
            identity,
            sip_address,
            pool,
            password_out,
            new_password,
        } => {
            let request = core::EnableUser {
                identity: &identity,
                sip_address: &sip_address,
                pool: &pool,
                password_out: password_out.as_deref(),
                new_password,
            };
            let (done, run) = core::enable_user(data, &request, None)?;
            Ok(changed(done, run, true))
        }
        UsersCommand::Disable { identity } => {
            let (done, run) = core::disable_user(data, &identity, None)?;
            Ok(changed(done, run, false))
        }
    }
}
