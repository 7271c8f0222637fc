//! Offline requests: the PKCS#10 file goes to a CA by hand; the key waits in `requests/<id>/`
//! (owner-only) until the CA's response is brought back and matched to it by public key.

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::CertError;
use super::formats::read_bundle;
use super::info::public_key_bits;
use super::usage::Usage;
use crate::atomic;
use crate::data_dir::{DataDir, create_private_dir};

/// A request waiting for its CA's response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingRequest {
    /// Id (directory name).
    pub id: String,
    /// When it was made.
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
    /// Usages it is for.
    pub usages: Vec<Usage>,
    /// Subject CN.
    pub subject: String,
    /// Subject alternative names.
    pub sans: Vec<String>,
    /// Friendly name the certificate will get.
    pub friendly_name: String,
    /// Whether the key may be exported.
    pub exportable: bool,
    /// Template asked for.
    pub template: String,
    /// Where the request file was written.
    pub request_file: PathBuf,
}

fn dir(data: &DataDir) -> PathBuf {
    data.root().join("requests")
}

/// Keeps `key_pem` and the request as a pending request, and writes the request to `out`.
pub fn create(
    data: &DataDir,
    pending: &PendingRequest,
    csr_pem: &str,
    key_pkcs8: &[u8],
    out: &Path,
) -> Result<(), CertError> {
    let io = |what: String| CertError::io(what);
    let root = dir(data);
    create_private_dir(&root).map_err(io(format!("cannot create {}", root.display())))?;
    let staging = root.join(format!(".staging-{}", atomic::random_suffix()));
    let target = root.join(&pending.id);
    let write = || -> std::io::Result<()> {
        create_private_dir(&staging)?;
        let key_pem = pem::encode(&pem::Pem::new("PRIVATE KEY", key_pkcs8.to_vec()));
        atomic::write_private(&staging.join("key.pem"), key_pem.as_bytes())?;
        atomic::write(&staging.join("request.pem"), csr_pem.as_bytes())?;
        let mut json = serde_json::to_vec_pretty(pending).expect("a pending request serialises");
        json.push(b'\n');
        atomic::write(&staging.join("meta.json"), &json)?;
        atomic::crash_point();
        fs::rename(&staging, &target)?;
        atomic::sync_dir(&root)
    };
    if let Err(error) = write() {
        let _ = fs::remove_dir_all(&staging);
        return Err(io("cannot keep the pending request".into())(error));
    }
    if let Err(error) = atomic::write(out, csr_pem.as_bytes()) {
        let _ = fs::remove_dir_all(&target);
        return Err(CertError::BadInput(format!(
            "cannot write the request file {}: {error}",
            out.display()
        )));
    }
    Ok(())
}

/// Every pending request, oldest first.
pub fn list(data: &DataDir) -> Result<Vec<PendingRequest>, CertError> {
    let entries = match fs::read_dir(dir(data)) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(CertError::io("cannot read the pending requests")(e)),
    };
    let mut pending = Vec::new();
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue; // a request being written, or left half-written by a crash
        }
        let meta = entry.path().join("meta.json");
        let bytes =
            fs::read(&meta).map_err(CertError::io(format!("cannot read {}", meta.display())))?;
        pending.push(
            serde_json::from_slice(&bytes)
                .map_err(|e| CertError::Failed(format!("{} is damaged: {e}", meta.display())))?,
        );
    }
    pending.sort_by_key(|p: &PendingRequest| p.created_at);
    Ok(pending)
}

/// A CA response matched with its pending request.
pub struct Matched {
    /// The request.
    pub pending: PendingRequest,
    /// The issued certificate (DER).
    pub leaf: Vec<u8>,
    /// Its issuers (DER).
    pub chain: Vec<Vec<u8>>,
    /// The waiting key (PKCS#8 DER).
    pub key: Vec<u8>,
}

/// Matches a CA response (PEM, DER or P7B) to the pending request whose key it certifies.
pub fn match_response(data: &DataDir, response: &[u8]) -> Result<Matched, CertError> {
    let bundle = read_bundle(response, None)?;
    if bundle.certs.is_empty() {
        return Err(CertError::BadInput(
            "the response holds no certificate".into(),
        ));
    }
    let pending = list(data)?;
    if pending.is_empty() {
        return Err(CertError::BadInput(
            "there is no pending request to complete".into(),
        ));
    }
    for request in pending {
        let key_path = dir(data).join(&request.id).join("key.pem");
        let key_pem = fs::read(&key_path)
            .map_err(CertError::io(format!("cannot read {}", key_path.display())))?;
        let key = pem::parse(&key_pem)
            .map_err(|e| CertError::Failed(format!("{} is damaged: {e}", key_path.display())))?
            .into_contents();
        let pair = rcgen::KeyPair::try_from(key.as_slice())
            .map_err(|e| CertError::Failed(format!("{} is damaged: {e}", key_path.display())))?;
        use rcgen::PublicKeyData;
        if let Some(index) = bundle
            .certs
            .iter()
            .position(|der| public_key_bits(der).as_deref() == Some(pair.der_bytes()))
        {
            let mut certs = bundle.certs.clone();
            let leaf = certs.remove(index);
            return Ok(Matched {
                pending: request,
                leaf,
                chain: certs,
                key,
            });
        }
    }
    Err(CertError::BadInput(
        "the response's certificate does not match the key of any pending request; `deploy-wizard cert pending list` shows them"
            .into(),
    ))
}

/// Removes a completed request.
pub fn remove(data: &DataDir, id: &str) -> Result<(), CertError> {
    let path = dir(data).join(id);
    fs::remove_dir_all(&path).map_err(CertError::io(format!("cannot remove {}", path.display())))
}
