//! Which server of the topology this machine is.
//!
//! The rule (DESIGN.md): the server named by `--server`; else the one whose FQDN is the
//! machine's FQDN; else the only one whose first label is the machine's short host name, because
//! many machines and containers have no domain part.

use serde::Serialize;

use super::model::{Edition, PoolKind, Topology};
use super::names::normalize_dns_name;

/// Environment variable that overrides the machine's FQDN (for tests and odd resolvers).
pub const FQDN_ENV: &str = "DEPLOY_WIZARD_FQDN";

/// Domain used for the lab topology when the machine has no DNS domain.
pub const LAB_DOMAIN: &str = "lab.test";

/// The machine's own names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MachineIdentity {
    /// First label of the host name, lower-case.
    pub short: String,
    /// Fully qualified name: `short.domain`.
    pub fqdn: String,
    /// DNS domain, or `lab.test` when the machine has none.
    pub domain: String,
    /// Whether the domain was found on the machine (false: `lab.test` was chosen).
    pub has_domain: bool,
}

impl MachineIdentity {
    /// Reads the machine's names: `DEPLOY_WIZARD_FQDN`, else the host name when it has a domain
    /// part, else a `short.domain` alias of the host name in `/etc/hosts`, else `short.lab.test`.
    pub fn detect() -> Self {
        if let Some(fqdn) = std::env::var(FQDN_ENV).ok().filter(|v| !v.is_empty()) {
            return Self::from_name(&fqdn);
        }
        let host = gethostname::gethostname().to_string_lossy().to_lowercase();
        if host.contains('.') {
            return Self::from_name(&host);
        }
        let alias = std::fs::read_to_string("/etc/hosts")
            .ok()
            .and_then(|hosts| hosts_alias(&hosts, &host));
        Self::from_name(alias.as_deref().unwrap_or(&host))
    }

    /// Builds the identity from a host name with or without a domain part.
    pub fn from_name(name: &str) -> Self {
        let name = name.trim().trim_end_matches('.').to_lowercase();
        match name.split_once('.') {
            Some((short, domain)) => MachineIdentity {
                short: short.to_string(),
                fqdn: name.clone(),
                domain: domain.to_string(),
                has_domain: true,
            },
            None => MachineIdentity {
                fqdn: format!("{name}.{LAB_DOMAIN}"),
                short: name,
                domain: LAB_DOMAIN.to_string(),
                has_domain: false,
            },
        }
    }
}

/// The first name in `/etc/hosts` of the form `short.something` on a line that names `short`.
fn hosts_alias(hosts: &str, short: &str) -> Option<String> {
    let prefix = format!("{short}.");
    hosts
        .lines()
        .map(|line| line.split('#').next().unwrap_or(""))
        .filter(|line| {
            line.split_whitespace()
                .skip(1)
                .any(|n| n.eq_ignore_ascii_case(short) || n.to_lowercase().starts_with(&prefix))
        })
        .flat_map(|line| line.split_whitespace().skip(1))
        .map(str::to_lowercase)
        .find(|name| name.starts_with(&prefix) && name.len() > prefix.len())
}

/// Where a server stands in the topology, and what it does.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServerPlace {
    /// Server FQDN.
    pub server: String,
    /// Site name.
    pub site: String,
    /// Pool FQDN.
    pub pool: String,
    /// Pool kind.
    pub kind: PoolKind,
    /// Every kind of pool this server serves (a Standard Edition server may also be its
    /// collocated Persistent Chat pool's server).
    pub kinds: Vec<PoolKind>,
    /// Front End edition, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edition: Option<Edition>,
    /// Roles this server runs, in the order the deployment sets them up.
    pub roles: Vec<String>,
    /// Every server of the pool (this one included).
    pub pool_servers: Vec<String>,
    /// The pool this pool is associated with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub associated_pool: Option<String>,
    /// How the server was found: "--server", "machine FQDN" or "short host name".
    pub matched_by: String,
    /// Whether this server hosts the central management store (and serves it over HTTPS).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub cms_host: bool,
}

/// Finds this server in `topology`; the error lists what was tried and what exists.
pub fn find_this_server(
    topology: &Topology,
    explicit: Option<&str>,
    machine: &MachineIdentity,
) -> Result<ServerPlace, String> {
    let place = |fqdn: &str, matched_by: &str| {
        topology.pools().find_map(|(site, pool)| {
            pool.servers.iter().any(|s| s.fqdn == fqdn).then(|| {
                let mut roles = vec![pool.kind.as_str().to_string()];
                if pool.web_services.is_some() {
                    roles.push("WebServices".into());
                }
                // A Persistent Chat pool collocated on this (Standard Edition) server.
                let mut kinds = vec![pool.kind];
                for (_, other) in topology.pools() {
                    if other.kind != pool.kind && other.servers.iter().any(|s| s.fqdn == fqdn) {
                        kinds.push(other.kind);
                        roles.push(other.kind.as_str().to_string());
                    }
                }
                let cms_host = topology
                    .central_management_store
                    .as_ref()
                    .is_some_and(|c| c.server == fqdn);
                if cms_host {
                    roles.push("CentralManagementStore".into());
                }
                ServerPlace {
                    server: fqdn.to_string(),
                    site: site.name.clone(),
                    pool: pool.fqdn.clone(),
                    kind: pool.kind,
                    kinds,
                    edition: pool.edition,
                    roles,
                    pool_servers: pool.servers.iter().map(|s| s.fqdn.clone()).collect(),
                    associated_pool: pool.associated_pool.clone(),
                    matched_by: matched_by.to_string(),
                    cms_host,
                }
            })
        })
    };
    let known = || {
        let all: Vec<&str> = topology.server_fqdns().collect();
        let shown = all.iter().take(10).copied().collect::<Vec<_>>().join(", ");
        if all.len() > 10 {
            format!("{shown} and {} more", all.len() - 10)
        } else if all.is_empty() {
            "none".to_string()
        } else {
            shown
        }
    };
    if let Some(name) = explicit {
        let fqdn = normalize_dns_name(name, false).map_err(|e| format!("--server: {e}"))?;
        return place(&fqdn, "--server").ok_or_else(|| {
            format!(
                "the topology has no server {fqdn}; its servers are: {}",
                known()
            )
        });
    }
    if let Some(found) = place(&machine.fqdn, "machine FQDN") {
        return Ok(found);
    }
    let prefix = format!("{}.", machine.short);
    let by_short: Vec<&str> = topology
        .server_fqdns()
        .filter(|f| f.starts_with(&prefix))
        .collect();
    match by_short.as_slice() {
        [one] => Ok(place(one, "short host name").expect("the server exists")),
        [] => Err(format!(
            "this computer ({}) is not a server of the topology; its servers are: {}. \
             Pass --server FQDN to choose one, or publish a topology that names this computer",
            machine.fqdn,
            known()
        )),
        many => Err(format!(
            "several servers share this computer's short name {}: {}; pass --server FQDN",
            machine.short,
            many.join(", ")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_without_domain_uses_lab_test() {
        let id = MachineIdentity::from_name("Box7");
        assert_eq!(id.fqdn, "box7.lab.test");
        assert_eq!(id.domain, "lab.test");
        assert!(!id.has_domain);
        let id = MachineIdentity::from_name("fe01.contoso.com");
        assert_eq!(
            (id.short.as_str(), id.domain.as_str()),
            ("fe01", "contoso.com")
        );
    }

    #[test]
    fn hosts_alias_finds_the_qualified_name() {
        let hosts = "127.0.0.1 localhost\n10.0.0.5 box7.corp.example box7 # me\n";
        assert_eq!(
            hosts_alias(hosts, "box7").as_deref(),
            Some("box7.corp.example")
        );
        assert_eq!(hosts_alias(hosts, "other"), None);
    }
}
