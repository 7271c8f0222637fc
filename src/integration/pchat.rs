//! Persistent Chat's policy, administrators and lab accounts in the CMS: what `pchat policy`,
//! `pchat admin` and `pchat user` change. Every input is checked against the topology before
//! anything is published; a password is turned into its SCRAM verifier at once and never
//! stored, logged or shown.

use crate::components::chat::{
    ACCOUNTS_DOC, ADMINS_DOC, Account, POLICY_DOC, Policy, Scope, Verifier, valid_user,
};
use crate::store::{CentralStore, StoreError};
use crate::topology::{PoolKind, Topology};

/// The longest password accepted (a password file is read with a size limit anyway).
pub const MAX_PASSWORD: usize = 1024;

/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 8;

fn bad(message: String) -> StoreError {
    StoreError::BadLocation(message)
}

/// A SIP URI as the wizard keeps it (`sip:` prefix, lower-case), or why it is refused.
pub fn user(text: &str) -> Result<String, StoreError> {
    let text = text.trim();
    let bare = text.strip_prefix("sip:").unwrap_or(text);
    let uri = match bare.split_once('@') {
        // SIP addresses of users are compared without case, as XMPP compares JIDs: Alice and
        // alice are one user.
        Some((name, domain)) => format!(
            "sip:{}@{}",
            name.to_ascii_lowercase(),
            domain.to_ascii_lowercase()
        ),
        None => String::new(),
    };
    if valid_user(&uri) {
        Ok(uri)
    } else {
        Err(bad(format!(
            "{text:?} is not the SIP URI of a user: give one such as sip:alice@contoso.com (letters, digits and ._-+ before the @, not starting or ending with a dot, no two dots in a row)"
        )))
    }
}

/// A user of one of the topology's SIP domains.
fn user_of(topology: &Topology, text: &str) -> Result<String, StoreError> {
    let uri = user(text)?;
    let domain = uri.rsplit('@').next().unwrap_or_default();
    if !topology.sip_domains.iter().any(|d| d.name == domain) {
        return Err(bad(format!(
            "{uri} is not in a SIP domain of the topology ({}); give a user of one of them",
            topology
                .sip_domains
                .iter()
                .map(|d| d.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    Ok(uri)
}

/// Reads `global`, `site:NAME`, `pool:FQDN` (a Persistent Chat pool) or `user:SIPURI`.
pub fn scope(topology: &Topology, text: &str) -> Result<Scope, StoreError> {
    let text = text.trim();
    let (kind, value) = text.split_once(':').unwrap_or((text, ""));
    match (kind.to_ascii_lowercase().as_str(), value) {
        ("global", "") => Ok(Scope::Global),
        ("site", name) if !name.is_empty() => topology
            .sites
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
            .map(|s| Scope::Site(s.name.clone()))
            .ok_or_else(|| {
                bad(format!(
                    "the topology has no site {name:?}; its sites are {}",
                    topology
                        .sites
                        .iter()
                        .map(|s| s.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
            }),
        ("pool", fqdn) if !fqdn.is_empty() => {
            let fqdn = fqdn.to_ascii_lowercase();
            let chat: Vec<&str> = topology
                .pools()
                .filter(|(_, p)| p.kind == PoolKind::PersistentChat)
                .map(|(_, p)| p.fqdn.as_str())
                .collect();
            if chat.contains(&fqdn.as_str()) {
                Ok(Scope::Pool(fqdn))
            } else {
                Err(bad(format!(
                    "{fqdn} is not a Persistent Chat pool of the topology; its Persistent Chat pools are {}",
                    if chat.is_empty() {
                        "none".to_string()
                    } else {
                        chat.join(", ")
                    }
                )))
            }
        }
        ("user", uri) if !uri.is_empty() => Ok(Scope::User(user_of(topology, uri)?)),
        _ => Err(bad(format!(
            "{text:?} is not a policy scope: write global, site:NAME, pool:FQDN or user:SIPURI"
        ))),
    }
}

fn read<T: serde::de::DeserializeOwned + Default>(
    cms: &CentralStore,
    name: &str,
) -> Result<T, StoreError> {
    match cms.document(name)? {
        None => Ok(T::default()),
        Some(bytes) => serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
            what: format!("{name} in the central management store"),
            reason: e.to_string(),
        }),
    }
}

fn publish<T: serde::Serialize>(
    cms: &CentralStore,
    name: &str,
    value: &T,
) -> Result<u64, StoreError> {
    let mut bytes = serde_json::to_vec_pretty(value).expect("settings serialise");
    bytes.push(b'\n');
    Ok(cms.publish(&[(name, bytes)])?.revision)
}

/// The CMS's topology (what every input is checked against).
fn topology(cms: &CentralStore) -> Result<Topology, StoreError> {
    let bytes = cms.document(crate::store::TOPOLOGY)?.ok_or_else(|| {
        bad("the central management store has no topology yet: publish one first".into())
    })?;
    let text = String::from_utf8(bytes).map_err(|_| StoreError::Corrupt {
        what: "the published topology".into(),
        reason: "it is not UTF-8".into(),
    })?;
    Ok(crate::topology::parse(&text, "the published topology")?)
}

/// Sets the policy of a scope; returns the CMS revision.
pub fn set_policy(
    cms: &CentralStore,
    scope_text: &str,
    enabled: bool,
) -> Result<(Scope, u64), StoreError> {
    let topology = topology(cms)?;
    let scope = scope(&topology, scope_text)?;
    let mut policy: Policy = read(cms, POLICY_DOC)?;
    policy.set(scope.clone(), enabled);
    Ok((scope, publish(cms, POLICY_DOC, &policy)?))
}

/// Adds (`add`) or removes a Persistent Chat administrator; returns the user and the revision.
pub fn change_admin(
    cms: &CentralStore,
    text: &str,
    add: bool,
) -> Result<(String, u64), StoreError> {
    let topology = topology(cms)?;
    let uri = user_of(&topology, text)?;
    let mut admins: Vec<String> = read(cms, ADMINS_DOC)?;
    let present = admins.contains(&uri);
    match (add, present) {
        (true, false) => admins.push(uri.clone()),
        (false, true) => admins.retain(|a| a != &uri),
        (false, false) => {
            return Err(bad(format!(
                "{uri} is not a Persistent Chat administrator; `deploy-wizard pchat admin list` lists them"
            )));
        }
        (true, true) => {}
    }
    admins.sort();
    Ok((uri, publish(cms, ADMINS_DOC, &admins)?))
}

/// Why a password is refused (before anything else happens).
pub fn check_password(password: &str) -> Result<(), StoreError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD || password.len() > MAX_PASSWORD {
        return Err(bad(format!(
            "a password has {MIN_PASSWORD} to {MAX_PASSWORD} characters; the one given has {length}"
        )));
    }
    if password.chars().any(char::is_control) {
        return Err(bad(
            "the password holds a control character (a line break inside the file?); write it on one line".into(),
        ));
    }
    Ok(())
}

/// Adds a lab account (or replaces its password); returns the user and the revision.
pub fn add_user(
    cms: &CentralStore,
    text: &str,
    password: &str,
) -> Result<(String, u64), StoreError> {
    let topology = topology(cms)?;
    let uri = user_of(&topology, text)?;
    check_password(password)?;
    let mut accounts: Vec<Account> = read(cms, ACCOUNTS_DOC)?;
    accounts.retain(|a| a.user != uri);
    accounts.push(Account {
        user: uri.clone(),
        verifier: Verifier::random(password.as_bytes()),
    });
    accounts.sort_by(|a, b| a.user.cmp(&b.user));
    Ok((uri, publish(cms, ACCOUNTS_DOC, &accounts)?))
}

/// Removes a lab account; returns the user and the revision.
pub fn remove_user(cms: &CentralStore, text: &str) -> Result<(String, u64), StoreError> {
    let uri = user(text)?;
    let mut accounts: Vec<Account> = read(cms, ACCOUNTS_DOC)?;
    if !accounts.iter().any(|a| a.user == uri) {
        return Err(bad(format!(
            "{uri} has no Persistent Chat account; `deploy-wizard pchat user list` lists them"
        )));
    }
    accounts.retain(|a| a.user != uri);
    Ok((uri, publish(cms, ACCOUNTS_DOC, &accounts)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn topology() -> Topology {
        crate::topology::parse(crate::topology::ENTERPRISE_SAMPLE, "sample").unwrap()
    }

    #[test]
    fn scopes_are_checked_against_the_topology() {
        let t = topology();
        assert_eq!(scope(&t, "global").unwrap(), Scope::Global);
        assert_eq!(
            scope(&t, "site:redmond").unwrap(),
            Scope::Site("Redmond".into())
        );
        assert_eq!(
            scope(&t, "pool:PCHAT01.contoso.com").unwrap(),
            Scope::Pool("pchat01.contoso.com".into())
        );
        assert_eq!(
            scope(&t, "user:Alice@Contoso.com").unwrap(),
            Scope::User("sip:alice@contoso.com".into())
        );
        for bad in [
            "site:Paris",
            "pool:pool01.contoso.com",
            "user:alice@example.org",
            "user:al ice@contoso.com",
            "everybody",
            "global:x",
        ] {
            assert!(scope(&t, bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_are_checked() {
        assert!(check_password("correct horse").is_ok());
        assert!(check_password("short").is_err());
        assert!(check_password("two\nlines here").is_err());
        assert!(check_password(&"x".repeat(MAX_PASSWORD + 1)).is_err());
    }
}
