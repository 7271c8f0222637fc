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
            let text = format!(
                "Realm (issuer):             {realm}\nExchange autodiscover URL:  {}\nOAuthTokenIssuer:           {}{}\nMetadata document:          {}",
                config
                    .exchange_autodiscover_url
                    .as_deref()
                    .unwrap_or("not set"),
                issuer.current.as_deref().unwrap_or("none assigned"),
                issuer
                    .previous
                    .as_deref()
                    .map(|p| format!(" (previous {p})"))
                    .unwrap_or_default(),
                metadata_url
                    .as_deref()
                    .unwrap_or("this server has no web services"),
            );
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
                format!(
                    "Exchange autodiscover URL set to {url} for every server (revision {revision})"
                ),
                json!({ "exchange_autodiscover_url": url, "revision": revision, "run": run }),
            ))
        }
    }
}
