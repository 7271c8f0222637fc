//! ACME (RFC 8555) issuance with instant-acme: an account created once per directory and kept
//! (owner-only) in the data dir, optional external account binding, http-01 answered by the
//! wizard itself on a configurable address, and the chain the CA returns.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use instant_acme::{
    Account, AccountCredentials, AuthorizationStatus, BodyWrapper, ChallengeType,
    ExternalAccountKey, Identifier, NewAccount, NewOrder, OrderStatus, RetryPolicy,
};

use super::CertError;
use super::check::system_roots;
use super::formats::read_bundle;
use crate::atomic;
use crate::data_dir::{DataDir, create_private_dir};
use crate::log::Reason;

/// Default address the http-01 responder listens on.
pub const DEFAULT_HTTP01_LISTEN: &str = "0.0.0.0:80";

/// How to reach an ACME CA.
#[derive(Debug, Clone)]
pub struct AcmeOptions {
    /// Directory URL.
    pub directory: String,
    /// External account binding: key id and HMAC key (base64url, as CAs hand it out).
    pub eab: Option<(String, String)>,
    /// The file the HMAC key was read from, for the logged command line.
    pub eab_hmac_file: Option<PathBuf>,
    /// PEM file of extra roots to trust for the directory's TLS.
    pub roots: Option<PathBuf>,
    /// Where the http-01 responder listens.
    pub http01_listen: SocketAddr,
}

/// An ACME error as the certificate layer's: a CA that cannot be reached (no connection, a
/// connection cut) is typed, so that renewal and the window say so in the administrator's
/// language; the CA's own refusals keep its words.
fn acme_error(directory: &str, error: instant_acme::Error) -> CertError {
    if !matches!(error, instant_acme::Error::Api(_)) {
        let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&error);
        while let Some(s) = source {
            // Only the connection's own failures (a TLS failure is also carried as an I/O
            // error, of another kind: its words say what to do).
            if let Some(io) = s.downcast_ref::<std::io::Error>().filter(|io| {
                use std::io::ErrorKind::*;
                matches!(
                    io.kind(),
                    ConnectionRefused
                        | ConnectionReset
                        | ConnectionAborted
                        | NotConnected
                        | TimedOut
                        | HostUnreachable
                        | NetworkUnreachable
                        | AddrNotAvailable
                        | BrokenPipe
                        | UnexpectedEof
                )
            }) {
                return CertError::CaUnreachable {
                    ca: directory.to_string(),
                    detail: io.to_string(),
                };
            }
            source = s.source();
        }
    }
    CertError::Failed(plain(error))
}

fn plain(error: instant_acme::Error) -> String {
    match error {
        instant_acme::Error::Api(problem) => {
            let kind = problem
                .r#type
                .as_deref()
                .unwrap_or("")
                .trim_start_matches("urn:ietf:params:acme:error:");
            let detail = problem.detail.as_deref().unwrap_or("no detail given");
            match kind {
                "externalAccountRequired" => format!(
                    "the CA requires external account binding: give --eab-kid and --eab-hmac-file ({detail})"
                ),
                "unauthorized" | "malformed"
                    if detail.to_lowercase().contains("external account") =>
                {
                    format!(
                        "the CA refused the external account binding: check the key id and HMAC key ({detail})"
                    )
                }
                "" => format!("the CA refused: {detail}"),
                kind => format!("the CA refused ({kind}): {detail}"),
            }
        }
        instant_acme::Error::Timeout(_) => "the CA did not finish the order in time".into(),
        other => {
            let text = other.to_string();
            let mut source = std::error::Error::source(&other);
            let mut chain = text.clone();
            while let Some(s) = source {
                chain.push_str(&format!(": {s}"));
                source = s.source();
            }
            if chain.contains("certificate")
                && (chain.contains("UnknownIssuer") || chain.contains("invalid peer certificate"))
            {
                format!(
                    "TLS to the ACME directory failed ({chain}); pass --acme-root PEM if the CA uses a private root"
                )
            } else {
                chain
            }
        }
    }
}

fn http_client(roots: Option<&Path>) -> Result<Box<dyn instant_acme::HttpClient>, CertError> {
    let mut store = rustls::RootCertStore::empty();
    for der in system_roots() {
        let _ = store.add(rustls_pki_types::CertificateDer::from(der.clone()));
    }
    if let Some(path) = roots {
        let pem_bytes = crate::input::read_limited(path, crate::input::InputKind::Roots)
            .map_err(|e| CertError::BadInput(format!("--acme-root: {e}")))?;
        let blocks = pem::parse_many(&pem_bytes).map_err(|e| {
            CertError::BadInput(format!("--acme-root {} is not PEM: {e}", path.display()))
        })?;
        let mut added = 0;
        for block in blocks.into_iter().filter(|b| b.tag() == "CERTIFICATE") {
            store
                .add(rustls_pki_types::CertificateDer::from(
                    block.into_contents(),
                ))
                .map_err(|e| CertError::BadInput(format!("--acme-root {}: {e}", path.display())))?;
            added += 1;
        }
        if added == 0 {
            return Err(CertError::BadInput(format!(
                "--acme-root {} holds no certificate",
                path.display()
            )));
        }
    }
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .map_err(|e| CertError::Failed(e.to_string()))?
    .with_root_certificates(store)
    .with_no_client_auth();
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(config)
        .https_only()
        .enable_http1()
        .build();
    let client: hyper_util::client::legacy::Client<_, BodyWrapper<Bytes>> =
        hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
            .build(connector);
    Ok(Box::new(client))
}

fn account_file(data: &DataDir, directory: &str) -> PathBuf {
    data.root().join("acme").join(format!(
        "{}.json",
        &crate::store::sha256_hex(directory.as_bytes())[..16]
    ))
}

async fn account(
    data: &DataDir,
    options: &AcmeOptions,
    progress: &mut dyn FnMut(Reason) -> bool,
) -> Result<Account, CertError> {
    let path = account_file(data, &options.directory);
    if let Ok(bytes) = std::fs::read(&path) {
        let credentials: AccountCredentials = serde_json::from_slice(&bytes)
            .map_err(|e| CertError::Failed(format!("{} is damaged: {e}", path.display())))?;
        step(
            progress,
            Reason::new("said-acme-account-kept").with("file", path.display()),
        )?;
        return Account::builder_with_http(http_client(options.roots.as_deref())?)
            .from_credentials(credentials)
            .await
            .map_err(|e| acme_error(&options.directory, e));
    }
    let eab = match &options.eab {
        Some((kid, hmac)) => {
            use base64::Engine;
            let key = base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(hmac.trim().trim_end_matches('='))
                .map_err(|_| {
                    CertError::BadInput("the EAB HMAC key is not base64url text".into())
                })?;
            Some(ExternalAccountKey::new(kid.clone(), &key))
        }
        None => None,
    };
    step(
        progress,
        Reason::new(if eab.is_some() {
            "said-acme-account-created-eab"
        } else {
            "said-acme-account-created"
        })
        .with("directory", &options.directory),
    )?;
    let (account, credentials) = Account::builder_with_http(http_client(options.roots.as_deref())?)
        .create(
            &NewAccount {
                contact: &[],
                terms_of_service_agreed: true,
                only_return_existing: false,
            },
            options.directory.clone(),
            eab.as_ref(),
        )
        .await
        .map_err(|e| acme_error(&options.directory, e))?;
    let dir = path.parent().expect("account files live in a directory");
    create_private_dir(dir).map_err(CertError::io(format!("cannot create {}", dir.display())))?;
    let json = serde_json::to_vec(&credentials).expect("credentials serialise");
    atomic::write_private(&path, &json).map_err(CertError::io(format!(
        "cannot keep the ACME account in {}",
        path.display()
    )))?;
    Ok(account)
}

/// Answers http-01 challenges (`GET /.well-known/acme-challenge/<token>` → the key
/// authorization) with hyper's HTTP/1 server, listening before any challenge is answered.
struct Responder {
    answers: Arc<Mutex<HashMap<String, String>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Responder {
    async fn start(listen: SocketAddr) -> Result<Self, CertError> {
        use http_body_util::Full;
        use hyper::server::conn::http1;
        use hyper::service::service_fn;
        use hyper::{Method, Request, Response, StatusCode};

        let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| {
            CertError::BadInput(format!(
                "cannot listen on {listen} to answer the CA's http-01 challenge: {e}; choose another address with --http01-listen"
            ))
        })?;
        let answers: Arc<Mutex<HashMap<String, String>>> = Arc::default();
        let shared = answers.clone();
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let answers = shared.clone();
                let service = service_fn(move |request: Request<hyper::body::Incoming>| {
                    let answer = match *request.method() {
                        Method::GET | Method::HEAD => request
                            .uri()
                            .path()
                            .strip_prefix("/.well-known/acme-challenge/")
                            .and_then(|token| answers.lock().ok()?.get(token).cloned()),
                        _ => None,
                    };
                    let response = match answer {
                        Some(body) => Response::builder()
                            .status(StatusCode::OK)
                            .header("content-type", "application/octet-stream")
                            .body(Full::new(Bytes::from(body))),
                        None => Response::builder()
                            .status(StatusCode::NOT_FOUND)
                            .body(Full::new(Bytes::new())),
                    };
                    async move {
                        Ok::<_, std::convert::Infallible>(
                            response.expect("a response of a status, a header and a body"),
                        )
                    }
                });
                tokio::spawn(async move {
                    let connection = http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), service);
                    // A validator that never finishes its request does not hold a task.
                    let _ = tokio::time::timeout(Duration::from_secs(10), connection).await;
                });
            }
        });
        Ok(Responder { answers, task })
    }
}

impl Drop for Responder {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Answers http-01 challenges through a web server that already holds the port (the web
/// services' HTTP listener): one file per token in its challenge directory, removed when the
/// issuance ends, whatever its outcome.
struct ChallengeFiles {
    dir: PathBuf,
    written: Vec<PathBuf>,
}

impl ChallengeFiles {
    fn write(&mut self, token: &str, key_authorization: &str) -> Result<(), CertError> {
        std::fs::create_dir_all(&self.dir).map_err(CertError::io(format!(
            "cannot create {}",
            self.dir.display()
        )))?;
        let path = self.dir.join(token);
        // The answer is public by design (the CA fetches it over plain HTTP): readable by the
        // web server's unprivileged workers.
        atomic::write(&path, key_authorization.as_bytes())
            .map_err(CertError::io(format!("cannot write {}", path.display())))?;
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).map_err(
            CertError::io(format!("cannot make {} readable", path.display())),
        )?;
        self.written.push(path);
        Ok(())
    }
}

impl Drop for ChallengeFiles {
    fn drop(&mut self) {
        for path in &self.written {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Who answers the challenges: our own listener, or files a running web server serves.
enum Answerer {
    Listener(Responder),
    Files(ChallengeFiles),
}

/// A challenge token as RFC 8555 makes it (base64url, at least 128 bits); anything else from
/// the CA is refused before it names a file or a map key.
fn valid_token(token: &str) -> bool {
    (16..=256).contains(&token.len())
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Reports one step of the issuance; `Err` when whoever watches asked to stop (the store is
/// untouched then: nothing is stored before the issuance returns).
fn step(progress: &mut dyn FnMut(Reason) -> bool, line: Reason) -> Result<(), CertError> {
    if progress(line) {
        Ok(())
    } else {
        Err(CertError::Cancelled)
    }
}

/// Orders a certificate for `names` with the request `csr_der`; returns (leaf, chain). Each
/// step (account, order, challenge served, validation, finalisation, download) is reported to
/// `progress` as it happens; `progress` answers `false` to stop at that step. With `webroot`
/// (a running web server already holds the http-01 port and serves that directory under
/// `/.well-known/acme-challenge/`), the challenges are answered by files there instead of a
/// listener of our own.
pub async fn issue(
    data: &DataDir,
    options: &AcmeOptions,
    webroot: Option<&Path>,
    names: &[String],
    csr_der: &[u8],
    progress: &mut dyn FnMut(Reason) -> bool,
) -> Result<(Vec<u8>, Vec<Vec<u8>>), CertError> {
    let mut answerer = match webroot {
        Some(dir) => {
            step(
                progress,
                Reason::new("said-acme-webroot")
                    .with("listen", options.http01_listen)
                    .with("dir", dir.display()),
            )?;
            Answerer::Files(ChallengeFiles {
                dir: dir.to_path_buf(),
                written: Vec::new(),
            })
        }
        None => {
            let responder = Responder::start(options.http01_listen).await?;
            step(
                progress,
                Reason::new("said-acme-listening").with("listen", options.http01_listen),
            )?;
            Answerer::Listener(responder)
        }
    };
    let identifiers: Vec<Identifier> = names.iter().map(|n| Identifier::Dns(n.clone())).collect();
    let kept = account(data, options, progress).await?;
    let mut order = match kept.new_order(&NewOrder::new(&identifiers)).await {
        Err(instant_acme::Error::Api(problem))
            if problem
                .r#type
                .as_deref()
                .is_some_and(|t| t.ends_with(":accountDoesNotExist")) =>
        {
            // The CA no longer knows the kept account (reset, or deactivated): make a new one.
            step(progress, Reason::new("said-acme-account-forgotten"))?;
            let _ = std::fs::remove_file(account_file(data, &options.directory));
            let fresh = account(data, options, progress).await?;
            fresh.new_order(&NewOrder::new(&identifiers)).await
        }
        other => other,
    }
    .map_err(|e| acme_error(&options.directory, e))?;
    step(
        progress,
        Reason::new("said-acme-order").with("names", names.join(", ")),
    )?;
    let mut authorizations = order.authorizations();
    while let Some(result) = authorizations.next().await {
        let mut authz = result.map_err(|e| acme_error(&options.directory, e))?;
        match authz.status {
            AuthorizationStatus::Pending => {}
            AuthorizationStatus::Valid => continue,
            status => return Err(CertError::Failed(format!("an authorization is {status:?}"))),
        }
        let identifier = authz.identifier().to_string();
        let mut challenge = authz.challenge(ChallengeType::Http01).ok_or_else(|| {
            CertError::Failed(format!(
                "the CA offers no http-01 challenge for {identifier}"
            ))
        })?;
        let token = challenge.token.clone();
        if !valid_token(&token) {
            return Err(CertError::Failed(format!(
                "the CA sent an http-01 token that is not base64url text ({} characters); nothing was written",
                token.len()
            )));
        }
        let key_authorization = challenge.key_authorization().as_str().to_string();
        match &mut answerer {
            Answerer::Listener(responder) => {
                responder
                    .answers
                    .lock()
                    .expect("not poisoned")
                    .insert(token, key_authorization);
            }
            Answerer::Files(files) => files.write(&token, &key_authorization)?,
        }
        challenge
            .set_ready()
            .await
            .map_err(|e| acme_error(&options.directory, e))?;
        step(
            progress,
            Reason::new("said-acme-challenge")
                .with("name", identifier)
                .with("listen", options.http01_listen),
        )?;
    }
    step(progress, Reason::new("said-acme-waiting"))?;
    // Poll soon and back off: a CA that validates at once (a local one, pebble without its
    // sleep) answers within milliseconds, one that takes minutes is asked less and less often;
    // a Retry-After from the CA wins (instant-acme honours it).
    let retries = RetryPolicy::new()
        .initial_delay(Duration::from_millis(20))
        .backoff(1.5)
        .timeout(Duration::from_secs(90));
    let status = order
        .poll_ready(&retries)
        .await
        .map_err(|e| acme_error(&options.directory, e))?;
    if status != OrderStatus::Ready {
        return Err(CertError::Failed(format!(
            "the CA did not validate the order (status {status:?}); it must reach this server on {} for http-01",
            options.http01_listen
        )));
    }
    step(progress, Reason::new("said-acme-validated"))?;
    order
        .finalize_csr(csr_der)
        .await
        .map_err(|e| acme_error(&options.directory, e))?;
    step(progress, Reason::new("said-acme-downloading"))?;
    let chain_pem = order
        .poll_certificate(&retries)
        .await
        .map_err(|e| acme_error(&options.directory, e))?;
    drop(answerer);
    let bundle = read_bundle(chain_pem.as_bytes(), None)
        .map_err(|e| CertError::Failed(format!("the CA's chain: {e}")))?;
    let mut certs = bundle.certs.into_iter();
    let leaf = certs
        .next()
        .ok_or_else(|| CertError::Failed("the CA returned no certificate".into()))?;
    step(progress, Reason::new("said-acme-issued"))?;
    Ok((leaf, certs.collect()))
}

pub use super::request::check_directory_url;

/// A CA's suggested renewal window for one certificate (ACME Renewal Information, RFC 9773).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuggestedWindow {
    /// Renew from…
    pub start: time::OffsetDateTime,
    /// …until.
    pub end: time::OffsetDateTime,
    /// The CA's page explaining the window, when it gives one (a revocation ahead, say).
    pub explanation: Option<String>,
    /// When to ask again (the CA's Retry-After).
    pub ask_again: time::OffsetDateTime,
}

/// The RFC 9773 identifier of a certificate: base64url of its Authority Key Identifier's
/// `keyIdentifier`, ".", base64url of its serial number's DER content bytes.
pub fn certificate_id(der: &[u8]) -> Result<String, CertError> {
    use base64::Engine;
    use x509_parser::prelude::*;
    let (_, cert) = X509Certificate::from_der(der).map_err(|e| {
        CertError::Failed(format!(
            "the certificate does not parse: {}",
            super::formats::x509_reason(&e)
        ))
    })?;
    let aki = cert
        .extensions()
        .iter()
        .find_map(|e| match e.parsed_extension() {
            ParsedExtension::AuthorityKeyIdentifier(aki) => aki.key_identifier.as_ref(),
            _ => None,
        })
        .ok_or_else(|| {
            CertError::Failed("the certificate has no authority key identifier".into())
        })?;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    Ok(format!(
        "{}.{}",
        b64.encode(aki.0),
        b64.encode(cert.tbs_certificate.raw_serial())
    ))
}

/// Asks the CA (with the account kept from the certificate's request) for its suggested
/// renewal window of the certificate `der`; `None` when the directory offers no renewal
/// information or no account is kept for it.
pub async fn renewal_window(
    data: &DataDir,
    options: &AcmeOptions,
    der: &[u8],
) -> Result<Option<SuggestedWindow>, CertError> {
    let id = certificate_id(der)?;
    let Some((aki, serial)) = id.split_once('.') else {
        return Ok(None);
    };
    let Ok(bytes) = std::fs::read(account_file(data, &options.directory)) else {
        return Ok(None);
    };
    let credentials: AccountCredentials = serde_json::from_slice(&bytes)
        .map_err(|e| CertError::Failed(format!("the kept ACME account is damaged: {e}")))?;
    let account = Account::builder_with_http(http_client(options.roots.as_deref())?)
        .from_credentials(credentials)
        .await
        .map_err(|e| acme_error(&options.directory, e))?;
    let identifier = instant_acme::CertificateIdentifier {
        authority_key_identifier: aki.into(),
        serial: serial.into(),
    };
    match account.renewal_info(&identifier).await {
        Ok((info, retry)) => {
            let now = time::OffsetDateTime::now_utc();
            // A Retry-After of less than a minute or more than a day is clamped (RFC 9773
            // §4.3.2 lets clients choose within reason).
            let wait = retry.clamp(Duration::from_secs(60), Duration::from_secs(24 * 3600));
            let window = info.suggested_window;
            if window.end < window.start {
                return Err(CertError::Failed(format!(
                    "the CA's renewal window for {id} ends before it starts"
                )));
            }
            Ok(Some(SuggestedWindow {
                start: window.start,
                end: window.end,
                explanation: info
                    .explanation_url
                    .filter(|u| u.len() <= 2048 && u.starts_with("https://")),
                ask_again: now + wait,
            }))
        }
        Err(instant_acme::Error::Unsupported(_)) => Ok(None),
        Err(e) => Err(acme_error(&options.directory, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 9773 §4.1's example: keyIdentifier 69:88:5B:…:C8:D4 and serial 00:87:65:43:21 make
    /// `aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE`.
    #[test]
    fn the_certificate_id_is_the_one_of_rfc_9773() {
        use rcgen::{CertificateParams, IsCa, Issuer, KeyIdMethod, KeyPair, SerialNumber};
        let ca_key = KeyPair::generate().unwrap();
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.is_ca = IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca.key_identifier_method = KeyIdMethod::PreSpecified(vec![
            0x69, 0x88, 0x5B, 0x6B, 0x87, 0x46, 0x40, 0x41, 0xE1, 0xB3, 0x7B, 0x84, 0x7B, 0xA0,
            0xAE, 0x2C, 0xDE, 0x01, 0xC8, 0xD4,
        ]);
        let issuer = Issuer::from_params(&ca, &ca_key);
        let key = KeyPair::generate().unwrap();
        let mut leaf = CertificateParams::new(vec!["example.com".to_string()]).unwrap();
        leaf.serial_number = Some(SerialNumber::from_slice(&[0x00, 0x87, 0x65, 0x43, 0x21]));
        leaf.use_authority_key_identifier_extension = true;
        let cert = leaf.signed_by(&key, &issuer).unwrap();
        assert_eq!(
            certificate_id(cert.der()).unwrap(),
            "aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE"
        );
        // Without an authority key identifier there is no id to ask about.
        let bare = CertificateParams::new(vec!["example.com".to_string()])
            .unwrap()
            .self_signed(&key)
            .unwrap();
        assert!(certificate_id(bare.der()).is_err());
    }

    #[test]
    fn challenge_tokens_must_be_base64url() {
        assert!(valid_token("LoqXcYV8q5ONbJQxbmR7SCTNo3tiAXDfowyjxAjEuX0"));
        assert!(!valid_token("../../etc/passwd-aaaaaaaaaaaaaaaa"));
        assert!(!valid_token("short"));
        assert!(!valid_token(&"a".repeat(300)));
    }
}
