//! `ca list`: certification authorities detected in the environment (from the replica).

use clap::Subcommand;
use serde_json::json;

use super::{CliError, Output};
use crate::cert::lab;
use crate::data_dir::DataDir;
use crate::store::LocalConfigurationStore;

/// CA commands.
#[derive(Debug, Subcommand)]
pub enum CaCommand {
    /// The CAs published in the central management store, as this server sees them.
    List {
        /// Print their root certificates as PEM instead (what other servers pass to
        /// `--cms-root` to trust a CMS host whose certificate a lab CA issued).
        #[arg(long)]
        pem: bool,
    },
}

pub(super) fn run(command: CaCommand, data: &DataDir) -> Result<Output, CliError> {
    let CaCommand::List { pem } = command;
    let replica = LocalConfigurationStore::require(data)?;
    if pem {
        let roots = lab::trusted_roots(&replica)?;
        let text: String = roots
            .iter()
            .map(|der| pem::encode(&pem::Pem::new("CERTIFICATE", der.clone())))
            .collect();
        return Ok(Output::new(
            text.trim_end(),
            json!({ "pem": text, "roots": roots.len() }),
        ));
    }
    let cas = lab::detected(&replica)?;
    let text = if cas.is_empty() {
        "No CA is detected in the environment; create one with `deploy-wizard cms ca create --cms DIR --name NAME`, then run step 1".to_string()
    } else {
        cas.iter()
            .map(|ca| {
                format!(
                    "{}  ({}, root {} valid until {}, issues for {} days{})",
                    ca.name,
                    ca.kind,
                    ca.root.thumbprint,
                    ca.root.not_after.date(),
                    ca.validity_days,
                    if ca.can_issue {
                        ""
                    } else {
                        "; this server cannot issue with it"
                    }
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Ok(Output::new(text, json!({ "cas": cas })))
}
