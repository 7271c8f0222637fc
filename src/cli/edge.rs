//! `edge secret-rotate | edge credentials --user SIPURI [--ttl SECONDS]`: the A/V Edge's TURN
//! secret (published to the CMS) and the time-limited credentials it checks.

use clap::Subcommand;
use serde_json::json;

use super::{CliError, Output};
use crate::data_dir::DataDir;
use crate::deploy::integration::{rotate_turn_secret, turn_credential};
use crate::integration::turn::DEFAULT_TTL_SECONDS;

/// Edge commands.
#[derive(Debug, Subcommand)]
pub enum EdgeCommand {
    /// Publish a new TURN secret to the CMS (global: every Edge and Front End gets it by step 1).
    SecretRotate,
    /// Issue a TURN credential for a user, as a Front End's media relay authentication does.
    Credentials {
        /// The user's SIP URI (sip:alice@contoso.com).
        #[arg(long, value_name = "SIPURI")]
        user: String,
        /// How long it is valid, in seconds (at most a week).
        #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_TTL_SECONDS)]
        ttl: u64,
    },
}

pub(super) fn run(command: EdgeCommand, data: &DataDir) -> Result<Output, CliError> {
    match command {
        EdgeCommand::SecretRotate => {
            let (revision, run) = rotate_turn_secret(data, None)?;
            let text = format!(
                "{}\n{}",
                crate::fl!("cli-edge-secret-rotated", revision = revision),
                crate::fl!("cli-main-run-log", run = run.as_str())
            );
            Ok(Output::new(
                text,
                json!({ "revision": revision, "run": run }),
            ))
        }
        EdgeCommand::Credentials { user, ttl } => {
            let credential = turn_credential(data, &user, ttl)?;
            let rows = [
                (
                    crate::fl!("cli-edge-label-username"),
                    credential.username.clone(),
                ),
                (
                    crate::fl!("cli-edge-label-password"),
                    credential.password.clone(),
                ),
                (
                    crate::fl!("cli-edge-label-expires"),
                    crate::fl!("cli-edge-expires", expires = credential.expires),
                ),
            ];
            // The values line up one column past the longest label.
            let width = rows
                .iter()
                .map(|(label, _)| label.chars().count())
                .max()
                .unwrap_or(0)
                + 1;
            let text = rows
                .iter()
                .map(|(label, value)| format!("{label:<width$}{value}"))
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Output::new(text, json!(credential)))
        }
    }
}
