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
        crate::fl!("cli-ca-none")
    } else {
        cas.iter()
            .map(|ca| {
                let (name, thumbprint) = (ca.name.as_str(), ca.root.thumbprint.as_str());
                let date = ca.root.not_after.date().to_string();
                if ca.can_issue {
                    crate::fl!(
                        "cli-ca-line",
                        name = name,
                        kind = ca.kind,
                        thumbprint = thumbprint,
                        date = date,
                        days = ca.validity_days
                    )
                } else {
                    crate::fl!(
                        "cli-ca-line-cannot-issue",
                        name = name,
                        kind = ca.kind,
                        thumbprint = thumbprint,
                        date = date,
                        days = ca.validity_days
                    )
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    Ok(Output::new(text, json!({ "cas": cas })))
}
