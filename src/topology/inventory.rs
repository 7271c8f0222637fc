//! An Ansible inventory made from the topology: a group per pool, per site and per role, the
//! CMS host in `cms`, and on every host the variables `deploy/ansible/site.yml` reads.
//!
//! Group names are Ansible-safe (`[a-z0-9_]`): `pool_fe01_contoso_com`, `site_redmond`,
//! `role_frontend`. Host names are the server FQDNs (validated DNS names, so safe in both
//! formats).

use std::collections::BTreeMap;

use super::model::Topology;

/// The two formats `ansible-inventory` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InventoryFormat {
    /// INI, the classic `hosts` file.
    Ini,
    /// YAML.
    Yaml,
}

/// One host of the inventory and its variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InventoryHost {
    /// Server FQDN (also the inventory host name).
    pub fqdn: String,
    /// Variables, by name (values are plain words: FQDNs, names, numbers, booleans).
    pub vars: BTreeMap<&'static str, String>,
}

/// The inventory: hosts in topology order, groups by name (members in topology order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Inventory {
    /// Every server once.
    pub hosts: Vec<InventoryHost>,
    /// Group name → member FQDNs.
    pub groups: BTreeMap<String, Vec<String>>,
    /// Variables of every host (`all:vars`).
    pub all_vars: BTreeMap<&'static str, String>,
}

/// A group name from free text: lower-case letters, digits and `_`.
fn group_name(prefix: &str, text: &str) -> String {
    let mut name = String::from(prefix);
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            name.push(c.to_ascii_lowercase());
        } else if !name.ends_with('_') {
            name.push('_');
        }
    }
    name.trim_end_matches('_').to_string()
}

/// A value as INI host variables take it: bare when it is a plain word, else double-quoted.
fn ini_value(value: &str) -> String {
    // Host variables are read as Python literals: `True`/`False` are booleans.
    match value {
        "true" => return "True".into(),
        "false" => return "False".into(),
        _ => {}
    }
    if !value.is_empty()
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '/'))
    {
        value.to_string()
    } else {
        serde_json::to_string(value).expect("a string serialises")
    }
}

/// Builds the inventory of a validated topology.
pub fn inventory(topology: &Topology) -> Inventory {
    let cms = topology.central_management_store.as_ref();
    let mut hosts: Vec<InventoryHost> = Vec::new();
    let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut join = |group: String, fqdn: &str| {
        let members = groups.entry(group).or_default();
        if !members.iter().any(|m| m == fqdn) {
            members.push(fqdn.to_string());
        }
    };
    for (site, pool) in topology.pools() {
        let pool_group = group_name("pool_", &pool.fqdn);
        for server in &pool.servers {
            join(pool_group.clone(), &server.fqdn);
            join(group_name("site_", &site.name), &server.fqdn);
            join(group_name("role_", pool.kind.as_str()), &server.fqdn);
            if pool.web_services.is_some() {
                join("role_webservices".into(), &server.fqdn);
            }
            if hosts.iter().any(|h| h.fqdn == server.fqdn) {
                // A collocated Persistent Chat pool: the server keeps its first (main) pool.
                continue;
            }
            let mut vars = BTreeMap::new();
            vars.insert("dw_server", server.fqdn.clone());
            vars.insert("dw_site", site.name.clone());
            vars.insert("dw_pool", pool.fqdn.clone());
            vars.insert("dw_pool_group", pool_group.clone());
            vars.insert("dw_pool_kind", pool.kind.as_str().to_string());
            vars.insert("dw_pool_size", pool.servers.len().to_string());
            if let Some(edition) = pool.edition {
                vars.insert("dw_edition", format!("{edition:?}"));
            }
            let hosts_cms = cms.is_some_and(|c| c.server == server.fqdn);
            vars.insert("dw_cms_host", hosts_cms.to_string());
            hosts.push(InventoryHost {
                fqdn: server.fqdn.clone(),
                vars,
            });
        }
    }
    if let Some(cms) = cms {
        join("cms".into(), &cms.server);
    }
    let mut all_vars = BTreeMap::new();
    if let Some(cms) = cms {
        all_vars.insert("dw_cms_server", cms.server.clone());
        all_vars.insert("dw_cms_url", cms.url());
    }
    if let Some(domain) = topology.default_sip_domain() {
        all_vars.insert("dw_default_sip_domain", domain.to_string());
    }
    Inventory {
        hosts,
        groups,
        all_vars,
    }
}

impl Inventory {
    /// The inventory as text in `format`.
    pub fn render(&self, format: InventoryFormat) -> String {
        match format {
            InventoryFormat::Ini => self.ini(),
            InventoryFormat::Yaml => self.yaml(),
        }
    }

    fn ini(&self) -> String {
        let mut out = String::from("# Written by deploy-wizard from the topology.\n[all]\n");
        for host in &self.hosts {
            out.push_str(&host.fqdn);
            for (name, value) in &host.vars {
                out.push_str(&format!(" {name}={}", ini_value(value)));
            }
            out.push('\n');
        }
        if !self.all_vars.is_empty() {
            out.push_str("\n[all:vars]\n");
            for (name, value) in &self.all_vars {
                out.push_str(&format!("{name}={}\n", ini_value(value)));
            }
        }
        for (group, members) in &self.groups {
            out.push_str(&format!("\n[{group}]\n"));
            for member in members {
                out.push_str(member);
                out.push('\n');
            }
        }
        out
    }

    fn yaml(&self) -> String {
        // Every value is a DNS name, a site name, a number or a boolean word; quoting them all
        // keeps a site name such as "yes" or "1" a string.
        let quote = |v: &str| serde_json::to_string(v).expect("a string serialises");
        let mut out = String::from("# Written by deploy-wizard from the topology.\nall:\n");
        out.push_str("  hosts:\n");
        for host in &self.hosts {
            out.push_str(&format!("    {}:\n", host.fqdn));
            for (name, value) in &host.vars {
                let value = match value.as_str() {
                    "true" | "false" => value.clone(),
                    v if *name == "dw_pool_size" => v.to_string(),
                    v => quote(v),
                };
                out.push_str(&format!("      {name}: {value}\n"));
            }
        }
        if !self.all_vars.is_empty() {
            out.push_str("  vars:\n");
            for (name, value) in &self.all_vars {
                out.push_str(&format!("    {name}: {}\n", quote(value)));
            }
        }
        out.push_str("  children:\n");
        for (group, members) in &self.groups {
            out.push_str(&format!("    {group}:\n      hosts:\n"));
            for member in members {
                out.push_str(&format!("        {member}:\n"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_names_are_ansible_safe() {
        assert_eq!(
            group_name("pool_", "pool01.contoso.com"),
            "pool_pool01_contoso_com"
        );
        assert_eq!(group_name("site_", "Redmond HQ (1)"), "site_redmond_hq_1");
        assert_eq!(group_name("role_", "FrontEnd"), "role_frontend");
    }
}
