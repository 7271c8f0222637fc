//! The host firewall: where nftables filters incoming traffic (an input chain whose policy is
//! drop), step 2 inserts one rule per component into each such chain, admitting the TCP and
//! UDP ports the component's services listen on, and removal deletes exactly those rules
//! (found by their comment, `deploy-wizard COMPONENT tcp P,Q udp R`). Without such a chain the
//! host has no active firewall and nothing is changed. firewalld and ufw run on nftables: ufw's
//! chains drop by policy, firewalld's end in an unconditional reject; both are seen, and a rule
//! in them is removed with the component.

use std::collections::BTreeSet;

use serde_json::Value;

use super::ComponentError;
use crate::log::{Reason, RunLog};

/// The comment prefix of the wizard's rules.
const TAG: &str = "deploy-wizard";

/// A filtering input chain: family, table, chain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chain {
    family: String,
    table: String,
    chain: String,
}

/// What the host's firewall is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Firewall {
    /// `nft` is not installed, or the ruleset cannot be read (not root).
    Unknown(String),
    /// No input chain drops traffic: every port is admitted.
    Inactive,
    /// These input chains drop what no rule accepts.
    Active(Vec<Chain>),
}

/// The ports a component's services need admitted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ports {
    /// TCP ports.
    pub tcp: BTreeSet<u16>,
    /// UDP ports.
    pub udp: BTreeSet<u16>,
}

impl Ports {
    fn comment(&self, component: &str) -> String {
        let list = |ports: &BTreeSet<u16>| {
            ports
                .iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(",")
        };
        let mut comment = format!("{TAG} {component}");
        if !self.tcp.is_empty() {
            comment.push_str(&format!(" tcp {}", list(&self.tcp)));
        }
        if !self.udp.is_empty() {
            comment.push_str(&format!(" udp {}", list(&self.udp)));
        }
        comment
    }

    /// Parses the ports back from a rule's comment.
    fn from_comment(comment: &str) -> Ports {
        let mut ports = Ports::default();
        let words: Vec<&str> = comment.split_whitespace().collect();
        for pair in words.windows(2) {
            let set = match pair[0] {
                "tcp" => &mut ports.tcp,
                "udp" => &mut ports.udp,
                _ => continue,
            };
            set.extend(pair[1].split(',').filter_map(|p| p.parse::<u16>().ok()));
        }
        ports
    }
}

fn nft(args: &[&str]) -> Result<String, String> {
    let Some(program) = crate::process::find_program("nft") else {
        return Err("nft is not installed".into());
    };
    let output = crate::process::run::output_within(
        crate::process::run::command(program).args(args),
        std::time::Duration::from_secs(30),
    )
    .map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_string())
    }
}

fn ruleset() -> Result<Vec<Value>, String> {
    let text = nft(&["-j", "-a", "list", "ruleset"])?;
    let json: Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    Ok(json["nftables"].as_array().cloned().unwrap_or_default())
}

/// Environment variable: `leave` keeps the wizard from reading or changing the firewall (the
/// test suite sets it, except where a test brings its own network namespace).
pub const FIREWALL_ENV: &str = "DEPLOY_WIZARD_FIREWALL";

/// Reads the host's firewall.
pub fn detect() -> Firewall {
    if std::env::var(FIREWALL_ENV).is_ok_and(|v| v == "leave") {
        return Firewall::Unknown(format!("{FIREWALL_ENV}=leave"));
    }
    let items = match ruleset() {
        Ok(items) => items,
        Err(reason) => return Firewall::Unknown(reason),
    };
    // A chain ending in an unconditional reject or drop filters too (firewalld's filter_INPUT
    // has policy accept and ends with `reject with icmpx admin-prohibited`).
    let ends_in_refusal = |family: &Value, table: &Value, name: &Value| {
        items.iter().filter_map(|item| item.get("rule")).any(|r| {
            r["family"] == *family
                && r["table"] == *table
                && r["chain"] == *name
                && r["expr"].as_array().is_some_and(|expr| {
                    expr.len() == 1
                        && (expr[0].get("reject").is_some() || expr[0].get("drop").is_some())
                })
        })
    };
    let chains: Vec<Chain> = items
        .iter()
        .filter_map(|item| item.get("chain"))
        .filter(|c| {
            c["hook"] == "input"
                && c["type"] == "filter"
                && (c["policy"] == "drop" || ends_in_refusal(&c["family"], &c["table"], &c["name"]))
        })
        .map(|c| Chain {
            family: c["family"].as_str().unwrap_or("inet").to_string(),
            table: c["table"].as_str().unwrap_or_default().to_string(),
            chain: c["name"].as_str().unwrap_or_default().to_string(),
        })
        .collect();
    if chains.is_empty() {
        Firewall::Inactive
    } else {
        Firewall::Active(chains)
    }
}

/// The wizard's rules: (chain, handle, comment).
fn our_rules(component: Option<&str>) -> Result<Vec<(Chain, u64, String)>, String> {
    Ok(ruleset()?
        .iter()
        .filter_map(|item| item.get("rule"))
        .filter_map(|r| {
            let comment = r["comment"].as_str()?;
            let mut words = comment.split_whitespace();
            (words.next() == Some(TAG) && component.is_none_or(|name| words.next() == Some(name)))
                .then(|| {
                    (
                        Chain {
                            family: r["family"].as_str().unwrap_or_default().to_string(),
                            table: r["table"].as_str().unwrap_or_default().to_string(),
                            chain: r["chain"].as_str().unwrap_or_default().to_string(),
                        },
                        r["handle"].as_u64().unwrap_or_default(),
                        comment.to_string(),
                    )
                })
        })
        .collect())
}

/// The ports the wizard's rules admit, when the host has an active firewall (`None` without).
pub fn admitted() -> Option<Ports> {
    if !matches!(detect(), Firewall::Active(_)) {
        return None;
    }
    let mut all = Ports::default();
    for (_, _, comment) in our_rules(None).unwrap_or_default() {
        let ports = Ports::from_comment(&comment);
        all.tcp.extend(ports.tcp);
        all.udp.extend(ports.udp);
    }
    Some(all)
}

/// Admits `ports` for `component` in every filtering input chain (replacing its older rules);
/// logs what it did, or that the host has no active firewall.
pub fn admit(component: &str, ports: &Ports, log: &mut RunLog) -> Result<(), ComponentError> {
    let chains = match detect() {
        Firewall::Active(chains) => chains,
        Firewall::Inactive => {
            log.tell(Reason::new("said-firewall-inactive").with("component", component));
            return Ok(());
        }
        Firewall::Unknown(reason) => {
            log.tell(
                Reason::new("said-firewall-unknown")
                    .with("component", component)
                    .with("reason", reason),
            );
            return Ok(());
        }
    };
    let comment = ports.comment(component);
    let existing = our_rules(Some(component)).map_err(ComponentError::Failed)?;
    if existing.len() == chains.len() && existing.iter().all(|(_, _, c)| *c == comment) {
        return Ok(());
    }
    withdraw(component, log)?;
    for chain in &chains {
        for (protocol, set) in [("tcp", &ports.tcp), ("udp", &ports.udp)] {
            if set.is_empty() {
                continue;
            }
            let list = set
                .iter()
                .map(u16::to_string)
                .collect::<Vec<_>>()
                .join(", ");
            let quoted = format!("\"{comment}\"");
            let args = [
                "insert",
                "rule",
                &chain.family,
                &chain.table,
                &chain.chain,
                protocol,
                "dport",
                &format!("{{ {list} }}"),
                "accept",
                "comment",
                &quoted,
            ];
            log.info(&format!("$ nft {}", args.join(" ")));
            nft(&args).map_err(|reason| {
                ComponentError::Failed(format!(
                    "{component}: cannot add the firewall rule in {} {} {}: {reason}",
                    chain.family, chain.table, chain.chain
                ))
            })?;
        }
    }
    log.tell(
        Reason::new("said-firewall-admitted")
            .with("component", component)
            .with("ports", comment.trim_start_matches(TAG).trim()),
    );
    Ok(())
}

/// Deletes `component`'s rules, wherever they are.
pub fn withdraw(component: &str, log: &mut RunLog) -> Result<(), ComponentError> {
    let Ok(rules) = our_rules(Some(component)) else {
        return Ok(());
    };
    for (chain, handle, _) in rules {
        let handle = handle.to_string();
        let args = [
            "delete",
            "rule",
            &chain.family,
            &chain.table,
            &chain.chain,
            "handle",
            &handle,
        ];
        log.info(&format!("$ nft {}", args.join(" ")));
        nft(&args).map_err(|reason| {
            ComponentError::Failed(format!(
                "{component}: cannot remove its firewall rule: {reason}"
            ))
        })?;
        log.tell(Reason::new("said-firewall-withdrawn").with("component", component));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rules_comment_says_its_ports() {
        let ports = Ports {
            tcp: [5061, 4443].into(),
            udp: [3478].into(),
        };
        let comment = ports.comment("AvEdge");
        assert_eq!(comment, "deploy-wizard AvEdge tcp 4443,5061 udp 3478");
        assert_eq!(Ports::from_comment(&comment), ports);
    }
}
