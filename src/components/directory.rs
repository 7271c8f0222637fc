//! What the registrar needs of the deployment's directory: Kamailio's LDAP session (a private
//! file: it holds the bind password), the searches its script runs (the credential of an enabled
//! user of this pool; the users of this pool disabled since), and the roots libldap verifies
//! the directory's certificate with. Every piece is built here from checked settings: DNs and
//! pool names are percent-encoded into LDAP URLs, and a password Kamailio's configuration
//! syntax cannot hold was refused when the directory was set.

use std::collections::BTreeMap;

use super::ComponentError;
use crate::directory::{DirectorySettings, Published, schema};
use crate::store::LocalConfigurationStore;

/// `DIRECTORY` or `NO_DIRECTORY`: the registrar's script defines it.
pub const DEFINE_VAR: &str = "directory";
/// Kamailio's `ldap.cfg` (holds the bind password: private files only).
pub const LDAP_CFG_VAR: &str = "directory_ldap_cfg";
/// `ldaps` or `ldap`: the scheme of the directory's URL (empty without one).
pub const SCHEME_VAR: &str = "directory_scheme";

/// A DN or value percent-encoded for the path or filter of an LDAP URL (RFC 4516): letters,
/// digits, `-._~=,` stay; everything else (spaces, `?`, `%`, quotes, backslashes) is encoded.
pub fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~=,".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Kamailio's LDAP session `dir`.
fn ldap_cfg(settings: &DirectorySettings, password: &str) -> String {
    format!(
        "# Written by deploy-wizard from the CMS; changes are overwritten by step 2.\n[dir]\nldap_server_url = \"{}\"\nldap_bind_dn = \"{}\"\nldap_bind_password = \"{}\"\nldap_network_timeout = 3000\nldap_client_bind_timeout = 3000\nldap_client_search_timeout = 3000\n",
        settings.url, settings.bind_dn, password
    )
}

/// Adds the directory's variables (empty ones without a directory, `NO_DIRECTORY` defined).
/// Settings that are published but cannot be read are an error, never "no directory": that
/// would open the registrar to anyone.
pub fn add_vars(
    vars: &mut BTreeMap<String, String>,
    replica: &LocalConfigurationStore,
    pool: &str,
    lab_roots: &[Vec<u8>],
) -> Result<(), ComponentError> {
    let published = if replica.document(crate::directory::SETTINGS_DOC)?.is_none() {
        None
    } else {
        Some(Published::read(replica).map_err(|e| match e {
            crate::directory::DirectoryError::Store(store) => ComponentError::Store(store),
            other => ComponentError::BadInput(other.to_string()),
        })?)
    };
    let Some(published) = published else {
        vars.insert(DEFINE_VAR.into(), "NO_DIRECTORY".into());
        for name in [
            LDAP_CFG_VAR,
            SCHEME_VAR,
            "directory_credential_url",
            "directory_disabled_url",
            "directory_roots",
        ] {
            vars.insert(name.into(), String::new());
        }
        return Ok(());
    };
    let settings = &published.settings;
    let base = url_encode(&settings.base_dn);
    let pool = url_encode(pool);
    vars.insert(DEFINE_VAR.into(), "DIRECTORY".into());
    vars.insert(
        SCHEME_VAR.into(),
        if settings.starttls() { "ldap" } else { "ldaps" }.into(),
    );
    vars.insert(LDAP_CFG_VAR.into(), ldap_cfg(settings, &published.password));
    // `$avp(s:address)` is the From's address, encoded by ldap_filter_url_encode() first.
    vars.insert(
        "directory_credential_url".into(),
        format!(
            "ldap://dir/{base}?{cred}?sub?(&(objectClass={class})({enabled}=TRUE)({pool_attr}={pool})({address}=$avp(s:address)))",
            cred = schema::CREDENTIAL,
            class = schema::CLASS,
            enabled = schema::ENABLED,
            pool_attr = schema::POOL,
            address = schema::SIP_ADDRESS,
        ),
    );
    vars.insert(
        "directory_disabled_url".into(),
        format!(
            "ldap://dir/{base}?{address}?sub?(&(objectClass={class})(!({enabled}=TRUE))({pool_attr}={pool}))",
            address = schema::SIP_ADDRESS,
            class = schema::CLASS,
            enabled = schema::ENABLED,
            pool_attr = schema::POOL,
        ),
    );
    let mut roots = String::new();
    for der in published
        .ca
        .iter()
        .chain(lab_roots)
        .chain(crate::https::system_roots())
    {
        roots.push_str(&pem::encode(&pem::Pem::new("CERTIFICATE", der.clone())));
    }
    vars.insert("directory_roots".into(), roots);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_encode_what_a_filter_or_a_quoted_string_would_read() {
        assert_eq!(url_encode("dc=lab,dc=test"), "dc=lab,dc=test");
        assert_eq!(
            url_encode("ou=A B?x%\"\\)(,dc=t"),
            "ou=A%20B%3Fx%25%22%5C%29%28,dc=t"
        );
    }
}
