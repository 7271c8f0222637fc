//! Replication reports: after step 1 a server tells the CMS which revision it holds (the
//! product's replica status), and `cms replication-status` reads them on the CMS host.

use time::OffsetDateTime;

use crate::cert::Usage;
use crate::data_dir::DataDir;
use crate::log::Reason;
use crate::store::{CentralStore, CmsSource, ReplicaReport};

/// Sends (or, on the CMS host, writes) this server's report; says what happened. A report that
/// cannot be sent does not fail step 1: the replica is installed either way.
pub(super) fn report(data: &DataDir, source: &CmsSource, server: &str, revision: u64) -> Reason {
    let mut report = ReplicaReport {
        server: server.to_string(),
        revision,
        replicated_at: OffsetDateTime::now_utc(),
        certificates: Vec::new(),
        signature: None,
    };
    match source {
        CmsSource::Directory(dir) => {
            match CentralStore::open(dir).and_then(|cms| cms.record_report(&report)) {
                Ok(()) => {
                    Reason::new("said-replication-reported").with("cms", dir.display().to_string())
                }
                Err(error) => Reason::new("said-replication-not-reported")
                    .with("cms", dir.display().to_string())
                    .with("reason", error.to_string()),
            }
        }
        CmsSource::Https { url, roots, .. } => {
            let not = |reason: String| {
                Reason::new("said-replication-not-reported")
                    .with("cms", url.clone())
                    .with("reason", reason)
            };
            let identity = match default_identity(data) {
                Ok(Some(identity)) => identity,
                Ok(None) => {
                    return not(
                        "this server has no Default certificate yet to prove who it is; step 1 reports after step 3".into(),
                    );
                }
                Err(reason) => return not(reason),
            };
            let extra = match roots {
                Some(path) => {
                    match crate::input::read_limited(path, crate::input::InputKind::Roots)
                        .map_err(|e| e.to_string())
                        .and_then(|bytes| pem::parse_many(&bytes).map_err(|e| e.to_string()))
                    {
                        Ok(blocks) => blocks.into_iter().map(pem::Pem::into_contents).collect(),
                        Err(reason) => return not(reason),
                    }
                }
                None => Vec::new(),
            };
            let mut trusted = extra;
            if let Ok(Some(replica)) = crate::store::LocalConfigurationStore::open(data) {
                trusted
                    .extend(crate::cert::query::trusted_roots(data, &replica).unwrap_or_default());
            }
            // Signed with the Default key and carrying its certificate: the CMS host believes
            // it only for a server that certificate names.
            report.certificates = identity
                .chain
                .iter()
                .map(|der| pem::encode(&pem::Pem::new("CERTIFICATE", der.clone())))
                .collect();
            match sign(&identity.key_pkcs8, &report.signed_bytes()) {
                Ok(signature) => report.signature = Some(signature),
                Err(reason) => return not(reason),
            }
            let agent = crate::https::agent_with_identity(&trusted, Some(&identity));
            let target = format!("{url}{}/{server}.json", crate::store::REPORTS);
            match crate::https::put(
                &agent,
                &target,
                &report.to_bytes(),
                "the CMS host's certificate must chain to a root this server trusts",
            ) {
                Ok(()) => Reason::new("said-replication-reported").with("cms", url.clone()),
                Err(reason) => not(reason),
            }
        }
        CmsSource::Export { path, .. } => Reason::new("said-replication-not-reported")
            .with("cms", path.display().to_string())
            .with(
                "reason",
                "an export is read offline; nothing to report to".to_string(),
            ),
    }
}

/// This server's Default certificate and key, to present to the CMS host.
fn default_identity(data: &DataDir) -> Result<Option<crate::https::ClientIdentity>, String> {
    let current = crate::cert::assign::current_thumbprints(data).map_err(|e| e.to_string())?;
    let Some(thumb) = current.get(&Usage::Default) else {
        return Ok(None);
    };
    let store = crate::cert::store::CertStore::open(data);
    let Some(key) = store.key(thumb).map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    let mut chain = vec![store.leaf(thumb).map_err(|e| e.to_string())?];
    chain.extend(store.chain(thumb).map_err(|e| e.to_string())?);
    Ok(Some(crate::https::ClientIdentity {
        chain,
        key_pkcs8: key,
    }))
}

/// Signs `message` with a PKCS#8 key (RSA: PKCS#1 v1.5 SHA-256; ECDSA P-256/P-384: ASN.1
/// SHA-256/SHA-384); base64.
fn sign(key_pkcs8: &[u8], message: &[u8]) -> Result<String, String> {
    use aws_lc_rs::rand::SystemRandom;
    use aws_lc_rs::signature::{self, EcdsaKeyPair, RsaKeyPair};
    use base64::Engine;
    let rng = SystemRandom::new();
    let signed = if let Ok(key) = RsaKeyPair::from_pkcs8(key_pkcs8) {
        let mut out = vec![0; key.public_modulus_len()];
        key.sign(&signature::RSA_PKCS1_SHA256, &rng, message, &mut out)
            .map_err(|_| "the Default key cannot sign".to_string())?;
        out
    } else {
        let pair = [
            &signature::ECDSA_P256_SHA256_ASN1_SIGNING,
            &signature::ECDSA_P384_SHA384_ASN1_SIGNING,
        ]
        .into_iter()
        .find_map(|alg| EcdsaKeyPair::from_pkcs8(alg, key_pkcs8).ok())
        .ok_or("the Default key is neither RSA nor ECDSA P-256/P-384")?;
        pair.sign(&rng, message)
            .map_err(|_| "the Default key cannot sign".to_string())?
            .as_ref()
            .to_vec()
    };
    Ok(base64::engine::general_purpose::STANDARD.encode(signed))
}

/// Whether the CMS host believes a report it received over HTTPS: signed by the key of a
/// certificate that is valid now, chains to a root this host trusts, and names the server the
/// report is for. The reason otherwise.
pub fn verify_served(data: &DataDir, report: &ReplicaReport) -> Result<(), String> {
    use base64::Engine;
    let der: Vec<Vec<u8>> = report
        .certificates
        .iter()
        .map(|text| pem::parse(text).map(pem::Pem::into_contents))
        .collect::<Result<_, _>>()
        .map_err(|_| "its certificate is not PEM".to_string())?;
    let (leaf, chain) = der
        .split_first()
        .ok_or("it is not signed (sent by an older wizard, or forged)")?;
    let signature = report
        .signature
        .as_deref()
        .and_then(|s| base64::engine::general_purpose::STANDARD.decode(s).ok())
        .ok_or("it is not signed (sent by an older wizard, or forged)")?;
    let info = crate::cert::info::CertInfo::from_der(leaf)?;
    if !info.sans.iter().any(|name| name == &report.server) {
        return Err(format!(
            "its certificate ({}) does not name {}",
            info.subject, report.server
        ));
    }
    let now = OffsetDateTime::now_utc();
    if info.not_before > now || info.not_after < now {
        return Err("its certificate is not valid now".into());
    }
    let replica =
        crate::store::LocalConfigurationStore::require(data).map_err(|e| e.to_string())?;
    let roots = crate::cert::query::trusted_roots(data, &replica).map_err(|e| e.to_string())?;
    if let Some((why, _)) = crate::cert::check::chain_reason(leaf, chain, &roots, &info) {
        return Err(format!("its certificate is not trusted here: {why}"));
    }
    let spki = crate::cert::info::public_key_bits(leaf).ok_or("its certificate has no key")?;
    let algorithms: [&dyn aws_lc_rs::signature::VerificationAlgorithm; 3] = [
        &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
        &aws_lc_rs::signature::ECDSA_P256_SHA256_ASN1,
        &aws_lc_rs::signature::ECDSA_P384_SHA384_ASN1,
    ];
    let message = report.signed_bytes();
    if algorithms.iter().any(|alg| {
        aws_lc_rs::signature::UnparsedPublicKey::new(*alg, &spki)
            .verify(&message, &signature)
            .is_ok()
    }) {
        Ok(())
    } else {
        Err("its signature is not its certificate's key's".into())
    }
}
