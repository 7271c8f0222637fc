//! `cms init DIR [--lab] | publish --cms DIR --topology FILE | export --cms DIR --out FILE.zip`.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;

use super::{CliError, Output};
use crate::store::{CentralStore, TOPOLOGY};
use crate::topology;

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
            let mut text;
            let mut revision = 0;
            let mut server = None;
            if lab {
                let created = crate::deploy::init_lab_cms(&dir)?;
                text = created.notes.join("\n");
                revision = created.revision;
                server = Some(created.server);
            } else {
                CentralStore::init(&dir)?;
                text = format!("Created a central management store in {}", dir.display());
            }
            text.push_str(&format!(
                "\nNext: deploy-wizard store install --from-cms {}",
                dir.display()
            ));
            Ok(Output::new(
                text,
                json!({ "cms": dir, "revision": revision, "lab": lab, "server": server }),
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
