//! Reading certificates and keys in the formats administrators bring: PEM, DER, PKCS#7 (.p7b)
//! and PKCS#12 (.pfx/.p12), and writing PKCS#12.

use x509_parser::prelude::{FromDer, X509Certificate};

/// What a file held.
#[derive(Debug, Default)]
pub struct Bundle {
    /// Certificates (DER), in file order.
    pub certs: Vec<Vec<u8>>,
    /// A private key (PKCS#8 DER), if the file had one.
    pub key: Option<Vec<u8>>,
}

/// Why a file could not be read as certificates.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    /// Nothing recognisable.
    #[error("{0}")]
    Unrecognised(String),
    /// A PKCS#12 file whose password is wrong (or missing).
    #[error(
        "the password is wrong for this PFX file (its integrity check failed); give the right one with --password-file or DEPLOY_WIZARD_PFX_PASSWORD"
    )]
    WrongPassword,
    /// A PKCS#12 file that needs a password none was given for.
    #[error(
        "this is a PFX file: give its password with --password-file F or DEPLOY_WIZARD_PFX_PASSWORD"
    )]
    PasswordNeeded,
}

impl FormatError {
    /// The typed reason, where there is one.
    pub fn reason(&self) -> Option<crate::log::Reason> {
        match self {
            FormatError::WrongPassword => Some(crate::log::Reason::new("why-pfx-wrong-password")),
            FormatError::PasswordNeeded => Some(crate::log::Reason::new("why-pfx-password-needed")),
            FormatError::Unrecognised(_) => None,
        }
    }
}

const PKCS7_SIGNED_DATA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];

/// Reads a certificate file of any supported format. `password` is used for PKCS#12.
pub fn read_bundle(bytes: &[u8], password: Option<&str>) -> Result<Bundle, FormatError> {
    if looks_like_pem(bytes) {
        return read_pem(bytes, password);
    }
    if X509Certificate::from_der(bytes).is_ok_and(|(rest, _)| rest.is_empty()) {
        return Ok(Bundle {
            certs: vec![bytes.to_vec()],
            key: None,
        });
    }
    if let Some(certs) = pkcs7_certificates(bytes) {
        return Ok(Bundle { certs, key: None });
    }
    if is_pkcs12(bytes) {
        return read_pkcs12(bytes, password);
    }
    let reason = match X509Certificate::from_der(bytes) {
        Err(error) if bytes.first() == Some(&0x30) => {
            format!(
                "it looks like DER but does not parse as a certificate ({}); the file may be truncated",
                x509_reason(&error)
            )
        }
        _ => "it is not a PEM, DER, PKCS#7 (.p7b) or PKCS#12 (.pfx) certificate file".to_string(),
    };
    Err(FormatError::Unrecognised(reason))
}

/// What a certificate parser's error means, in words (not the parser's own: `NomError(Eof)`).
pub fn x509_reason(error: &x509_parser::nom::Err<x509_parser::error::X509Error>) -> &'static str {
    use x509_parser::error::X509Error;
    match error {
        x509_parser::nom::Err::Incomplete(_) => "it ends too early: it is truncated",
        x509_parser::nom::Err::Error(e) | x509_parser::nom::Err::Failure(e) => match e {
            X509Error::Der(_) => "its DER encoding is invalid or truncated",
            X509Error::InvalidVersion => "its version is not one of X.509's",
            X509Error::InvalidSignatureValue | X509Error::InvalidAlgorithmIdentifier => {
                "its signature or algorithm is invalid"
            }
            X509Error::InvalidDate => "a validity date is invalid",
            X509Error::InvalidExtensions => "an extension is invalid",
            _ => "it is not a valid X.509 certificate",
        },
    }
}

fn looks_like_pem(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(4096)];
    std::str::from_utf8(head).is_ok_and(|t| t.contains("-----BEGIN "))
        || String::from_utf8_lossy(head).contains("-----BEGIN ")
}

fn read_pem(bytes: &[u8], password: Option<&str>) -> Result<Bundle, FormatError> {
    let blocks = pem::parse_many(bytes)
        .map_err(|e| FormatError::Unrecognised(format!("the PEM text is damaged: {e}")))?;
    if blocks.is_empty() {
        return Err(FormatError::Unrecognised(
            "the file has a BEGIN line but no complete PEM block".into(),
        ));
    }
    let mut bundle = Bundle::default();
    for block in blocks {
        match block.tag() {
            "CERTIFICATE" | "X509 CERTIFICATE" | "TRUSTED CERTIFICATE" => {
                let der = block.contents().to_vec();
                X509Certificate::from_der(&der).map_err(|e| {
                    FormatError::Unrecognised(format!(
                        "a CERTIFICATE block does not parse: {}",
                        x509_reason(&e)
                    ))
                })?;
                bundle.certs.push(der);
            }
            "PKCS7" => {
                let certs = pkcs7_certificates(block.contents()).ok_or_else(|| {
                    FormatError::Unrecognised("the PKCS7 block holds no certificates".into())
                })?;
                bundle.certs.extend(certs);
            }
            "PRIVATE KEY" => {
                if bundle.key.is_some() {
                    return Err(FormatError::Unrecognised(
                        "the file holds more than one private key".into(),
                    ));
                }
                // Parsed by the importer, which can say why a key is refused.
                bundle.key = Some(block.contents().to_vec());
            }
            "RSA PRIVATE KEY" | "EC PRIVATE KEY" => {
                return Err(FormatError::Unrecognised(format!(
                    "the key is in the old {} format; convert it with `openssl pkcs8 -topk8 -nocrypt`",
                    block.tag()
                )));
            }
            "ENCRYPTED PRIVATE KEY" => {
                return Err(FormatError::Unrecognised(
                    "encrypted PEM keys are not read; bring a PFX file instead, or decrypt with `openssl pkcs8`"
                        .into(),
                ));
            }
            "PKCS12" => return read_pkcs12(block.contents(), password),
            "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => {
                return Err(FormatError::Unrecognised(
                    "this is a certificate request, not a certificate; send it to the CA and import its response".into(),
                ));
            }
            other => {
                return Err(FormatError::Unrecognised(format!(
                    "a PEM block of type {other} is not a certificate or key"
                )));
            }
        }
    }
    Ok(bundle)
}

/// One DER element: (tag, content, rest).
fn tlv(bytes: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    let (&tag, rest) = bytes.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n]
            .iter()
            .fold(0usize, |acc, b| (acc << 8) | *b as usize);
        (len, &rest[n..])
    };
    (rest.len() >= len).then(|| (tag, &rest[..len], &rest[len..]))
}

/// The certificates of a PKCS#7 SignedData (`.p7b`), if `bytes` is one.
pub fn pkcs7_certificates(bytes: &[u8]) -> Option<Vec<Vec<u8>>> {
    let (0x30, content_info, _) = tlv(bytes)? else {
        return None;
    };
    let (0x06, oid, rest) = tlv(content_info)? else {
        return None;
    };
    if oid != PKCS7_SIGNED_DATA {
        return None;
    }
    let (0xa0, explicit, _) = tlv(rest)? else {
        return None;
    };
    let (0x30, signed_data, _) = tlv(explicit)? else {
        return None;
    };
    let (0x02, _, rest) = tlv(signed_data)? else {
        return None;
    }; // version
    let (0x31, _, rest) = tlv(rest)? else {
        return None;
    }; // digestAlgorithms
    let (0x30, _, rest) = tlv(rest)? else {
        return None;
    }; // encapContentInfo
    let (0xa0, mut certs, _) = tlv(rest)? else {
        return Some(Vec::new());
    };
    let mut out = Vec::new();
    while !certs.is_empty() {
        let before = certs.len();
        let (tag, content, rest) = tlv(certs)?;
        let whole = &certs[..before - rest.len()];
        if tag == 0x30 && !content.is_empty() && X509Certificate::from_der(whole).is_ok() {
            out.push(whole.to_vec());
        }
        certs = rest;
    }
    (!out.is_empty()).then_some(out)
}

fn is_pkcs12(bytes: &[u8]) -> bool {
    // PFX ::= SEQUENCE { version INTEGER (3), authSafe ContentInfo, macData MacData OPTIONAL }
    tlv(bytes)
        .and_then(|(tag, pfx, _)| (tag == 0x30).then_some(pfx))
        .and_then(tlv)
        .is_some_and(|(tag, version, _)| tag == 0x02 && version == [3])
}

fn read_pkcs12(bytes: &[u8], password: Option<&str>) -> Result<Bundle, FormatError> {
    let password = password.ok_or(FormatError::PasswordNeeded)?;
    // Every bag, as the file holds it: the importer pairs the key with its certificate itself,
    // so a PFX holding certificates without a key (or a key without a certificate) is read
    // whole and named for what it is.
    let archive =
        p12_keystore::Pkcs12Archive::from_pkcs12(bytes, password).map_err(|error| match error {
            p12_keystore::error::Error::MacError(_)
            | p12_keystore::error::Error::UnpadError
            | p12_keystore::error::Error::InvalidPrivateKey => FormatError::WrongPassword,
            other => FormatError::Unrecognised(format!("the PFX file does not parse: {other}")),
        })?;
    let mut bundle = Bundle::default();
    match archive.keys.as_slice() {
        [] => {}
        [one] => bundle.key = Some(one.key.as_der().to_vec()),
        _ => {
            return Err(FormatError::Unrecognised(
                "the PFX file holds several private keys; export one certificate with its key per file"
                    .into(),
            ));
        }
    }
    for bag in &archive.certs {
        let der = bag.cert.as_der().to_vec();
        if !bundle.certs.contains(&der) {
            bundle.certs.push(der);
        }
    }
    if bundle.certs.is_empty() && bundle.key.is_none() {
        return Err(FormatError::Unrecognised(
            "the PFX file holds neither a certificate nor a private key".into(),
        ));
    }
    Ok(bundle)
}

/// Writes a PKCS#12 file: modern (AES-256-CBC, PBKDF2, HMAC-SHA256 MAC) or `legacy`
/// (3DES, SHA-1 MAC) for systems that cannot read the modern one.
pub fn write_pkcs12(
    leaf: &[u8],
    chain: &[Vec<u8>],
    key: &[u8],
    friendly_name: &str,
    password: &str,
    legacy: bool,
) -> Result<Vec<u8>, String> {
    use p12_keystore::{
        Certificate, EncryptionAlgorithm, KeyStore, KeyStoreEntry, MacAlgorithm, PrivateKey,
        PrivateKeyChain,
    };
    let mut certs = vec![Certificate::from_der(leaf).map_err(|e| e.to_string())?];
    for der in chain {
        certs.push(Certificate::from_der(der).map_err(|e| e.to_string())?);
    }
    let key = PrivateKey::from_der(key).map_err(|e| e.to_string())?;
    let local_key_id = {
        use sha1::Digest;
        sha1::Sha1::digest(leaf).to_vec()
    };
    let mut store = KeyStore::new();
    store.add_entry(
        friendly_name,
        KeyStoreEntry::PrivateKeyChain(PrivateKeyChain::new(local_key_id, key, certs)),
    );
    let writer = store.writer(password);
    let writer = if legacy {
        writer
            .encryption_algorithm(EncryptionAlgorithm::PbeWithShaAnd3KeyTripleDesCbc)
            .mac_algorithm(MacAlgorithm::HmacSha1)
    } else {
        writer
            .encryption_algorithm(EncryptionAlgorithm::PbeWithHmacSha256AndAes256)
            .mac_algorithm(MacAlgorithm::HmacSha256)
    };
    writer.write().map_err(|e| e.to_string())
}
