//! The OAuth authentication metadata document: who issues this deployment's server-to-server
//! tokens (the default SIP domain) and the public part of the OAuthTokenIssuer certificates
//! (current, and previous so that tokens signed before a roll stay valid).

use base64::Engine;
use serde_json::{Value, json};

use crate::cert::assign::Assignment;
use crate::cert::store::CertStore;

/// Builds the document for `realm` from the certificates `assignment` names that are in `store`.
pub fn document(realm: &str, server: &str, assignment: &Assignment, store: &CertStore) -> Value {
    let mut keys = Vec::new();
    for (thumb, role) in [
        (assignment.current.as_deref(), "current"),
        (assignment.previous.as_deref(), "previous"),
    ] {
        let Some(thumb) = thumb else { continue };
        let Ok(der) = store.leaf(thumb) else { continue };
        let x5t = {
            use sha1::Digest;
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(sha1::Sha1::digest(&der))
        };
        keys.push(json!({
            "usage": "signing",
            "role": role,
            "keyinfo": { "x5t": x5t, "thumbprint": thumb },
            "keyvalue": { "type": "x509Certificate", "value": base64::engine::general_purpose::STANDARD.encode(&der) },
        }));
    }
    json!({
        "version": "1.0",
        "issuer": realm,
        "realm": realm,
        "name": server,
        "keys": keys,
    })
}
