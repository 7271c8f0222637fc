//! Persistent Chat's settings as the CMS keeps them (policy, administrators, accounts, the
//! store's secret) and what step 2 renders from them: the users enabled by policy on a pool,
//! Prosody's account verifiers and PostgreSQL's role verifier. Clear passwords are never kept:
//! an account is a SCRAM-SHA-256 verifier (RFC 7677), which Prosody checks a login against and
//! PostgreSQL accepts as a role's password.

use aws_lc_rs::{digest, hmac, pbkdf2};
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::num::NonZeroU32;

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
    (text.len() % 2 == 0)
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
    let mut text = String::from("# Written by deploy-wizard from the CMS: SCRAM-SHA-256 verifiers, no passwords.\n");
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
        assert_eq!(policy.enabled(alice, "Lab", "pc.contoso.com"), (false, None));
        policy.set(Scope::User(alice.into()), true);
        policy.set(Scope::Global, false);
        assert_eq!(
            policy.enabled(alice, "Lab", "pc.contoso.com"),
            (true, Some(&Scope::User(alice.into())))
        );
        assert!(!policy.enabled("sip:bob@contoso.com", "Lab", "pc.contoso.com").0);
        policy.set(Scope::Site("Lab".into()), true);
        assert!(policy.enabled("sip:bob@contoso.com", "Lab", "pc.contoso.com").0);
        policy.set(Scope::Pool("pc.contoso.com".into()), false);
        assert!(!policy.enabled("sip:bob@contoso.com", "Lab", "pc.contoso.com").0);
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
        ] {
            assert!(!valid_user(bad), "{bad}");
        }
        assert_eq!(
            lua_list(["sip:alice@contoso.com", "sip:bad\"@x"]),
            "{ \"alice@contoso.com\" }"
        );
    }
}
