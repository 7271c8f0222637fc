//! Persistent Chat's settings as the CMS keeps them (policy, administrators, accounts, the
//! store's secret) and what step 2 renders from them: the users enabled by policy on a pool,
//! Prosody's account verifiers and PostgreSQL's role verifier. Clear passwords are never kept:
//! an account is a SCRAM-SHA-256 verifier (RFC 7677), which Prosody checks a login against and
//! PostgreSQL accepts as a role's password.

use aws_lc_rs::{digest, hmac, pbkdf2};
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::num::NonZeroU32;

use super::ComponentError;
use crate::store::{LocalConfigurationStore, StoreError};
use crate::topology::{Pool, PoolKind, SqlStore, Topology};

/// The CMS document of the policy (who may use Persistent Chat).
pub const POLICY_DOC: &str = "settings/pchat/policy.json";
/// The CMS document of the Persistent Chat administrators.
pub const ADMINS_DOC: &str = "settings/pchat/admins.json";
/// The CMS document of the lab accounts (verifiers only; protected all the same).
pub const ACCOUNTS_DOC: &str = "protected/settings/pchat/accounts.json";

/// SCRAM iterations for new verifiers (RFC 7677's minimum).
pub const ITERATIONS: u32 = 4096;

/// Where a policy applies, from the least to the most specific.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "scope", content = "name", rename_all = "snake_case")]
pub enum Scope {
    /// Everybody.
    Global,
    /// Users homed on a site's pools.
    Site(String),
    /// Users of one Persistent Chat pool.
    Pool(String),
    /// One user (`sip:alice@contoso.com`).
    User(String),
}

impl Scope {
    /// How specific: the most specific applicable entry wins.
    pub fn rank(&self) -> u8 {
        match self {
            Scope::Global => 0,
            Scope::Site(_) => 1,
            Scope::Pool(_) => 2,
            Scope::User(_) => 3,
        }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::Global => f.write_str("global"),
            Scope::Site(name) => write!(f, "site:{name}"),
            Scope::Pool(fqdn) => write!(f, "pool:{fqdn}"),
            Scope::User(uri) => write!(f, "user:{uri}"),
        }
    }
}

/// One policy entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyEntry {
    /// Where it applies.
    #[serde(flatten)]
    pub scope: Scope,
    /// Whether Persistent Chat is enabled there.
    pub enabled: bool,
}

/// The Persistent Chat policy: off for everybody unless an entry says otherwise.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    /// Entries, one per scope.
    pub entries: Vec<PolicyEntry>,
}

impl Policy {
    /// Sets the entry of `scope` (replacing the one there).
    pub fn set(&mut self, scope: Scope, enabled: bool) {
        self.entries.retain(|e| e.scope != scope);
        self.entries.push(PolicyEntry { scope, enabled });
        self.entries.sort_by(|a, b| a.scope.cmp(&b.scope));
    }

    /// Whether `user` (a SIP URI) homed on `pool` of `site` may use Persistent Chat, and the
    /// scope that decided (None: nobody said, so no).
    pub fn enabled(&self, user: &str, site: &str, pool: &str) -> (bool, Option<&Scope>) {
        self.entries
            .iter()
            .filter(|e| match &e.scope {
                Scope::Global => true,
                Scope::Site(name) => name == site,
                Scope::Pool(fqdn) => fqdn == pool,
                Scope::User(uri) => uri == user,
            })
            .max_by_key(|e| e.scope.rank())
            .map_or((false, None), |e| (e.enabled, Some(&e.scope)))
    }
}

/// A lab account: a SIP URI and the SCRAM-SHA-256 verifier of its password.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// `sip:alice@contoso.com`.
    pub user: String,
    /// The verifier.
    pub verifier: Verifier,
}

/// A SCRAM-SHA-256 verifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verifier {
    /// PBKDF2 iterations.
    pub iterations: u32,
    /// Salt, hex.
    pub salt: String,
    /// H(HMAC(SaltedPassword, "Client Key")), hex.
    pub stored_key: String,
    /// HMAC(SaltedPassword, "Server Key"), hex.
    pub server_key: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    text.len()
        .is_multiple_of(2)
        .then(|| {
            (0..text.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
                .collect()
        })
        .flatten()
}

impl Verifier {
    /// The verifier of `password` with `salt`.
    pub fn new(password: &[u8], salt: &[u8], iterations: u32) -> Verifier {
        let mut salted = [0u8; 32];
        pbkdf2::derive(
            pbkdf2::PBKDF2_HMAC_SHA256,
            NonZeroU32::new(iterations.max(1)).expect("at least one iteration"),
            salt,
            password,
            &mut salted,
        );
        let key = hmac::Key::new(hmac::HMAC_SHA256, &salted);
        let client = hmac::sign(&key, b"Client Key");
        let stored = digest::digest(&digest::SHA256, client.as_ref());
        let server = hmac::sign(&key, b"Server Key");
        Verifier {
            iterations,
            salt: hex(salt),
            stored_key: hex(stored.as_ref()),
            server_key: hex(server.as_ref()),
        }
    }

    /// A verifier of `password` with a fresh random salt.
    pub fn random(password: &[u8]) -> Verifier {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt).expect("the operating system's random source is available");
        Verifier::new(password, &salt, ITERATIONS)
    }

    /// Whether it is well formed (what the CMS holds is checked before it is rendered).
    pub fn well_formed(&self) -> bool {
        let sized = |h: &str, n: usize| h.len() == n * 2 && unhex(h).is_some();
        (ITERATIONS..=1_000_000).contains(&self.iterations)
            && (8..=64).contains(&(self.salt.len() / 2))
            && unhex(&self.salt).is_some()
            && sized(&self.stored_key, 32)
            && sized(&self.server_key, 32)
    }

    /// PostgreSQL's form of it (`SCRAM-SHA-256$ITER:SALT$STOREDKEY:SERVERKEY`, Base64).
    pub fn postgresql(&self) -> String {
        let b64 = |h: &str| {
            base64::engine::general_purpose::STANDARD.encode(unhex(h).unwrap_or_default())
        };
        format!(
            "SCRAM-SHA-256${}:{}${}:{}",
            self.iterations,
            b64(&self.salt),
            b64(&self.stored_key),
            b64(&self.server_key)
        )
    }
}

/// The verifier of the store's secret, as the role's password in PostgreSQL. Its salt is
/// derived from the secret so that rendering twice gives the same file.
pub fn store_verifier(secret: &str) -> Verifier {
    let key = hmac::Key::new(hmac::HMAC_SHA256, secret.as_bytes());
    let salt = hmac::sign(&key, b"deploy-wizard persistent chat store salt");
    Verifier::new(secret.as_bytes(), &salt.as_ref()[..16], ITERATIONS)
}

/// The bare JID of a SIP URI (`sip:alice@contoso.com` → `alice@contoso.com`).
pub fn jid(user: &str) -> &str {
    user.strip_prefix("sip:").unwrap_or(user)
}

/// Whether `user` is a SIP URI of a user the wizard writes into a configuration: `sip:`,
/// a local part of letters, digits and `._-+`, a domain of letters, digits, `.` and `-`.
pub fn valid_user(user: &str) -> bool {
    let Some(bare) = user.strip_prefix("sip:") else {
        return false;
    };
    bare.len() <= 256
        && bare.split_once('@').is_some_and(|(name, domain)| {
            !name.is_empty()
                && !name.starts_with('.')
                && !name.ends_with('.')
                && !name.contains("..")
                && !domain.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "._-+".contains(c))
                && domain
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-".contains(c))
                && !domain.starts_with(['.', '-'])
        })
}

/// A Lua list of quoted JIDs (every entry already checked with [`valid_user`]).
pub fn lua_list<'a>(users: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<String> = users
        .into_iter()
        .filter(|u| valid_user(u))
        .map(|u| format!("\"{}\"", jid(u)))
        .collect();
    format!("{{ {} }}", items.join(", "))
}

/// The accounts file Prosody's `mod_auth_deploy_wizard` reads: one line per account,
/// `JID ITERATIONS SALT STOREDKEY SERVERKEY` (hex); malformed accounts are left out.
pub fn accounts_file(accounts: &[Account]) -> String {
    let mut text = String::from(
        "# Written by deploy-wizard from the CMS: SCRAM-SHA-256 verifiers, no passwords.\n",
    );
    for account in accounts {
        if valid_user(&account.user) && account.verifier.well_formed() {
            let v = &account.verifier;
            text.push_str(&format!(
                "{} {} {} {} {}\n",
                jid(&account.user),
                v.iterations,
                v.salt,
                v.stored_key,
                v.server_key
            ));
        }
    }
    text
}

/// The role the chat service logs in to its stores with.
pub const STORE_ROLE: &str = "pchat";

/// The role a disaster-recovery standby replicates with (the same secret).
pub const REPLICATION_ROLE: &str = "pchat_replication";

/// The template variable holding the store's secret (private files only).
pub const STORE_SECRET_VAR: &str = "chat_store_secret";

/// What the replica holds about Persistent Chat: policy, administrators, accounts.
#[derive(Debug, Clone, Default)]
pub struct ChatSettings {
    /// Who may use it.
    pub policy: Policy,
    /// The Persistent Chat administrators (SIP URIs).
    pub admins: Vec<String>,
    /// The lab accounts.
    pub accounts: Vec<Account>,
}

impl ChatSettings {
    /// Reads them from the replica (absent documents: nobody enabled, no administrator, no
    /// account).
    pub fn read(replica: &LocalConfigurationStore) -> Result<ChatSettings, StoreError> {
        fn doc<T: serde::de::DeserializeOwned + Default>(
            replica: &LocalConfigurationStore,
            name: &str,
        ) -> Result<T, StoreError> {
            match replica.document(name)? {
                None => Ok(T::default()),
                Some(bytes) => serde_json::from_slice(&bytes).map_err(|e| StoreError::Corrupt {
                    what: name.to_string(),
                    reason: format!("{e}; publish it again from the CMS host"),
                }),
            }
        }
        Ok(ChatSettings {
            policy: doc(replica, POLICY_DOC)?,
            admins: doc(replica, ADMINS_DOC)?,
            accounts: doc(replica, ACCOUNTS_DOC)?,
        })
    }

    /// The users enabled on `pool` of `site`: the accounts and the users the policy names,
    /// each as the policy resolves it.
    pub fn enabled_users(&self, site: &str, pool: &str) -> Vec<String> {
        let mut users: Vec<String> = self
            .accounts
            .iter()
            .map(|a| a.user.clone())
            .chain(self.policy.entries.iter().filter_map(|e| match &e.scope {
                Scope::User(uri) => Some(uri.clone()),
                _ => None,
            }))
            .collect();
        users.sort();
        users.dedup();
        users.retain(|u| self.policy.enabled(u, site, pool).0);
        users
    }
}

/// The Persistent Chat pool `server` serves and its site, if any.
pub fn chat_pool<'a>(topology: &'a Topology, server: &str) -> Option<(&'a str, &'a Pool)> {
    topology
        .pools()
        .find(|(_, p)| {
            p.kind == PoolKind::PersistentChat && p.servers.iter().any(|s| s.fqdn == server)
        })
        .map(|(site, pool)| (site.name.as_str(), pool))
}

/// The Persistent Chat pool whose disaster-recovery standby `server` runs, with the standby.
pub fn standby_here<'a>(topology: &'a Topology, server: &str) -> Option<(&'a Pool, &'a SqlStore)> {
    topology.pools().map(|(_, p)| p).find_map(|pool| {
        let standby = pool
            .persistent_chat
            .as_ref()?
            .disaster_recovery_store
            .as_ref()?;
        let here = if standby.collocated() {
            pool.kind == PoolKind::PersistentChat && pool.servers.iter().any(|s| s.fqdn == server)
        } else {
            standby.server == server
        };
        here.then_some((pool, standby))
    })
}

/// Whether `server` runs a store of its Persistent Chat pool (collocated).
pub fn collocated_store(topology: &Topology, server: &str) -> bool {
    chat_pool(topology, server)
        .and_then(|(_, p)| p.persistent_chat.as_ref())
        .is_some_and(|s| {
            s.store.collocated() || s.compliance_store.as_ref().is_some_and(|c| c.collocated())
        })
}

/// The store of this server's Persistent Chat pool when it is on another server: its host and
/// port (from the variables [`add_vars`] set).
pub fn remote_store(vars: &BTreeMap<String, String>) -> Option<(String, u16)> {
    if vars.get("chat_store_collocated").map(String::as_str) != Some("false") {
        return None;
    }
    let host = vars.get("chat_store_host")?.clone();
    let port = vars.get("chat_store_port")?.parse().ok()?;
    Some((host, port))
}

/// The variables of the disaster-recovery standby `server` runs, if any: its port and
/// address, and where its primary is.
fn add_standby_vars(
    vars: &mut BTreeMap<String, String>,
    topology: &Topology,
    server: &str,
    listen: &str,
    secret: Option<&str>,
) {
    let Some((pool, standby)) = standby_here(topology, server) else {
        return;
    };
    let Some(settings) = &pool.persistent_chat else {
        return;
    };
    let local = if listen == "0.0.0.0" {
        "127.0.0.1"
    } else {
        listen
    };
    let primary = if standby.collocated() {
        local.to_string()
    } else {
        pool.servers
            .first()
            .map(|s| s.fqdn.clone())
            .unwrap_or_default()
    };
    for (name, value) in [
        ("standby_port", standby.port.to_string()),
        ("standby_listen", local.to_string()),
        ("standby_primary_host", primary),
        ("standby_primary_port", settings.store.port.to_string()),
        ("standby_database", settings.store.database.clone()),
        ("chat_store_user", STORE_ROLE.to_string()),
        ("chat_replication_user", REPLICATION_ROLE.to_string()),
    ] {
        vars.insert(name.into(), value);
    }
    if let Some(secret) = secret {
        vars.insert(STORE_SECRET_VAR.into(), secret.to_string());
    }
}

/// Adds the Persistent Chat variables of `server` to `vars` (nothing when it serves no
/// Persistent Chat pool). `listen` is the address services are restricted to (`0.0.0.0`:
/// every address).
pub fn add_vars(
    vars: &mut BTreeMap<String, String>,
    replica: &LocalConfigurationStore,
    topology: &Topology,
    server: &str,
    listen: &str,
) -> Result<(), ComponentError> {
    let secret = replica.chat_store_secret()?;
    add_standby_vars(vars, topology, server, listen, secret.as_deref());
    let Some((site, pool)) = chat_pool(topology, server) else {
        return Ok(());
    };
    let Some(settings) = &pool.persistent_chat else {
        return Ok(());
    };
    let chat = ChatSettings::read(replica)?;
    let every = listen == "0.0.0.0";
    // A collocated store listens on loopback, or on the one address services are kept to;
    // with a standby on another server, on every address (its rules admit only the chat
    // service's roles, with their password).
    let remote_standby = settings
        .disaster_recovery_store
        .as_ref()
        .is_some_and(|d| !d.collocated());
    let store_listen = if !every {
        listen
    } else if remote_standby {
        "*"
    } else {
        "127.0.0.1"
    };
    let local = if every { "127.0.0.1" } else { listen };
    let host_of = |store: &SqlStore| {
        if store.collocated() {
            local.to_string()
        } else {
            store.server.clone()
        }
    };
    let mut collocated_databases = Vec::new();
    // The local cluster's port (also set when no store is collocated any more: a store
    // component still installed is stopped with it).
    vars.insert("store_port".into(), settings.store.port.to_string());
    if settings.store.collocated() {
        collocated_databases.push(settings.store.database.clone());
    }
    let compliance_collocated = settings
        .compliance_store
        .as_ref()
        .filter(|c| c.collocated());
    if let Some(compliance) = compliance_collocated {
        collocated_databases.push(compliance.database.clone());
        vars.insert("store_port".into(), compliance.port.to_string());
    }
    let hosts: Vec<String> = topology
        .sip_domains
        .iter()
        .filter(|d| super::sip_domains_pattern(std::iter::once(d.name.as_str())).is_ok())
        .map(|d| format!("VirtualHost \"{}\"", d.name))
        .collect();
    let admins: Vec<&str> = chat.admins.iter().map(String::as_str).collect();
    let enabled = chat.enabled_users(site, &pool.fqdn);
    for (name, value) in [
        ("chat_pool", pool.fqdn.clone()),
        ("chat_hosts", hosts.join("\n")),
        ("chat_admins", lua_list(admins)),
        (
            "chat_enabled_users",
            lua_list(enabled.iter().map(String::as_str)),
        ),
        ("chat_accounts", accounts_file(&chat.accounts)),
        ("chat_client_port", settings.client_port.to_string()),
        ("chat_client_tls_port", settings.client_tls_port.to_string()),
        ("chat_file_port", settings.file_port.to_string()),
        ("chat_file_store", settings.file_store.clone()),
        (
            "chat_listen",
            if every {
                "*".into()
            } else {
                listen.to_string()
            },
        ),
        ("store_listen", store_listen.to_string()),
        ("chat_store_host", host_of(&settings.store)),
        (
            "chat_store_collocated",
            settings.store.collocated().to_string(),
        ),
        ("chat_store_port", settings.store.port.to_string()),
        ("chat_store_database", settings.store.database.clone()),
        ("chat_store_user", STORE_ROLE.to_string()),
        ("chat_replication_user", REPLICATION_ROLE.to_string()),
        ("chat_store_databases", collocated_databases.join(",")),
        (
            "chat_compliance_database",
            compliance_collocated
                .map(|c| c.database.clone())
                .unwrap_or_default(),
        ),
    ] {
        vars.insert(name.into(), value);
    }
    let compliance = match (&settings.compliance_store, &secret) {
        (Some(store), Some(secret)) => format!(
            "pchat_compliance_sql = {{ driver = \"PostgreSQL\", database = \"{}\", username = \"{STORE_ROLE}\", password = \"{secret}\", host = \"{}\", port = {} }}",
            store.database,
            host_of(store),
            store.port
        ),
        _ => String::new(),
    };
    vars.insert("chat_compliance".into(), compliance);
    if let Some(secret) = secret {
        vars.insert(
            "chat_store_verifier".into(),
            store_verifier(&secret).postgresql(),
        );
        vars.insert(STORE_SECRET_VAR.into(), secret);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_verifier_matches_rfc_7677s_example() {
        // RFC 7677 section 3: user "user", password "pencil", salt W22ZaJ0SNY7soEsUEjb6gQ==,
        // 4096 iterations; the server signature there follows from this ServerKey.
        let salt = base64::engine::general_purpose::STANDARD
            .decode("W22ZaJ0SNY7soEsUEjb6gQ==")
            .unwrap();
        let v = Verifier::new(b"pencil", &salt, 4096);
        // Computed independently with Python's hashlib.pbkdf2_hmac and hmac.
        assert_eq!(
            v.postgresql(),
            "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU="
        );
        assert!(v.well_formed());
    }

    #[test]
    fn the_most_specific_scope_wins_and_nobody_is_enabled_by_default() {
        let mut policy = Policy::default();
        let alice = "sip:alice@contoso.com";
        assert_eq!(
            policy.enabled(alice, "Lab", "pc.contoso.com"),
            (false, None)
        );
        policy.set(Scope::User(alice.into()), true);
        policy.set(Scope::Global, false);
        assert_eq!(
            policy.enabled(alice, "Lab", "pc.contoso.com"),
            (true, Some(&Scope::User(alice.into())))
        );
        assert!(
            !policy
                .enabled("sip:bob@contoso.com", "Lab", "pc.contoso.com")
                .0
        );
        policy.set(Scope::Site("Lab".into()), true);
        assert!(
            policy
                .enabled("sip:bob@contoso.com", "Lab", "pc.contoso.com")
                .0
        );
        policy.set(Scope::Pool("pc.contoso.com".into()), false);
        assert!(
            !policy
                .enabled("sip:bob@contoso.com", "Lab", "pc.contoso.com")
                .0
        );
        assert_eq!(policy.entries.len(), 4);
        policy.set(Scope::Global, true);
        assert_eq!(policy.entries.len(), 4, "one entry per scope");
    }

    #[test]
    fn users_that_could_break_a_configuration_are_refused() {
        assert!(valid_user("sip:alice@contoso.com"));
        for bad in [
            "alice@contoso.com",
            "sip:al\"ice@contoso.com",
            "sip:alice@contoso.com\", \"x",
            "sip:@contoso.com",
            "sip:alice@",
            "sip:a b@contoso.com",
            "sip:..@contoso.com",
            "sip:.alice@contoso.com",
            "sip:al..ice@contoso.com",
        ] {
            assert!(!valid_user(bad), "{bad}");
        }
        assert_eq!(
            lua_list(["sip:alice@contoso.com", "sip:bad\"@x"]),
            "{ \"alice@contoso.com\" }"
        );
    }
}
