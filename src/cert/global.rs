//! Global certificates (OAuthTokenIssuer): one certificate for every Front End. The assignment
//! and the certificate (as a PFX encrypted with a key kept in the CMS's protected settings) are
//! published to the CMS; step 1 replicates them and installs the certificate into each
//! server's store.

use time::OffsetDateTime;

use super::CertError;
use super::assign::Assignment;
use super::formats::{read_bundle, write_pkcs12};
use super::store::{CertMeta, CertStore};
use super::usage::Usage;
use crate::store::{CentralStore, LocalConfigurationStore};

/// The OAuthTokenIssuer assignment document.
pub const ASSIGNMENT_DOC: &str = "global/oauth-token-issuer.json";
/// The key that encrypts global PFX files in the CMS.
pub const PFX_KEY_DOC: &str = "protected/settings/pfx-key";

fn pfx_doc(thumbprint: &str) -> String {
    format!("protected/global/certs/{thumbprint}.pfx")
}

fn parse_assignment(bytes: &[u8], what: &str) -> Result<Assignment, CertError> {
    let mut assignment: Assignment = serde_json::from_slice(bytes)
        .map_err(|e| CertError::Failed(format!("{what} is damaged: {e}")))?;
    assignment.apply_due_roll(OffsetDateTime::now_utc());
    Ok(assignment)
}

/// The global assignment as replicated to this server, with a due roll applied.
pub fn replicated_assignment(replica: &LocalConfigurationStore) -> Result<Assignment, CertError> {
    match replica.document(ASSIGNMENT_DOC)? {
        Some(bytes) => parse_assignment(&bytes, "the replicated OAuthTokenIssuer assignment"),
        None => Ok(Assignment::default()),
    }
}

/// The global assignment as published in the CMS.
pub fn published_assignment(cms: &CentralStore) -> Result<Assignment, CertError> {
    match cms.document(ASSIGNMENT_DOC)? {
        Some(bytes) => parse_assignment(&bytes, "the OAuthTokenIssuer assignment in the CMS"),
        None => Ok(Assignment::default()),
    }
}

/// Publishes `assignment` and the PFX of every certificate it names that the CMS lacks.
pub fn publish(
    cms: &CentralStore,
    store: &CertStore,
    assignment: &Assignment,
) -> Result<u64, CertError> {
    let manifest = cms.manifest()?;
    let mut documents: Vec<(String, Vec<u8>)> = Vec::new();
    let key = match cms.document(PFX_KEY_DOC)? {
        Some(key) => String::from_utf8(key)
            .map_err(|_| CertError::Failed("the CMS's PFX key is damaged".into()))?,
        None => {
            let mut bytes = [0u8; 32];
            getrandom::fill(&mut bytes).expect("the operating system's random source is available");
            let key: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            documents.push((PFX_KEY_DOC.to_string(), key.clone().into_bytes()));
            key
        }
    };
    let named = [
        assignment.current.as_deref(),
        assignment.previous.as_deref(),
        assignment.pending.as_ref().map(|p| p.thumbprint.as_str()),
    ];
    for thumb in named.into_iter().flatten() {
        if manifest.documents.contains_key(&pfx_doc(thumb)) {
            continue;
        }
        let cert = store.get(thumb)?;
        if !cert.meta.exportable {
            return Err(crate::log::Refusal::new(
                format!(
                    "OAuthTokenIssuer is shared by every Front End through the central management store, so its private key must be exportable; certificate {thumb} was not marked exportable (request it with --exportable)"
                ),
                crate::log::Reason::new("why-oauth-key-not-exportable").with("thumbprint", thumb),
            )
            .into());
        }
        let key_der = store.key(thumb)?.ok_or_else(|| {
            CertError::BadInput(format!("certificate {thumb} has no private key"))
        })?;
        let pfx = write_pkcs12(
            &store.leaf(thumb)?,
            &store.chain(thumb)?,
            &key_der,
            &cert.meta.friendly_name,
            &key,
            false,
        )
        .map_err(CertError::Failed)?;
        documents.push((pfx_doc(thumb), pfx));
    }
    let mut json = serde_json::to_vec_pretty(assignment).expect("an assignment serialises");
    json.push(b'\n');
    documents.push((ASSIGNMENT_DOC.to_string(), json));
    let refs: Vec<(&str, Vec<u8>)> = documents
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    Ok(cms.publish(&refs)?.revision)
}

/// Installs every global certificate of the replica into this server's store; returns the
/// thumbprints newly added.
pub fn install_into_store(
    replica: &LocalConfigurationStore,
    store: &CertStore,
) -> Result<Vec<String>, CertError> {
    let docs: Vec<String> = replica
        .manifest()
        .documents
        .keys()
        .filter(|n| n.starts_with("protected/global/certs/") && n.ends_with(".pfx"))
        .cloned()
        .collect();
    if docs.is_empty() {
        return Ok(Vec::new());
    }
    let key = replica.document(PFX_KEY_DOC)?.ok_or_else(|| {
        CertError::Failed("the replica has global certificates but no PFX key".into())
    })?;
    let key = String::from_utf8(key)
        .map_err(|_| CertError::Failed("the replicated PFX key is damaged".into()))?;
    let mut added = Vec::new();
    for doc in docs {
        let thumb = doc
            .trim_start_matches("protected/global/certs/")
            .trim_end_matches(".pfx")
            .to_string();
        if store.get(&thumb).is_ok_and(|c| c.has_key) {
            continue;
        }
        let pfx = replica.document(&doc)?.expect("listed");
        let bundle = read_bundle(&pfx, Some(&key))?;
        let (Some(key_der), Some(leaf)) = (bundle.key, bundle.certs.first()) else {
            return Err(CertError::Failed(format!(
                "{doc} holds no certificate and key"
            )));
        };
        let meta = CertMeta {
            friendly_name: store
                .unique_friendly_name(&format!("{} (global)", Usage::OAuthTokenIssuer))?,
            exportable: true,
            template: None,
            requested_usages: vec![Usage::OAuthTokenIssuer],
            origin: "global".into(),
            added_at: OffsetDateTime::now_utc(),
            request: None,
        };
        store.add(leaf, &bundle.certs[1..], Some(&key_der), meta)?;
        added.push(thumb);
    }
    Ok(added)
}
