//! Which certificate a TLS port presents, and whether an HTTPS health page answers: the probe
//! accepts any certificate (that is what it reports on) but checks the handshake signature, so
//! the presenter really holds the key of what it presents.

use std::io::{Read, Write};
use std::net::{IpAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, WebPkiSupportedAlgorithms};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

#[derive(Debug)]
struct ReportAnyCertificate(WebPkiSupportedAlgorithms);

impl ServerCertVerifier for ReportAnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.0)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.0)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_schemes()
    }
}

fn config() -> Arc<rustls::ClientConfig> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let algorithms = provider.signature_verification_algorithms;
    let config =
        rustls::ClientConfig::builder_with_provider(provider.clone() as Arc<CryptoProvider>)
            .with_safe_default_protocol_versions()
            .expect("the default protocol versions are supported")
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(ReportAnyCertificate(algorithms)))
            .with_no_client_auth();
    Arc::new(config)
}

fn connect(
    address: IpAddr,
    port: u16,
    server_name: &str,
) -> Result<rustls::StreamOwned<rustls::ClientConnection, TcpStream>, String> {
    let tcp = TcpStream::connect_timeout(&(address, port).into(), Duration::from_secs(3))
        .map_err(|e| format!("nothing answers on port {port}: {e}"))?;
    tcp.set_read_timeout(Some(Duration::from_secs(5))).ok();
    tcp.set_write_timeout(Some(Duration::from_secs(5))).ok();
    tls_over(tcp, server_name, port)
}

/// A TLS client handshake for `server_name` over an open connection to `port`.
fn tls_over(
    tcp: TcpStream,
    server_name: &str,
    port: u16,
) -> Result<rustls::StreamOwned<rustls::ClientConnection, TcpStream>, String> {
    let name =
        ServerName::try_from(server_name.to_string()).map_err(|e| format!("{server_name}: {e}"))?;
    let connection = rustls::ClientConnection::new(config(), name).map_err(|e| e.to_string())?;
    let mut stream = rustls::StreamOwned::new(connection, tcp);
    while stream.conn.is_handshaking() {
        stream
            .conn
            .complete_io(&mut stream.sock)
            .map_err(|e| format!("TLS handshake on port {port} failed: {e}"))?;
    }
    Ok(stream)
}

/// The DER of the certificate the server presented on `port`.
fn leaf_of(
    stream: &rustls::StreamOwned<rustls::ClientConnection, TcpStream>,
    port: u16,
) -> Result<Vec<u8>, String> {
    stream
        .conn
        .peer_certificates()
        .and_then(|certs| certs.first())
        .map(|c| c.as_ref().to_vec())
        .ok_or_else(|| format!("port {port} presented no certificate"))
}

/// The DER of the certificate presented on `address`:`port` for `server_name`.
pub fn presented_certificate(
    address: IpAddr,
    port: u16,
    server_name: &str,
) -> Result<Vec<u8>, String> {
    leaf_of(&connect(address, port, server_name)?, port)
}

/// Opens an XMPP client stream to `domain`, asks for STARTTLS and completes the handshake;
/// returns the certificate presented.
pub fn xmpp_starttls(address: IpAddr, port: u16, domain: &str) -> Result<Vec<u8>, String> {
    let mut tcp = TcpStream::connect_timeout(&(address, port).into(), Duration::from_secs(3))
        .map_err(|e| format!("nothing answers on port {port}: {e}"))?;
    tcp.set_read_timeout(Some(Duration::from_secs(5))).ok();
    tcp.set_write_timeout(Some(Duration::from_secs(5))).ok();
    let open = format!(
        "<?xml version='1.0'?><stream:stream to='{domain}' version='1.0' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
    );
    tcp.write_all(open.as_bytes()).map_err(|e| e.to_string())?;
    let read_until = |tcp: &mut TcpStream, end: &[&str]| -> Result<String, String> {
        let mut text = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = tcp.read(&mut buf).map_err(|e| e.to_string())?;
            if n == 0 || text.len() > 64 << 10 {
                return Err(format!(
                    "the XMPP stream on port {port} ended before {}",
                    end[0]
                ));
            }
            text.extend_from_slice(&buf[..n]);
            let seen = String::from_utf8_lossy(&text);
            if end.iter().any(|e| seen.contains(e)) || seen.contains("</stream:stream>") {
                return Ok(seen.into_owned());
            }
        }
    };
    let features = read_until(&mut tcp, &["</stream:features>"])?;
    if !features.contains("<starttls") {
        return Err(format!(
            "the XMPP service on port {port} does not offer STARTTLS"
        ));
    }
    tcp.write_all(b"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
        .map_err(|e| e.to_string())?;
    let answer = read_until(&mut tcp, &["<proceed", "<failure"])?;
    if !answer.contains("<proceed") {
        return Err(format!("the XMPP service on port {port} refused STARTTLS"));
    }
    leaf_of(&tls_over(tcp, domain, port)?, port)
}

/// Sends a SIP OPTIONS request to the server over TLS; returns the response's status code.
pub fn sip_options(address: IpAddr, port: u16, server_name: &str) -> Result<u16, String> {
    let mut stream = connect(address, port, server_name)?;
    let local = stream.sock.local_addr().map_err(|e| e.to_string())?;
    let tag = crate::atomic::random_suffix();
    let request = format!(
        "OPTIONS sip:{server_name} SIP/2.0\r\n\
         Via: SIP/2.0/TLS {local};branch=z9hG4bK{tag};rport\r\n\
         Max-Forwards: 70\r\n\
         From: <sip:health@{server_name}>;tag={tag}\r\n\
         To: <sip:{server_name}>\r\n\
         Call-ID: health-{tag}\r\n\
         CSeq: 1 OPTIONS\r\n\
         Content-Length: 0\r\n\r\n"
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut response = Vec::new();
    let mut buffer = [0u8; 4096];
    // One response: read until its header ends (the server keeps the connection open).
    while !response.windows(4).any(|w| w == b"\r\n\r\n") && response.len() < 65536 {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => response.extend_from_slice(&buffer[..n]),
            Err(e) => return Err(format!("port {port}: {e}")),
        }
    }
    let text = String::from_utf8_lossy(&response);
    text.lines()
        .next()
        .and_then(|l| l.strip_prefix("SIP/2.0 "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("port {port} did not answer SIP"))
}

/// GETs `path` over TLS; returns the status code and the body.
pub fn https_get(
    address: IpAddr,
    port: u16,
    server_name: &str,
    path: &str,
) -> Result<(u16, String), String> {
    let mut stream = connect(address, port, server_name)?;
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: {server_name}\r\nConnection: close\r\n\r\n");
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut response = Vec::new();
    // A peer that closes without close_notify still gave us the whole response.
    let _ = stream.read_to_end(&mut response);
    let text = String::from_utf8_lossy(&response).into_owned();
    let status = text
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("port {port} did not answer HTTP"))?;
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

/// A STUN message's attributes: type and value, in order.
type StunAttributes = Vec<(u16, Vec<u8>)>;

/// A TURN Allocate over TLS with the long-term credential mechanism (RFC 8656): the first
/// request draws a 401 with the realm and a nonce, the second is signed with
/// MESSAGE-INTEGRITY keyed by MD5(username:realm:password). Returns whether the relay was
/// allocated (the connection's end frees it).
pub fn turn_allocate(
    address: IpAddr,
    port: u16,
    server_name: &str,
    username: &str,
    password: &str,
) -> Result<bool, String> {
    use md5::{Digest, Md5};
    const ALLOCATE: u16 = 0x0003;
    fn attribute(out: &mut Vec<u8>, kind: u16, value: &[u8]) {
        out.extend_from_slice(&kind.to_be_bytes());
        out.extend_from_slice(&(value.len() as u16).to_be_bytes());
        out.extend_from_slice(value);
        out.resize(out.len().div_ceil(4) * 4, 0);
    }
    fn message(transaction: &[u8; 12], attributes: &[u8], length: usize) -> Vec<u8> {
        let mut out = ALLOCATE.to_be_bytes().to_vec();
        out.extend_from_slice(&(length as u16).to_be_bytes());
        out.extend_from_slice(&0x2112_A442u32.to_be_bytes());
        out.extend_from_slice(transaction);
        out.extend_from_slice(attributes);
        out
    }
    let mut stream = connect(address, port, server_name)?;
    let mut exchange = |request: &[u8]| -> Result<(u16, StunAttributes), String> {
        stream.write_all(request).map_err(|e| e.to_string())?;
        let mut header = [0u8; 20];
        stream
            .read_exact(&mut header)
            .map_err(|e| format!("port {port} did not answer TURN: {e}"))?;
        let length = usize::from(u16::from_be_bytes([header[2], header[3]]));
        let mut body = vec![0u8; length.min(4096)];
        stream.read_exact(&mut body).map_err(|e| e.to_string())?;
        let mut attributes = Vec::new();
        let mut at = 0;
        while at + 4 <= body.len() {
            let kind = u16::from_be_bytes([body[at], body[at + 1]]);
            let len = usize::from(u16::from_be_bytes([body[at + 2], body[at + 3]]));
            let value = body[at + 4..(at + 4 + len).min(body.len())].to_vec();
            attributes.push((kind, value));
            at += 4 + len.div_ceil(4) * 4;
        }
        Ok((u16::from_be_bytes([header[0], header[1]]), attributes))
    };
    let mut transport = Vec::new();
    attribute(&mut transport, 0x0019, &[17, 0, 0, 0]);
    let (_, challenge) = exchange(&message(b"health-ask-1", &transport, transport.len()))?;
    let find = |kind: u16| {
        challenge
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, v)| v.clone())
            .ok_or_else(|| format!("port {port}: the TURN challenge lacks a realm or nonce"))
    };
    let (realm, nonce) = (find(0x0014)?, find(0x0015)?);
    let mut attributes = transport;
    attribute(&mut attributes, 0x0006, username.as_bytes());
    attribute(&mut attributes, 0x0014, &realm);
    attribute(&mut attributes, 0x0015, &nonce);
    let transaction = b"health-ask-2";
    let signed = message(transaction, &attributes, attributes.len() + 24);
    let key = Md5::digest([username.as_bytes(), b":", &realm, b":", password.as_bytes()].concat());
    let tag = aws_lc_rs::hmac::sign(
        &aws_lc_rs::hmac::Key::new(aws_lc_rs::hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, &key),
        &signed,
    );
    attribute(&mut attributes, 0x0008, tag.as_ref());
    let (kind, _) = exchange(&message(transaction, &attributes, attributes.len()))?;
    Ok(kind == 0x0103)
}
