//! `pchat policy set|show`, `pchat admin add|remove|list`, `pchat user add|remove|list`:
//! Persistent Chat's policy, administrators and lab accounts, kept in the CMS.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;

use super::{CliError, Output};
use crate::Failure;
use crate::data_dir::DataDir;
use crate::deploy::persistent_chat::{ChatChange, change_settings, view};

/// Persistent Chat commands.
#[derive(Debug, Subcommand)]
pub enum PchatCommand {
    /// Who may use Persistent Chat (off for everybody unless enabled; the most specific scope
    /// wins).
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Persistent Chat administrators (they administer every room).
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Lab accounts that log in to Persistent Chat (a directory is out of scope).
    #[command(subcommand)]
    User(UserCommand),
}

/// `pchat policy`.
#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Enable or disable Persistent Chat at a scope.
    Set {
        /// global, site:NAME, pool:FQDN or user:SIPURI.
        #[arg(long)]
        scope: String,
        /// true or false.
        #[arg(long, action = clap::ArgAction::Set)]
        enabled: bool,
    },
    /// The policy entries and who they enable on each Persistent Chat pool.
    Show,
}

/// `pchat admin`.
#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Make a user a Persistent Chat administrator.
    Add {
        /// sip:alice@contoso.com
        user: String,
    },
    /// Remove a Persistent Chat administrator.
    Remove {
        /// sip:alice@contoso.com
        user: String,
    },
    /// List the Persistent Chat administrators.
    List,
}

/// `pchat user`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a lab account (or set its password): only its SCRAM verifier is kept.
    Add {
        /// sip:alice@contoso.com
        user: String,
        /// A file holding the password on one line (or DEPLOY_WIZARD_PCHAT_PASSWORD).
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
    },
    /// Remove a lab account.
    Remove {
        /// sip:alice@contoso.com
        user: String,
    },
    /// List the lab accounts.
    List,
}

fn changed(change: ChatChange, data: &DataDir, done: String) -> Result<Output, CliError> {
    let (outcome, run) = change_settings(data, change, None)?;
    let text = format!(
        "{}\n{}\n{}",
        crate::fl!("cli-pchat-done", done = done, revision = outcome.revision),
        match &outcome.redeployed {
            Some(step2) => crate::fl!("cli-pchat-redeployed", run = step2.as_str()),
            None => crate::fl!("cli-pchat-not-redeployed"),
        },
        crate::fl!("cli-main-run-log", run = run.as_str())
    );
    Ok(Output::new(
        text,
        json!({ "revision": outcome.revision, "redeployed": outcome.redeployed, "run": run }),
    ))
}

pub(super) fn run(command: PchatCommand, data: &DataDir) -> Result<Output, CliError> {
    match command {
        PchatCommand::Policy(PolicyCommand::Set { scope, enabled }) => {
            let done = if enabled {
                crate::fl!("cli-pchat-policy-enabled", scope = scope.as_str())
            } else {
                crate::fl!("cli-pchat-policy-disabled", scope = scope.as_str())
            };
            changed(ChatChange::Policy { scope, enabled }, data, done)
        }
        PchatCommand::Policy(PolicyCommand::Show) => {
            let view = view(data)?;
            let mut lines = Vec::new();
            if view.policy.is_empty() {
                lines.push(crate::fl!("cli-pchat-no-policy"));
            }
            for entry in &view.policy {
                let scope = entry.scope.to_string();
                lines.push(if entry.enabled {
                    crate::fl!("cli-pchat-entry-enabled", scope = scope)
                } else {
                    crate::fl!("cli-pchat-entry-disabled", scope = scope)
                });
            }
            for pool in &view.pools {
                lines.push(crate::fl!(
                    "cli-pchat-pool",
                    pool = pool.pool.as_str(),
                    site = pool.site.as_str(),
                    enabled = none_if_empty(&pool.enabled),
                    disabled = none_if_empty(&pool.disabled)
                ));
            }
            Ok(Output::new(lines.join("\n"), json!(view)))
        }
        PchatCommand::Admin(AdminCommand::Add { user }) => {
            let done = crate::fl!("cli-pchat-admin-added", user = user.as_str());
            changed(ChatChange::Admin { user, add: true }, data, done)
        }
        PchatCommand::Admin(AdminCommand::Remove { user }) => {
            let done = crate::fl!("cli-pchat-admin-removed", user = user.as_str());
            changed(ChatChange::Admin { user, add: false }, data, done)
        }
        PchatCommand::Admin(AdminCommand::List) => {
            let view = view(data)?;
            let text = if view.admins.is_empty() {
                crate::fl!("cli-pchat-no-admin")
            } else {
                view.admins.join("\n")
            };
            Ok(Output::new(text, json!({ "admins": view.admins })))
        }
        PchatCommand::User(UserCommand::Add {
            user,
            password_file,
        }) => {
            let password = super::read_secret(
                password_file.as_deref(),
                "DEPLOY_WIZARD_PCHAT_PASSWORD",
                &crate::fl!("cli-pchat-password"),
            )?
            .ok_or_else(|| {
                CliError::new(Failure::BadInput, crate::fl!("cli-pchat-password-required"))
            })?;
            crate::integration::pchat::check_password(&password)?;
            let done = crate::fl!("cli-pchat-user-saved", user = user.as_str());
            changed(ChatChange::AddUser { user, password }, data, done)
        }
        PchatCommand::User(UserCommand::Remove { user }) => {
            let done = crate::fl!("cli-pchat-user-removed", user = user.as_str());
            changed(ChatChange::RemoveUser { user }, data, done)
        }
        PchatCommand::User(UserCommand::List) => {
            let view = view(data)?;
            let text = if view.users.is_empty() {
                crate::fl!("cli-pchat-no-user")
            } else {
                view.users.join("\n")
            };
            Ok(Output::new(text, json!({ "users": view.users })))
        }
    }
}

fn none_if_empty(users: &[String]) -> String {
    if users.is_empty() {
        crate::fl!("cli-pchat-nobody")
    } else {
        users.join(", ")
    }
}
