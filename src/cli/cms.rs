//! `cms init DIR [--lab] | publish --cms DIR --topology FILE | export --cms DIR --out FILE.zip`.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;

use super::{CliError, Output};
use crate::store::{CentralStore, TOPOLOGY};
use crate::topology::{self, MachineIdentity};

/// Central management store commands.
#[derive(Debug, Subcommand)]
pub enum CmsCommand {
    /// Create a central management store in a new or empty directory.
    Init {
        /// Directory of the new store.
        dir: PathBuf,
        /// Also publish the lab topology: the Standard Edition sample for this computer.
        #[arg(long)]
        lab: bool,
    },
    /// Validate a topology and publish it as a new revision.
    Publish {
        /// The store's directory.
        #[arg(long, value_name = "DIR")]
        cms: PathBuf,
        /// Topology JSON file.
        #[arg(long, value_name = "FILE")]
        topology: PathBuf,
    },
    /// Write the current revision to a zip, for servers that import it (Edge servers).
    Export {
        /// The store's directory.
        #[arg(long, value_name = "DIR")]
        cms: PathBuf,
        /// Zip file to write.
        #[arg(long, value_name = "FILE.zip")]
        out: PathBuf,
    },
}

fn pretty(topology: &topology::Topology) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(topology).expect("a topology serialises");
    bytes.push(b'\n');
    bytes
}

pub(super) fn run(command: CmsCommand) -> Result<Output, CliError> {
    match command {
        CmsCommand::Init { dir, lab } => {
            // Validate the lab topology before creating anything, so a bad host name leaves no
            // half-made store behind.
            let machine = MachineIdentity::detect();
            let lab_topology = lab.then(|| topology::lab_topology(&machine)).transpose()?;
            let cms = CentralStore::init(&dir)?;
            let mut text = format!("Created a central management store in {}", dir.display());
            let mut revision = 0;
            if let Some(lab_topology) = &lab_topology {
                revision = cms.publish(&[(TOPOLOGY, pretty(lab_topology))])?.revision;
                text.push_str(&format!(
                    "\nPublished the lab topology (revision {revision}): Standard Edition server {} in SIP domain {}{}",
                    machine.fqdn,
                    machine.domain,
                    if machine.has_domain { "" } else { " (this computer has no DNS domain)" }
                ));
            }
            text.push_str(&format!(
                "\nNext: deploy-wizard store install --from-cms {}",
                dir.display()
            ));
            Ok(Output::new(
                text,
                json!({ "cms": dir, "revision": revision, "lab": lab, "server": lab.then_some(&machine.fqdn) }),
            ))
        }
        CmsCommand::Publish {
            cms,
            topology: file,
        } => {
            let topology = topology::load(&file)?;
            let store = CentralStore::open(&cms)?;
            let outcome = store.publish(&[(TOPOLOGY, pretty(&topology))])?;
            let text = if outcome.changed {
                format!(
                    "Published {} as revision {}",
                    file.display(),
                    outcome.revision
                )
            } else {
                format!(
                    "{} is already published (revision {}); nothing changed",
                    file.display(),
                    outcome.revision
                )
            };
            Ok(Output::new(text, json!(outcome)))
        }
        CmsCommand::Export { cms, out } => {
            let manifest = CentralStore::open(&cms)?.export(&out)?;
            Ok(Output::new(
                format!(
                    "Exported revision {} ({} document(s)) to {}",
                    manifest.revision,
                    manifest.documents.len(),
                    out.display()
                ),
                json!({ "revision": manifest.revision, "out": out, "documents": manifest.documents.len() }),
            ))
        }
    }
}
