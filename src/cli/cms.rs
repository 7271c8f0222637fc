//! `cms init DIR [--lab] | publish --cms DIR --topology FILE | export --cms DIR --out FILE.zip`.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;

use super::{CliError, Output};
use crate::store::seal::ExportPassword;
use crate::store::{CentralStore, ExportSecrets, KeepSecrets, StoreError};

/// Environment variable holding the export password (instead of `--password-file`).
pub const EXPORT_PASSWORD_ENV: &str = "DEPLOY_WIZARD_EXPORT_PASSWORD";
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
    /// Prepare the store to be served over HTTPS by its host (step 2 there renders the nginx
    /// site): public documents as they are, protected ones sealed with a replication password
    /// that every other server gives to step 1 with --password-file.
    Serve {
        /// The store's directory.
        #[arg(long, value_name = "DIR")]
        cms: PathBuf,
        /// File holding the replication password (or set DEPLOY_WIZARD_EXPORT_PASSWORD).
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
    },
    /// Every server of the topology and the CMS revision it last reported after step 1 (the
    /// product's Get-CsManagementStoreReplicationStatus).
    ReplicationStatus {
        /// The store's directory.
        #[arg(long, value_name = "DIR")]
        cms: PathBuf,
    },
    /// Write the current revision to a zip, for servers that import it (Edge servers).
    Export {
        /// The store's directory.
        #[arg(long, value_name = "DIR")]
        cms: PathBuf,
        /// Zip file to write (owner-only).
        #[arg(long, value_name = "FILE.zip")]
        out: PathBuf,
        /// File holding the export password, which authenticates the whole export and
        /// encrypts the protected objects (CA keys, the OAuthTokenIssuer PFX, service
        /// secrets); or set DEPLOY_WIZARD_EXPORT_PASSWORD. Always needed.
        #[arg(long, value_name = "FILE")]
        password_file: Option<PathBuf>,
        /// Leave every protected object out (the export is still authenticated).
        #[arg(long, conflicts_with = "server")]
        without_secrets: bool,
        /// Keep only the protected objects this server's roles use (an Edge: the TURN secret;
        /// no CA key, no OAuthTokenIssuer PFX, no chat store secret).
        #[arg(long, value_name = "FQDN")]
        server: Option<String>,
        /// With --server: keep the lab CA keys too, for a server that requests its certificates
        /// from the lab CA itself.
        #[arg(long, requires = "server")]
        with_ca_keys: bool,
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
        /// Validity in seconds instead (10 to 86,400): a lab that tests renewal.
        #[arg(long, value_name = "SECONDS")]
        validity_seconds: Option<u32>,
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
            validity_seconds,
        }) => {
            let (revision, run) = crate::deploy::certificates::create_lab_ca(
                data,
                &cms,
                &name,
                validity_days,
                validity_seconds,
            )?;
            Ok(Output::new(
                crate::fl!(
                    "cli-cms-ca-created",
                    name = name.as_str(),
                    cms = cms.display().to_string(),
                    revision = revision
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
                text = created
                    .notes
                    .iter()
                    .map(crate::wording::reason)
                    .collect::<Vec<_>>()
                    .join("\n");
                revision = created.revision;
                server = Some(created.server);
            } else {
                CentralStore::init(&dir)?;
                text = crate::fl!("cli-cms-created", dir = dir.display().to_string());
            }
            text.push('\n');
            text.push_str(&crate::fl!(
                "cli-cms-next-store-install",
                dir = dir.display().to_string()
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
            let documents = crate::store::topology_documents(&store, &topology, pretty(&topology))?;
            let outcome = store.publish(&documents)?;
            let (file, revision) = (file.display().to_string(), outcome.revision);
            let text = if outcome.changed {
                crate::fl!("cli-cms-published", file = file, revision = revision)
            } else {
                crate::fl!(
                    "cli-cms-already-published",
                    file = file,
                    revision = revision
                )
            };
            Ok(Output::new(text, json!(outcome)))
        }
        CmsCommand::Serve { cms, password_file } => {
            let store = CentralStore::open(&cms)?;
            let password = super::read_secret(
                password_file.as_deref(),
                EXPORT_PASSWORD_ENV,
                &crate::fl!("cli-cms-replication-password"),
            )?
            .ok_or_else(|| {
                CliError::new(
                    crate::Failure::BadInput,
                    crate::fl!("cli-cms-serve-password-required"),
                )
            })?;
            let password = ExportPassword::new(password).map_err(StoreError::BadPassword)?;
            let outcome = store.serve(&password)?;
            let text = format!(
                "{}\n{}",
                crate::fl!(
                    "cli-cms-serve-ready",
                    cms = cms.display().to_string(),
                    total = outcome.public + outcome.sealed,
                    sealed = outcome.sealed
                ),
                crate::fl!("cli-cms-serve-next")
            );
            Ok(Output::new(text, json!(outcome)))
        }
        CmsCommand::ReplicationStatus { cms } => {
            let store = CentralStore::open(&cms)?;
            // Reports sent over HTTPS are where this host's HTTPS site keeps them.
            let served = crate::components::InstallManifest::load(data)
                .ok()
                .map(|m| {
                    m.component_dir(data, "CentralManagementStore")
                        .join(crate::store::REPORTS)
                })
                .filter(|dir| dir.is_dir());
            let verify = |report: &crate::store::ReplicaReport| {
                crate::deploy::verify_replication_report(data, report)
            };
            let (revision, lines) = store.replication_status(served.as_deref(), &verify)?;
            let mut text = crate::fl!("cli-cms-published-revision", revision = revision);
            text.push('\n');
            // The header's words are translated; the columns stay as wide as their header,
            // at least as wide as the English one, and the server column as its widest name.
            let header = [
                crate::fl!("cli-cms-column-server"),
                crate::fl!("cli-cms-column-up-to-date"),
                crate::fl!("cli-cms-column-revision"),
                crate::fl!("cli-cms-column-last-replicated"),
            ];
            let (yes, no) = (
                crate::fl!("cli-cms-up-to-date-true"),
                crate::fl!("cli-cms-up-to-date-false"),
            );
            let chars = |s: &str| s.chars().count();
            let width = lines
                .iter()
                .map(|l| chars(&l.server))
                .max()
                .unwrap_or(0)
                .max(chars(&header[0]))
                .max(6);
            let width2 = chars(&header[1]).max(chars(&yes)).max(chars(&no)).max(10);
            let width3 = chars(&header[2]).max(8);
            let row = |cells: [&str; 4]| {
                format!(
                    "{:width$}  {:width2$}  {:width3$}  {}\n",
                    cells[0], cells[1], cells[2], cells[3]
                )
            };
            text.push_str(&row([&header[0], &header[1], &header[2], &header[3]]));
            for line in &lines {
                let revision = line
                    .revision
                    .map(|r| r.to_string())
                    .unwrap_or_else(|| "-".into());
                let replicated = line
                    .replicated_at
                    .and_then(|t| {
                        t.format(&time::format_description::well_known::Rfc3339)
                            .ok()
                    })
                    .unwrap_or_else(|| crate::fl!("cli-cms-never-reported"));
                text.push_str(&row([
                    &line.server,
                    if line.up_to_date { &yes } else { &no },
                    &revision,
                    &replicated,
                ]));
            }
            for line in &lines {
                if let Some(reason) = &line.refused {
                    text.push_str(&crate::fl!(
                        "cli-cms-report-refused",
                        server = line.server.as_str(),
                        reason = reason.as_str()
                    ));
                    text.push('\n');
                }
            }
            let behind = lines.iter().filter(|l| !l.up_to_date).count();
            text.push_str(&if behind == 0 {
                crate::fl!("cli-cms-all-up-to-date")
            } else {
                crate::fl!("cli-cms-servers-behind", count = behind)
            });
            Ok(Output::new(
                text,
                json!({ "revision": revision, "servers": lines, "all_up_to_date": behind == 0 }),
            ))
        }
        CmsCommand::Export {
            cms,
            out,
            password_file,
            without_secrets,
            server,
            with_ca_keys,
        } => {
            let store = CentralStore::open(&cms)?;
            // For one server: what its roles use, from the published topology.
            let only = match &server {
                None => None,
                Some(server) => {
                    let text = store.document(crate::store::TOPOLOGY)?.ok_or_else(|| {
                        CliError::new(
                            crate::Failure::BadInput,
                            crate::fl!("cli-cms-export-no-topology"),
                        )
                    })?;
                    let topology = topology::parse_bytes(&text, "the published topology")?;
                    let place = topology::find_this_server(
                        &topology,
                        Some(server),
                        &topology::MachineIdentity::detect(),
                    )
                    .map_err(|e| CliError::new(crate::Failure::BadInput, super::with_hint(&e)))?;
                    let manifest = store.manifest()?;
                    Some(crate::deploy::secrets::needed(
                        &topology,
                        &place,
                        manifest.documents.keys().map(String::as_str),
                        with_ca_keys,
                    ))
                }
            };
            let password = super::read_secret(
                password_file.as_deref(),
                EXPORT_PASSWORD_ENV,
                &crate::fl!("cli-cms-export-password"),
            )?
            .ok_or(StoreError::ExportSecretsUnspecified)?;
            let secrets = ExportSecrets {
                password: ExportPassword::new(password).map_err(StoreError::BadPassword)?,
                keep: match only {
                    Some(names) => KeepSecrets::Only(names),
                    None if without_secrets => KeepSecrets::None,
                    None => KeepSecrets::All,
                },
            };
            let outcome = store.export(&out, &secrets)?;
            let mut text = crate::fl!(
                "cli-cms-exported",
                revision = outcome.revision,
                documents = outcome.documents,
                out = out.display().to_string()
            );
            if outcome.sealed > 0 {
                text.push('\n');
                text.push_str(&crate::fl!("cli-cms-export-sealed", count = outcome.sealed));
            }
            if outcome.left_out > 0 {
                text.push('\n');
                text.push_str(&match &server {
                    Some(server) => crate::fl!(
                        "cli-cms-export-left-out-for-server",
                        count = outcome.left_out,
                        server = server.as_str()
                    ),
                    None => crate::fl!(
                        "cli-cms-export-left-out-without-secrets",
                        count = outcome.left_out
                    ),
                });
            }
            Ok(Output::new(
                text,
                json!({ "revision": outcome.revision, "out": out, "documents": outcome.documents, "sealed": outcome.sealed, "left_out": outcome.left_out }),
            ))
        }
    }
}
