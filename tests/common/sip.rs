//! A SIP user agent for the tests: one TLS connection (its contact), REGISTER, MESSAGE and a
//! 200 answer, a few lines over rustls.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};

/// The test looks at what the server presents through `services status`; the client accepts it.
#[derive(Debug)]
pub struct AnyCertificate;

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _: &CertificateDer<'_>,
        _: &[CertificateDer<'_>],
        _: &ServerName<'_>,
        _: &[u8],
        _: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }
    fn verify_tls12_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }
    fn verify_tls13_signature(
        &self,
        _: &[u8],
        _: &CertificateDer<'_>,
        _: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        Ok(HandshakeSignatureValid::assertion())
    }
    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        rustls::crypto::aws_lc_rs::default_provider()
            .signature_verification_algorithms
            .supported_schemes()
    }
}

/// A SIP user agent on one TLS connection (its contact is that connection).
pub struct Agent {
    user: String,
    domain: String,
    tls: rustls::StreamOwned<rustls::ClientConnection, TcpStream>,
    local: std::net::SocketAddr,
    sequence: u32,
}

impl Agent {
    pub fn connect(port: u16, user: &str, domain: &str) -> Agent {
        let config = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::aws_lc_rs::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(AnyCertificate))
        .with_no_client_auth();
        let tcp = TcpStream::connect(("127.0.0.1", port)).expect("the registrar listens");
        tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let local = tcp.local_addr().unwrap();
        let name = ServerName::try_from("se01.contoso.com").unwrap();
        let connection = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
        Agent {
            user: user.into(),
            domain: domain.into(),
            tls: rustls::StreamOwned::new(connection, tcp),
            local,
            sequence: 0,
        }
    }

    pub fn send(&mut self, method: &str, uri: &str, to: &str, extra: &str, body: &str) {
        self.sequence += 1;
        let (user, domain, local, seq) = (&self.user, &self.domain, self.local, self.sequence);
        let message = format!(
            "{method} {uri} SIP/2.0\r\nVia: SIP/2.0/TLS {local};branch=z9hG4bK{user}{seq}{method}\r\n\
             Max-Forwards: 70\r\nFrom: <sip:{user}@{domain}>;tag={user}{seq}\r\nTo: <{to}>\r\n\
             Call-ID: {user}-{seq}@test\r\nCSeq: {seq} {method}\r\n{extra}\
             Content-Length: {}\r\n\r\n{body}",
            body.len()
        );
        self.tls.write_all(message.as_bytes()).unwrap();
    }

    /// The next SIP message received on the connection (start line, whole text).
    pub fn receive(&mut self) -> (String, String) {
        let mut data = Vec::new();
        let mut byte = [0u8; 1];
        while !data.ends_with(b"\r\n\r\n") {
            let n = self.tls.read(&mut byte).expect("a SIP message arrives");
            assert!(n > 0, "the registrar closed the connection");
            data.push(byte[0]);
        }
        let head = String::from_utf8_lossy(&data).into_owned();
        let length: usize = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length:")
                    .map(|v| v.trim().parse().unwrap())
            })
            .unwrap_or(0);
        let mut body = vec![0u8; length];
        self.tls.read_exact(&mut body).unwrap();
        let text = head + &String::from_utf8_lossy(&body);
        (text.lines().next().unwrap_or("").to_string(), text)
    }

    /// A REGISTER's answer, or `None` when the connection fails (a refused TLS handshake).
    pub fn try_register(&mut self) -> Option<String> {
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.register()));
        result.ok()
    }

    pub fn register(&mut self) -> String {
        let uri = format!("sip:{}", self.domain);
        let to = format!("sip:{}@{}", self.user, self.domain);
        let contact = format!(
            "Contact: <sip:{}@{};transport=tls>\r\nExpires: 600\r\n",
            self.user, self.local
        );
        self.send("REGISTER", &uri, &to, &contact, "");
        self.receive().0
    }

    pub fn message(&mut self, to_user: &str, text: &str) {
        let to = format!("sip:{to_user}@{}", self.domain);
        self.send("MESSAGE", &to, &to, "Content-Type: text/plain\r\n", text);
    }

    /// Sends `to` a MESSAGE with `text` through the server: `to` receives it on its own
    /// connection (a MESSAGE for `to`'s user ending in `text`) and answers 200, which comes back.
    pub fn deliver(&mut self, to: &mut Agent, text: &str) {
        self.message(&to.user.clone(), text);
        let (start, received) = to.receive();
        assert!(
            start.starts_with(&format!("MESSAGE sip:{}@", to.user)),
            "{received}"
        );
        assert!(received.ends_with(text), "{received}");
        to.answer_ok(&received);
        assert_eq!(self.receive().0, "SIP/2.0 200 OK");
    }

    /// Answers a request received as `text` with 200 OK (its Via, From, To, Call-ID, CSeq).
    pub fn answer_ok(&mut self, text: &str) {
        let headers: String = text
            .lines()
            .filter(|l| {
                let l = l.to_ascii_lowercase();
                ["via:", "from:", "to:", "call-id:", "cseq:"]
                    .iter()
                    .any(|h| l.starts_with(h))
            })
            .map(|l| format!("{l}\r\n"))
            .collect();
        let response = format!("SIP/2.0 200 OK\r\n{headers}Content-Length: 0\r\n\r\n");
        self.tls.write_all(response.as_bytes()).unwrap();
    }
}
