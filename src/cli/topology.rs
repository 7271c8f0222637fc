//! `topology validate FILE | show [--server FQDN] [--file FILE] | schema`.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;

use super::{CliError, Output};
use crate::data_dir::DataDir;
use crate::store::LocalConfigurationStore;
use crate::topology::{self, MachineIdentity};

/// Topology commands.
#[derive(Debug, Subcommand)]
pub enum TopologyCommand {
    /// Check a topology file; every problem is listed with its line:column and JSON path.
    Validate {
        /// Topology JSON file.
        file: PathBuf,
    },
    /// This server's site, pool and roles (from the local configuration store, or --file).
    Show {
        /// The server to show (default: this machine).
        #[arg(long, value_name = "FQDN")]
        server: Option<String>,
        /// Read this topology file instead of the local configuration store.
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
    },
    /// Print the topology JSON Schema.
    Schema,
    /// Print an Ansible inventory of every server (from the local configuration store, or
    /// --file): a group per pool, site and role, `cms` for the CMS host, and the variables
    /// `deploy/ansible/site.yml` reads.
    Inventory {
        /// Read this topology file instead of the local configuration store.
        #[arg(long, value_name = "FILE")]
        file: Option<PathBuf>,
        /// Inventory format.
        #[arg(long, value_enum, default_value_t = InventoryFormatArg::Ini)]
        format: InventoryFormatArg,
    },
}

/// `--format` of `topology inventory`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum InventoryFormatArg {
    /// INI (`hosts` file).
    Ini,
    /// YAML.
    Yaml,
}

pub(super) fn run(command: TopologyCommand, data: &DataDir) -> Result<Output, CliError> {
    match command {
        TopologyCommand::Validate { file } => {
            let topology = topology::load(&file)?;
            let pools = topology.pools().count();
            let servers = topology.server_fqdns().count();
            Ok(Output::new(
                crate::fl!(
                    "cli-topology-valid",
                    file = file.display().to_string(),
                    sites = topology.sites.len(),
                    pools = pools,
                    servers = servers,
                    domain = topology.default_sip_domain().unwrap_or("-")
                ),
                json!({
                    "valid": true,
                    "file": file,
                    "sites": topology.sites.len(),
                    "pools": pools,
                    "servers": servers,
                    "default_sip_domain": topology.default_sip_domain(),
                }),
            ))
        }
        TopologyCommand::Show { server, file } => {
            let (topology, server) = match file {
                Some(file) => (topology::load(&file)?, server),
                None => {
                    let replica = LocalConfigurationStore::require(data)?;
                    let server = server.or_else(|| Some(replica.manifest().server.clone()));
                    (replica.topology()?, server)
                }
            };
            let place = topology::find_this_server(
                &topology,
                server.as_deref(),
                &MachineIdentity::detect(),
            )
            .map_err(|e| CliError::new(crate::Failure::BadInput, super::with_hint(&e)))?;
            let pool = format!(
                "{} ({}{})",
                place.pool,
                place.kind.as_str(),
                place
                    .edition
                    .map(|e| crate::fl!("cli-topology-edition", edition = format!("{e:?}")))
                    .unwrap_or_default(),
            );
            let rows = [
                (crate::fl!("cli-topology-label-server"), &place.server),
                (crate::fl!("cli-topology-label-site"), &place.site),
                (crate::fl!("cli-topology-label-pool"), &pool),
                (
                    crate::fl!("cli-topology-label-roles"),
                    &place.roles.join(", "),
                ),
            ];
            // The values line up two columns past the longest label.
            let width = rows
                .iter()
                .map(|(label, _)| label.chars().count())
                .max()
                .unwrap_or(0)
                + 2;
            let mut text: String = rows
                .iter()
                .map(|(label, value)| format!("{label:<width$}{value}\n"))
                .collect();
            text.push_str(&crate::fl!(
                "cli-topology-pool-servers",
                servers = place.pool_servers.join(", ")
            ));
            text.push('\n');
            if let Some(associated) = &place.associated_pool {
                text.push_str(&crate::fl!(
                    "cli-topology-associated-pool",
                    pool = associated.as_str()
                ));
                text.push('\n');
            }
            let domains = topology
                .sip_domains
                .iter()
                .map(|d| {
                    if d.default {
                        crate::fl!("cli-topology-default-domain", domain = d.name.as_str())
                    } else {
                        d.name.clone()
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            text.push_str(&crate::fl!("cli-topology-sip-domains", domains = domains));
            Ok(Output::new(
                text,
                json!({ "server": place, "sip_domains": topology.sip_domains }),
            ))
        }
        TopologyCommand::Inventory { file, format } => {
            let topology = match file {
                Some(file) => topology::load(&file)?,
                None => LocalConfigurationStore::require(data)?.topology()?,
            };
            let inventory = topology::inventory(&topology);
            let text = inventory.render(match format {
                InventoryFormatArg::Ini => topology::InventoryFormat::Ini,
                InventoryFormatArg::Yaml => topology::InventoryFormat::Yaml,
            });
            let hosts: serde_json::Map<String, serde_json::Value> = inventory
                .hosts
                .iter()
                .map(|h| (h.fqdn.clone(), json!(h.vars)))
                .collect();
            Ok(Output::new(
                text.trim_end(),
                json!({ "hosts": hosts, "groups": inventory.groups, "vars": inventory.all_vars }),
            ))
        }
        TopologyCommand::Schema => {
            let schema = topology::schema_json();
            let value: serde_json::Value =
                serde_json::from_str(&schema).expect("the schema is JSON");
            Ok(Output::new(schema.trim_end(), value))
        }
    }
}
