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
}

pub(super) fn run(command: TopologyCommand, data: &DataDir) -> Result<Output, CliError> {
    match command {
        TopologyCommand::Validate { file } => {
            let topology = topology::load(&file)?;
            let pools = topology.pools().count();
            let servers = topology.server_fqdns().count();
            Ok(Output::new(
                format!(
                    "{} is valid: {} site(s), {pools} pool(s), {servers} server(s); default SIP domain {}",
                    file.display(),
                    topology.sites.len(),
                    topology.default_sip_domain().unwrap_or("-")
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
            .map_err(|m| CliError::new(crate::Failure::BadInput, m))?;
            let mut text = format!(
                "Server:  {}\nSite:    {}\nPool:    {} ({}{})\nRoles:   {}\nServers of the pool: {}\n",
                place.server,
                place.site,
                place.pool,
                place.kind.as_str(),
                place
                    .edition
                    .map(|e| format!(", {e:?} Edition"))
                    .unwrap_or_default(),
                place.roles.join(", "),
                place.pool_servers.join(", "),
            );
            if let Some(associated) = &place.associated_pool {
                text.push_str(&format!("Associated pool: {associated}\n"));
            }
            text.push_str(&format!(
                "SIP domains: {}",
                topology
                    .sip_domains
                    .iter()
                    .map(|d| if d.default {
                        format!("{} (default)", d.name)
                    } else {
                        d.name.clone()
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
            Ok(Output::new(
                text,
                json!({ "server": place, "sip_domains": topology.sip_domains }),
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
