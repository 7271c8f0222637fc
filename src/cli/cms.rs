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
    /// Certification authorities kept in the store.
    #[command(subcommand)]
    Ca(CmsCaCommand),
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

/// Lab CA commands.
#[derive(Debug, Subcommand)]
pub enum CmsCaCommand {
    /// Create a lab root CA in the store; servers trust it and can issue with it after step 1.
    Create {
        /// The store's directory.
        #[arg(long, value_name = "DIR")]
        cms: PathBuf,
        /// Name of the CA (what `--ca` takes).
        #[arg(long)]
        name: String,
        /// Validity of the certificates it issues, in days.
        #[arg(long, default_value_t = crate::cert::lab::DEFAULT_VALIDITY_DAYS)]
        validity_days: u32,
    },
}

fn pretty(topology: &topology::Topology) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(topology).expect("a topology serialises");
    bytes.push(b'\n');
    bytes
}

pub(super) fn run(
    command: CmsCommand,
    data: &crate::data_dir::DataDir,
) -> Result<Output, CliError> {
    match command {
        CmsCommand::Ca(CmsCaCommand::Create {
            cms,
            name,
            validity_days,
        }) => {
            let (revision, run) =
                crate::cert::actions::create_lab_ca(data, &cms, &name, validity_days)?;
            Ok(Output::new(
                format!(
                    "Created lab CA {name} in {} (revision {revision}); run step 1 on each server to detect it",
                    cms.display()
                ),
                json!({ "name": name, "revision": revision, "run": run }),
            ))
        }
        CmsCommand::Init { dir, lab } => {
            // Validate the lab topology before creating anything, so a bad host name leaves no
            // half-made store behind.
            let machine = MachineIdentity::detect();
            let lab_topology = lab.then(|| topology::lab_topology(&machine)).transpose()?;
            let cms = CentralStore::init(&dir)?;
            let mut text = format!("Created a central management store in {}", dir.display());
            let mut revision = 0;
            if let Some(lab_topology) = &lab_topology {
                let ca = crate::cert::lab::new_ca_documents(
                    crate::cert::lab::DEFAULT_LAB_CA,
                    crate::cert::lab::DEFAULT_VALIDITY_DAYS,
                )?;
                let mut documents: Vec<(&str, Vec<u8>)> = vec![(TOPOLOGY, pretty(lab_topology))];
                documents.extend(ca.iter().map(|(n, b)| (n.as_str(), b.clone())));
                revision = cms.publish(&documents)?.revision;
                text.push_str(&format!(
                    "\nPublished the lab topology and the lab CA \"{}\" (revision {revision}): Standard Edition server {} in SIP domain {}{}",
                    crate::cert::lab::DEFAULT_LAB_CA,
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
