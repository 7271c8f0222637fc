//! `partner new | list | remove | test`: partner applications.

use clap::Subcommand;
use serde_json::json;
use time::OffsetDateTime;

use super::{CliError, Output};
use crate::Failure;
use crate::data_dir::DataDir;
use crate::deploy::{self, RunSpec};
use crate::integration::https;
use crate::integration::partners::{self, Check, PartnerApplication, TrustLevel};
use crate::log::Redactor;
use crate::store::{LocalConfigurationStore, StoreError};

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

fn fetch(
    data: &DataDir,
    replica: &LocalConfigurationStore,
    url: &str,
) -> Result<Result<Vec<u8>, String>, CliError> {
    let roots = crate::cert::actions::trusted_roots(data, replica)?;
    let agent = https::agent(&roots);
    Ok(https::get(
        &agent,
        url,
        partners::MAX_DOCUMENT,
        "import the partner's root with `deploy-wizard cert import ROOT.pem --trust`",
    ))
}

fn spec<'a>(kind: &'a str, title: &'a str, args: &[&str]) -> RunSpec<'a> {
    RunSpec {
        kind,
        title,
        redactor: Redactor::new(),
        sink: None,
        args: args.iter().map(|a| a.to_string()).collect(),
    }
}

fn io(what: &str, e: std::io::Error) -> StoreError {
    StoreError::io(what)(e)
}

fn report(checks: &[Check]) -> String {
    checks
        .iter()
        .map(|c| {
            let mut line = format!(
                "[{}] {}: {}",
                if c.passed { "ok" } else { "failed" },
                c.name,
                c.detail
            );
            if let Some(cause) = c.usual_cause {
                line.push_str(&format!("\n    usual cause: {cause}"));
            }
            line
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub(super) fn run(command: PartnerCommand, data: &DataDir) -> Result<Output, CliError> {
    let bad = |m: String| CliError::new(Failure::BadInput, m);
    match command {
        PartnerCommand::New {
            identity,
            metadata_url,
            trust_level,
        } => {
            partners::check_identity(&identity).map_err(bad)?;
            partners::check_metadata_url(&metadata_url).map_err(bad)?;
            let replica = LocalConfigurationStore::require(data)?;
            if partners::find(&replica, &identity)?.is_some() {
                return Err(bad(format!(
                    "a partner application named {identity} exists; remove it first"
                )));
            }
            let fetched = fetch(data, &replica, &metadata_url)?;
            let level = format!("{trust_level:?}");
            let args = [
                "partner",
                "new",
                "--identity",
                &identity,
                "--metadata-url",
                &metadata_url,
                "--trust-level",
                &level,
            ];
            let (partner, run) = deploy::run_logged(
                data,
                spec("partner-new", "New Partner Application", &args),
                io,
                |log| {
                    let bytes = fetched.map_err(|reason| StoreError::Http {
                        url: metadata_url.clone(),
                        reason,
                    })?;
                    let metadata = partners::parse_metadata(&bytes).map_err(|reason| {
                        StoreError::BadLocation(format!("{metadata_url}: {reason}"))
                    })?;
                    log.info(&format!(
                        "{metadata_url}: issuer {}, {} signing certificate(s)",
                        metadata.issuer,
                        metadata.certificates.len()
                    ));
                    let partner = PartnerApplication {
                        identity: identity.trim().to_string(),
                        metadata_url: metadata_url.clone(),
                        trust_level,
                        issuer: metadata.issuer.clone(),
                        certificates: metadata
                            .certificates
                            .iter()
                            .map(|c| c.thumbprint.clone())
                            .collect(),
                        added_at: OffsetDateTime::now_utc(),
                        document: metadata.document,
                    };
                    let revision = partners::publish(&deploy::writable_cms(data)?, &partner)?;
                    log.info(&format!(
                        "Published partner application {} (revision {revision})",
                        partner.identity
                    ));
                    Ok(partner)
                },
            )?;
            deploy::replicate(data, None)?;
            Ok(Output::new(
                format!(
                    "Partner application {} added ({:?} trust, issuer {}, {} certificate(s))",
                    partner.identity,
                    partner.trust_level,
                    partner.issuer,
                    partner.certificates.len()
                ),
                json!({ "partner": partner, "run": run }),
            ))
        }
        PartnerCommand::List => {
            let list = partners::replicated(&LocalConfigurationStore::require(data)?)?;
            let text = if list.is_empty() {
                "No partner application.".to_string()
            } else {
                list.iter()
                    .map(|p| {
                        format!(
                            "{}  {:?}  issuer {}  {}",
                            p.identity, p.trust_level, p.issuer, p.metadata_url
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            Ok(Output::new(text, json!({ "partners": list })))
        }
        PartnerCommand::Remove { identity } => {
            let (removed, run) = deploy::run_logged(
                data,
                spec(
                    "partner-remove",
                    "Remove Partner Application",
                    &["partner", "remove", &identity],
                ),
                io,
                |log| {
                    let removed = partners::remove(&deploy::writable_cms(data)?, &identity)?;
                    match removed {
                        Some(revision) => log.info(&format!(
                            "Removed partner application {identity} (revision {revision})"
                        )),
                        None => {
                            return Err(StoreError::BadLocation(format!(
                                "there is no partner application named {identity}"
                            )));
                        }
                    }
                    Ok(removed)
                },
            )?;
            deploy::replicate(data, None)?;
            Ok(Output::new(
                format!("Removed partner application {identity}"),
                json!({ "identity": identity, "revision": removed, "run": run }),
            ))
        }
        PartnerCommand::Test { identity } => {
            let replica = LocalConfigurationStore::require(data)?;
            let partner = partners::find(&replica, &identity)?
                .ok_or_else(|| bad(format!("there is no partner application named {identity}; `deploy-wizard partner list` shows them")))?;
            let fetched = fetch(data, &replica, &partner.metadata_url)?;
            let checks = partners::test(&partner, fetched);
            let text = report(&checks);
            let (_, run) = deploy::run_logged(
                data,
                spec(
                    "partner-test",
                    "Test Partner Application",
                    &["partner", "test", &identity],
                ),
                io,
                |log| {
                    for line in text.lines() {
                        log.info(line);
                    }
                    Ok(())
                },
            )?;
            let failed = checks.iter().filter(|c| !c.passed).count();
            let value = json!({ "identity": partner.identity, "checks": checks, "run": run });
            if failed > 0 {
                return Err(CliError {
                    failure: Failure::ActionFailed,
                    message: format!("{failed} check(s) failed:\n{text}"),
                    detail: value,
                });
            }
            Ok(Output::new(text, value))
        }
    }
}
