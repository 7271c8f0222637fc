//! Users: the directory's people, and the SIP settings the deployment keeps on them (the
//! product's `Enable-CsUser`, `Set-CsUser -Enabled`, `Get-CsUser`).

use ldap3::Mod;
use serde::Serialize;

use super::client::{Connection, Entry, code};
use super::{DirectoryError, DirectorySettings, schema};
use crate::log::Reason;
use crate::topology::{PoolKind, Topology};

/// People, not computers (AD's computers are `person`s too). A class the server does not know
/// makes its test Undefined, which an OR tolerates: OpenLDAP matches by the first branch.
const PEOPLE: &str =
    "(|(objectClass=inetOrgPerson)(&(objectClass=person)(!(objectClass=computer))))";

/// The attributes read for a user.
const ATTRS: [&str; 9] = [
    "uid",
    "sAMAccountName",
    "cn",
    "displayName",
    "mail",
    "objectClass",
    schema::SIP_ADDRESS,
    schema::POOL,
    schema::ENABLED,
];

/// The most users a listing returns.
pub const MAX_LISTED: usize = 100_000;

/// A user as the deployment sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DirectoryUser {
    /// The entry's DN.
    pub dn: String,
    /// The account name (`uid`, or `sAMAccountName` on AD).
    pub identity: String,
    /// The display name.
    pub name: String,
    /// The mail address, if any.
    pub mail: Option<String>,
    /// The SIP address, once enabled.
    pub sip_address: Option<String>,
    /// The registrar pool, once enabled.
    pub pool: Option<String>,
    /// Whether they may sign in.
    pub enabled: bool,
}

impl DirectoryUser {
    fn from_entry(entry: &Entry) -> DirectoryUser {
        let identity = entry
            .first("uid")
            .or_else(|| entry.first("sAMAccountName"))
            .unwrap_or(&entry.dn)
            .to_string();
        DirectoryUser {
            dn: entry.dn.clone(),
            name: entry
                .first("displayName")
                .or_else(|| entry.first("cn"))
                .unwrap_or(&identity)
                .to_string(),
            identity,
            mail: entry.first("mail").map(str::to_string),
            sip_address: entry.first(schema::SIP_ADDRESS).map(str::to_string),
            pool: entry.first(schema::POOL).map(str::to_string),
            enabled: entry
                .first(schema::ENABLED)
                .is_some_and(|v| v.eq_ignore_ascii_case("TRUE")),
        }
    }

    fn has_class(entry: &Entry) -> bool {
        entry
            .all("objectClass")
            .iter()
            .any(|c| c.eq_ignore_ascii_case(schema::CLASS))
    }
}

/// Checks an identity: an account name, a mail address or a DN; at most 256 characters, no
/// control character.
pub fn check_identity(identity: &str) -> Result<String, DirectoryError> {
    let identity = identity.trim();
    if identity.is_empty() || identity.len() > 256 || identity.chars().any(char::is_control) {
        return Err(DirectoryError::refused(
            format!(
                "{identity:?} is not a user identity: give an account name (alice), a mail address or a DN of at most 256 characters"
            ),
            Reason::new("why-dir-bad-identity").with("identity", identity),
        ));
    }
    Ok(identity.to_string())
}

/// Finds exactly one user by identity.
pub fn find(
    conn: &mut Connection,
    settings: &DirectorySettings,
    identity: &str,
) -> Result<DirectoryUser, DirectoryError> {
    Ok(DirectoryUser::from_entry(&find_entry(
        conn, settings, identity,
    )?))
}

fn find_entry(
    conn: &mut Connection,
    settings: &DirectorySettings,
    identity: &str,
) -> Result<Entry, DirectoryError> {
    let identity = check_identity(identity)?;
    let found = if identity.contains('=') {
        let dn = super::check_dn(&identity, "identity")?;
        conn.read(&dn, &ATTRS)?.into_iter().collect::<Vec<_>>()
    } else {
        let id = ldap3::ldap_escape(&identity);
        let filter = format!(
            "(&{PEOPLE}(|(uid={id})(sAMAccountName={id})(userPrincipalName={id})(mail={id})))"
        );
        conn.search(&settings.base_dn, &filter, &ATTRS, 2)?
    };
    match found.len() {
        0 => Err(DirectoryError::refused(
            format!(
                "no user {identity} in the directory under {}: `deploy-wizard users list --filter TEXT` finds users",
                settings.base_dn
            ),
            Reason::new("why-dir-no-user")
                .with("identity", &identity)
                .with("base", &settings.base_dn),
        )),
        1 => Ok(found.into_iter().next().expect("one")),
        _ => Err(DirectoryError::refused(
            format!("several users match {identity}: give the user's DN"),
            Reason::new("why-dir-many-users").with("identity", &identity),
        )),
    }
}

/// Users under the base DN whose account name, name, mail or SIP address contains `text`
/// (every user without a text), ordered by account name.
pub fn list(
    conn: &mut Connection,
    settings: &DirectorySettings,
    text: Option<&str>,
    enabled_only: bool,
) -> Result<Vec<DirectoryUser>, DirectoryError> {
    let mut filter = String::from("(&");
    filter.push_str(PEOPLE);
    if enabled_only {
        filter.push_str(&format!("({}=TRUE)", schema::ENABLED));
    }
    if let Some(text) = text.map(str::trim).filter(|t| !t.is_empty()) {
        if text.len() > 256 || text.chars().any(char::is_control) {
            return Err(DirectoryError::refused(
                "a search text is at most 256 characters, without control characters",
                Reason::new("why-dir-bad-filter"),
            ));
        }
        let t = ldap3::ldap_escape(text);
        filter.push_str(&format!(
            "(|(uid=*{t}*)(sAMAccountName=*{t}*)(cn=*{t}*)(displayName=*{t}*)(mail=*{t}*)({}=*{t}*))",
            schema::SIP_ADDRESS
        ));
    }
    filter.push(')');
    let mut users: Vec<DirectoryUser> = conn
        .search(&settings.base_dn, &filter, &ATTRS, MAX_LISTED)?
        .iter()
        .map(DirectoryUser::from_entry)
        .collect();
    users.sort_by_key(|user| user.identity.to_lowercase());
    Ok(users)
}

/// Checks a SIP address against the topology's SIP domains; returns it in lower case.
pub fn check_sip_address(address: &str, topology: &Topology) -> Result<String, DirectoryError> {
    let lower = address.trim().to_ascii_lowercase();
    let bad = |detail: &str| {
        let english = match detail {
            "no-sip" => "it does not start with sip:",
            "no-at" => "it has no @",
            "bad-user" => "its user part is not letters, digits, . _ - +",
            _ => "its domain is not a SIP domain of the topology",
        };
        DirectoryError::refused(
            format!(
                "{address:?} is not a SIP address of this deployment ({english}): give sip:NAME@DOMAIN with one of its SIP domains ({})",
                domains(topology)
            ),
            Reason::new("why-dir-bad-sip-address")
                .with("address", address)
                .with("detail", detail)
                .with("domains", domains(topology)),
        )
    };
    let Some(bare) = lower.strip_prefix("sip:") else {
        return Err(bad("no-sip"));
    };
    let Some((name, domain)) = bare.split_once('@') else {
        return Err(bad("no-at"));
    };
    let name_ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-+".contains(c))
        && !name.starts_with('.')
        && !name.ends_with('.');
    if !name_ok {
        return Err(bad("bad-user"));
    }
    if !topology
        .sip_domains
        .iter()
        .any(|d| d.name.eq_ignore_ascii_case(domain))
    {
        return Err(bad("bad-domain"));
    }
    Ok(lower)
}

fn domains(topology: &Topology) -> String {
    topology
        .sip_domains
        .iter()
        .map(|d| d.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks a registrar pool: a Front End pool of the topology.
pub fn check_pool(pool: &str, topology: &Topology) -> Result<String, DirectoryError> {
    let lower = pool.trim().to_ascii_lowercase();
    let registrars: Vec<&str> = topology
        .pools()
        .map(|(_, p)| p)
        .filter(|p| p.kind == PoolKind::FrontEnd)
        .map(|p| p.fqdn.as_str())
        .collect();
    if registrars.iter().any(|p| p.eq_ignore_ascii_case(&lower)) {
        return Ok(lower);
    }
    Err(DirectoryError::refused(
        format!(
            "{pool:?} is not a registrar pool of the topology: give one of {}",
            registrars.join(", ")
        ),
        Reason::new("why-dir-unknown-pool")
            .with("pool", pool)
            .with("pools", registrars.join(", ")),
    ))
}

/// What enabling or disabling changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Changed {
    /// The user after the change.
    pub user: DirectoryUser,
    /// Whether anything changed.
    pub changed: bool,
    /// Where a new SIP password was written (enabling only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub password_file: Option<String>,
}

/// The SIP digest credential of `sip_address` (`sip:NAME@DOMAIN`) for `password`: the HA1
/// of RFC 2617, `MD5(NAME:DOMAIN:PASSWORD)` in lower-case hex, the realm being the SIP domain.
/// Registrars check sign-ins against it; the password itself is stored nowhere.
pub fn credential(sip_address: &str, password: &str) -> String {
    use md5::{Digest, Md5};
    let bare = sip_address.strip_prefix("sip:").unwrap_or(sip_address);
    let (name, domain) = bare.split_once('@').unwrap_or((bare, ""));
    let digest = Md5::digest(format!("{name}:{domain}:{password}").as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// A new SIP password: 20 random characters of an alphabet without look-alikes (about 110
/// bits).
pub fn new_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut bytes = [0u8; 20];
    getrandom::fill(&mut bytes).expect("the operating system's random source is available");
    bytes
        .iter()
        .map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char)
        .collect()
}

/// Whether enabling `identity` with `sip_address` makes a new SIP credential (the user has
/// none, or a different address: the credential is tied to the address).
pub fn needs_credential(
    conn: &mut Connection,
    settings: &DirectorySettings,
    identity: &str,
    sip_address: &str,
) -> Result<bool, DirectoryError> {
    let dn = find_entry(conn, settings, identity)?.dn;
    let entry = conn
        .read(&dn, &[schema::CREDENTIAL, schema::SIP_ADDRESS])?
        .unwrap_or_default();
    Ok(entry.first(schema::CREDENTIAL).is_none()
        || entry.first(schema::SIP_ADDRESS) != Some(sip_address))
}

/// Enables a user with a SIP address and a registrar pool (already checked); `credential`
/// (from [`credential`]) replaces the stored one when given.
pub fn enable(
    conn: &mut Connection,
    settings: &DirectorySettings,
    identity: &str,
    sip_address: &str,
    pool: &str,
    credential: Option<&str>,
) -> Result<Changed, DirectoryError> {
    let entry = find_entry(conn, settings, identity)?;
    let filter = format!(
        "({}={})",
        schema::SIP_ADDRESS,
        ldap3::ldap_escape(sip_address)
    );
    if let Some(other) = conn
        .search(&settings.base_dn, &filter, &["uid", "sAMAccountName"], 2)?
        .into_iter()
        .find(|e| !super::same_dn(&e.dn, &entry.dn))
    {
        return Err(DirectoryError::refused(
            format!(
                "{sip_address} is already the SIP address of {}: give another",
                other.dn
            ),
            Reason::new("why-dir-sip-taken")
                .with("address", sip_address)
                .with("owner", &other.dn),
        ));
    }
    let before = DirectoryUser::from_entry(&entry);
    if credential.is_none()
        && before.enabled
        && before.sip_address.as_deref() == Some(sip_address)
        && before
            .pool
            .as_deref()
            .is_some_and(|p| p.eq_ignore_ascii_case(pool))
    {
        return Ok(Changed {
            user: before,
            changed: false,
            password_file: None,
        });
    }
    let mut changes = Vec::new();
    if !DirectoryUser::has_class(&entry) {
        changes.push(Mod::Add("objectClass", [schema::CLASS].into()));
    }
    changes.push(Mod::Replace(schema::SIP_ADDRESS, [sip_address].into()));
    changes.push(Mod::Replace(schema::POOL, [pool].into()));
    changes.push(Mod::Replace(schema::ENABLED, ["TRUE"].into()));
    if let Some(credential) = credential {
        changes.push(Mod::Replace(schema::CREDENTIAL, [credential].into()));
    }
    apply(conn, &entry.dn, changes)?;
    Ok(Changed {
        user: find(conn, settings, &entry.dn)?,
        changed: true,
        password_file: None,
    })
}

/// Disables a user: their SIP settings stay, they may not sign in.
pub fn disable(
    conn: &mut Connection,
    settings: &DirectorySettings,
    identity: &str,
) -> Result<Changed, DirectoryError> {
    let entry = find_entry(conn, settings, identity)?;
    let before = DirectoryUser::from_entry(&entry);
    if !before.enabled {
        return Ok(Changed {
            user: before,
            changed: false,
            password_file: None,
        });
    }
    apply(
        conn,
        &entry.dn,
        vec![Mod::Replace(schema::ENABLED, ["FALSE"].into())],
    )?;
    Ok(Changed {
        user: find(conn, settings, &entry.dn)?,
        changed: true,
        password_file: None,
    })
}

fn apply(conn: &mut Connection, dn: &str, changes: Vec<Mod<&str>>) -> Result<(), DirectoryError> {
    let result = conn.modify(dn, changes)?;
    match result.rc {
        code::INSUFFICIENT_ACCESS => Err(conn.missing_right("change-user", dn)),
        code::UNDEFINED_ATTRIBUTE | code::OBJECT_CLASS_VIOLATION => {
            Err(super::prepare::not_prepared(super::prepare::Step::Schema))
        }
        _ => conn.check(result, "change", dn),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_credential_is_rfc_2617_ha1_with_the_domain_as_realm() {
        // printf 'alice:lab.test:secret' | md5sum
        assert_eq!(
            credential("sip:alice@lab.test", "secret"),
            "88f0cf0031733b0e857c3421ef2d08b1"
        );
        let one = new_password();
        assert_eq!(one.len(), 20);
        assert_ne!(one, new_password());
    }
}
