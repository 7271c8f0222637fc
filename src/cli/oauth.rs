//! `oauth show | oauth set --exchange-autodiscover-url URL`.

use clap::Subcommand;
use serde_json::json;

use super::{CliError, Output};
use crate::data_dir::DataDir;
use crate::deploy;
use crate::integration::oauth;
use crate::store::{LocalConfigurationStore, StoreError};

/// OAuth configuration commands.
#[derive(Debug, Subcommand)]
pub enum OAuthCommand {
    /// The server-to-server authentication settings this server uses.
    Show,
    /// Set the Exchange autodiscover service URL (global, published to the CMS).
    Set {
        /// https://…/autodiscover/autodiscover.svc
        #[arg(long, value_name = "URL")]
        exchange_autodiscover_url: String,
    },
}

impl From<deploy::StepError<StoreError>> for CliError {
    fn from(error: deploy::StepError<StoreError>) -> Self {
        CliError::from(error.error).with_run(error.run)
    }
}

pub(super) fn run(command: OAuthCommand, data: &DataDir) -> Result<Output, CliError> {
    match command {
        OAuthCommand::Show => {
            let overview = oauth::overview(&LocalConfigurationStore::require(data)?)?;
            let (realm, config, issuer, metadata_url) = (
                &overview.realm,
                &overview.configuration,
                &overview.oauth_token_issuer,
                &overview.metadata_url,
            );
            let mut certificate = issuer
                .current
                .clone()
                .unwrap_or_else(|| crate::fl!("cli-oauth-none-assigned"));
            if let Some(previous) = &issuer.previous {
                certificate.push(' ');
                certificate.push_str(&crate::fl!(
                    "cli-oauth-previous",
                    thumbprint = previous.as_str()
                ));
            }
            let rows = [
                (crate::fl!("cli-oauth-label-realm"), realm.to_string()),
                (
                    crate::fl!("cli-oauth-label-autodiscover"),
                    config
                        .exchange_autodiscover_url
                        .clone()
                        .unwrap_or_else(|| crate::fl!("cli-oauth-not-set")),
                ),
                (crate::fl!("cli-oauth-label-issuer"), certificate),
                (
                    crate::fl!("cli-oauth-label-metadata"),
                    metadata_url
                        .clone()
                        .unwrap_or_else(|| crate::fl!("cli-oauth-no-web-services")),
                ),
            ];
            // The values line up two columns past the longest label.
            let width = rows
                .iter()
                .map(|(label, _)| label.chars().count())
                .max()
                .unwrap_or(0)
                + 2;
            let text = rows
                .iter()
                .map(|(label, value)| format!("{label:<width$}{value}"))
                .collect::<Vec<_>>()
                .join("\n");
            Ok(Output::new(
                text,
                json!({ "realm": realm, "configuration": config, "oauth_token_issuer": issuer, "metadata_url": metadata_url }),
            ))
        }
        OAuthCommand::Set {
            exchange_autodiscover_url,
        } => {
            let (url, revision, run) = crate::deploy::integration::set_autodiscover_url(
                data,
                &exchange_autodiscover_url,
                None,
            )?;
            Ok(Output::new(
                crate::fl!(
                    "cli-oauth-autodiscover-set",
                    url = url.as_str(),
                    revision = revision
                ),
                json!({ "exchange_autodiscover_url": url, "revision": revision, "run": run }),
            ))
        }
    }
}
