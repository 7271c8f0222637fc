//! Which protected documents of the CMS (service secrets, the OAuthTokenIssuer PFX and its key,
//! the lab CA keys) a server's roles use: what `cms export --server FQDN` keeps, and what
//! `status` names when a server holds a secret none of its roles uses.

use std::collections::BTreeSet;

use crate::store::{CHAT_STORE_SECRET_DOC, DIRECTORY_PASSWORD_DOC, TURN_SECRET_DOC};
use crate::topology::{PoolKind, ServerPlace, Topology};

/// Where the lab CAs' keys are kept in the CMS.
const CA_KEYS: &str = "protected/ca/";
/// Where the global certificates (the OAuthTokenIssuer PFX) are kept.
const GLOBAL_CERTS: &str = "protected/global/";

/// Whether a server that is `place` in `topology` uses the protected document `name`. The CMS
/// host uses every one (it writes the CMS). The lab CA keys are used by a server only when it
/// requests certificates from the lab CA itself (`with_ca_keys`).
pub fn uses(topology: &Topology, place: &ServerPlace, name: &str, with_ca_keys: bool) -> bool {
    if place.cms_host {
        return true;
    }
    let has = |kind: PoolKind| place.kinds.contains(&kind);
    if name == TURN_SECRET_DOC {
        // The A/V Edge's coturn, and the Front Ends that issue its credentials to users.
        return has(PoolKind::Edge) || has(PoolKind::FrontEnd);
    }
    if name == DIRECTORY_PASSWORD_DOC {
        // Registrars, Directors, the Access Edge and chat servers read enabled users and check
        // their sign-ins against the directory.
        return has(PoolKind::FrontEnd)
            || has(PoolKind::Director)
            || has(PoolKind::Edge)
            || has(PoolKind::PersistentChat);
    }
    if name == CHAT_STORE_SECRET_DOC {
        return has(PoolKind::PersistentChat) || hosts_a_chat_store(topology, &place.server);
    }
    if name.starts_with(GLOBAL_CERTS) || name == crate::cert::global::PFX_KEY_DOC {
        // The OAuthTokenIssuer signs and checks tokens on the web services of Front Ends and
        // Directors.
        return has(PoolKind::FrontEnd) || has(PoolKind::Director);
    }
    if name.starts_with(CA_KEYS) {
        return with_ca_keys;
    }
    false
}

/// Whether `server` runs a Persistent Chat store (primary, compliance or standby) that is not
/// collocated.
fn hosts_a_chat_store(topology: &Topology, server: &str) -> bool {
    topology
        .pools()
        .filter_map(|(_, pool)| pool.persistent_chat.as_ref())
        .any(|chat| {
            std::iter::once(&chat.store)
                .chain(chat.compliance_store.as_ref())
                .chain(chat.disaster_recovery_store.as_ref())
                .any(|store| store.server == server)
        })
}

/// The protected documents among `names` that a server that is `place` uses.
pub fn needed<'a>(
    topology: &Topology,
    place: &ServerPlace,
    names: impl Iterator<Item = &'a str>,
    with_ca_keys: bool,
) -> BTreeSet<String> {
    names
        .filter(|name| crate::store::is_protected(name))
        .filter(|name| uses(topology, place, name, with_ca_keys))
        .map(str::to_string)
        .collect()
}

/// The protected documents this server's replica holds that none of its roles uses (the lab
/// CA keys are not named: a server may request its certificates from the lab CA itself).
pub fn held_but_unused(data: &crate::data_dir::DataDir) -> Vec<String> {
    let Ok(Some(replica)) = crate::store::LocalConfigurationStore::open(data) else {
        return Vec::new();
    };
    let (Ok(topology), Ok(place)) = (replica.topology(), replica.this_server()) else {
        return Vec::new();
    };
    replica
        .manifest()
        .documents
        .keys()
        .filter(|name| crate::store::is_protected(name))
        .filter(|name| !uses(&topology, &place, name, true))
        .cloned()
        .collect()
}
