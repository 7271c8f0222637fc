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
            Ok(Output::new(
                format!(
                    "Published a new TURN secret (revision {revision}); run step 1 and step 2 on every Edge and Front End\nRun log: {run}"
                ),
                json!({ "revision": revision, "run": run }),
            ))
        }
        EdgeCommand::Credentials { user, ttl } => {
            let credential = turn_credential(data, &user, ttl)?;
            Ok(Output::new(
                format!(
                    "Username: {}\nPassword: {}\nExpires:  {} (Unix time)",
                    credential.username, credential.password, credential.expires
                ),
                json!(credential),
            ))
        }
    }
}
