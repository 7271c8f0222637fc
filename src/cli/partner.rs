//! `partner new | list | remove | test`: partner applications.

use clap::Subcommand;
use serde_json::json;

use super::{CliError, Output};
use crate::Failure;
use crate::data_dir::DataDir;
use crate::deploy::integration as actions;
use crate::integration::partners::{self, TrustLevel};
use crate::store::LocalConfigurationStore;

/// Partner application commands.
#[derive(Debug, Subcommand)]
pub enum PartnerCommand {
    /// Trust a partner: fetch and check its metadata document, publish it to the CMS.
    New {
        /// Name of the partner.
        #[arg(long)]
        identity: String,
        /// Its metadata document, e.g. https://mail.contoso.com/autodiscover/metadata/json/1
        #[arg(long, value_name = "URL")]
        metadata_url: String,
        /// How far it is trusted.
        #[arg(long, value_enum, ignore_case = true)]
        trust_level: TrustLevel,
    },
    /// Every partner application.
    List,
    /// Stop trusting a partner.
    Remove {
        /// Its identity.
        identity: String,
    },
    /// Fetch the partner's document again and report each check by name.
    Test {
        /// Its identity.
        identity: String,
    },
}

pub(super) fn run(command: PartnerCommand, data: &DataDir) -> Result<Output, CliError> {
    match command {
        PartnerCommand::New {
            identity,
            metadata_url,
            trust_level,
        } => {
            let (partner, run) =
                actions::new_partner(data, &identity, &metadata_url, trust_level, None)?;
            Ok(Output::new(
                crate::fl!(
                    "cli-partner-added",
                    identity = partner.identity.as_str(),
                    trust = format!("{:?}", partner.trust_level),
                    issuer = partner.issuer.as_str(),
                    count = partner.certificates.len()
                ),
                json!({ "partner": partner, "run": run }),
            ))
        }
        PartnerCommand::List => {
            let list = partners::replicated(&LocalConfigurationStore::require(data)?)?;
            let text = if list.is_empty() {
                crate::fl!("cli-partner-none")
            } else {
                list.iter()
                    .map(|p| {
                        crate::fl!(
                            "cli-partner-row",
                            identity = p.identity.as_str(),
                            trust = format!("{:?}", p.trust_level),
                            issuer = p.issuer.as_str(),
                            url = p.metadata_url.as_str()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            Ok(Output::new(text, json!({ "partners": list })))
        }
        PartnerCommand::Remove { identity } => {
            let (revision, run) = actions::remove_partner(data, &identity, None)?;
            Ok(Output::new(
                crate::fl!("cli-partner-removed", identity = identity.as_str()),
                json!({ "identity": identity, "revision": revision, "run": run }),
            ))
        }
        PartnerCommand::Test { identity } => match actions::test_partner(data, &identity, None) {
            Ok(test) => {
                let value =
                    json!({ "identity": test.identity, "checks": test.checks, "run": test.run });
                Ok(Output::new(test.report(), value))
            }
            Err(failure) => match failure.test {
                Some(test) => Err(CliError {
                    failure: Failure::ActionFailed,
                    // The failed checks with their usual causes, in the current language.
                    message: crate::wording::explained(&failure.error.error),
                    detail: json!({ "identity": test.identity, "checks": test.checks, "run": test.run }),
                }
                .with_run(test.run.clone())),
                None => Err(failure.error.into()),
            },
        },
    }
}
