//! A TURN client for the tests: one Allocate over TLS with the long-term credential mechanism
//! (RFC 5766 / 8489: a 401 with realm and nonce, then the request signed with
//! MESSAGE-INTEGRITY keyed by MD5(username:realm:password)).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use aws_lc_rs::hmac;
use md5::{Digest, Md5};
use rustls::pki_types::ServerName;

const MAGIC: u32 = 0x2112_A442;
const ALLOCATE: u16 = 0x0003;
const ALLOCATE_OK: u16 = 0x0103;
const USERNAME: u16 = 0x0006;
const MESSAGE_INTEGRITY: u16 = 0x0008;
const ERROR_CODE: u16 = 0x0009;
const REALM: u16 = 0x0014;
const NONCE: u16 = 0x0015;
const REQUESTED_TRANSPORT: u16 = 0x0019;

/// What an Allocate came to.
#[derive(Debug, PartialEq, Eq)]
pub enum Allocation {
    /// A relay address was allocated.
    Allocated,
    /// Refused with this error code (401: bad or expired credentials).
    Refused(u16),
}

fn attribute(out: &mut Vec<u8>, kind: u16, value: &[u8]) {
    out.extend_from_slice(&kind.to_be_bytes());
    out.extend_from_slice(&(value.len() as u16).to_be_bytes());
    out.extend_from_slice(value);
    while !out.len().is_multiple_of(4) {
        out.push(0);
    }
}

fn message(kind: u16, transaction: &[u8; 12], attributes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&kind.to_be_bytes());
    out.extend_from_slice(&(attributes.len() as u16).to_be_bytes());
    out.extend_from_slice(&MAGIC.to_be_bytes());
    out.extend_from_slice(transaction);
    out.extend_from_slice(attributes);
    out
}

fn attributes_of(response: &[u8]) -> Vec<(u16, Vec<u8>)> {
    let mut found = Vec::new();
    let mut at = 20;
    while at + 4 <= response.len() {
        let kind = u16::from_be_bytes([response[at], response[at + 1]]);
        let len = u16::from_be_bytes([response[at + 2], response[at + 3]]) as usize;
        let value = response[at + 4..(at + 4 + len).min(response.len())].to_vec();
        found.push((kind, value));
        at += 4 + len.div_ceil(4) * 4;
    }
    found
}

fn exchange(
    tls: &mut rustls::StreamOwned<rustls::ClientConnection, TcpStream>,
    request: &[u8],
) -> Vec<u8> {
    tls.write_all(request).unwrap();
    let mut header = [0u8; 20];
    tls.read_exact(&mut header)
        .expect("a TURN response arrives");
    let len = u16::from_be_bytes([header[2], header[3]]) as usize;
    let mut body = vec![0u8; len];
    tls.read_exact(&mut body).unwrap();
    [header.to_vec(), body].concat()
}

fn outcome(response: &[u8]) -> Allocation {
    let kind = u16::from_be_bytes([response[0], response[1]]);
    if kind == ALLOCATE_OK {
        return Allocation::Allocated;
    }
    let code = attributes_of(response)
        .into_iter()
        .find(|(k, _)| *k == ERROR_CODE)
        .map(|(_, v)| u16::from(v[2] & 7) * 100 + u16::from(v[3]))
        .unwrap_or(0);
    Allocation::Refused(code)
}

/// One UDP relay Allocate over TLS on `port` with `username` and `password`.
pub fn allocate(port: u16, server_name: &str, username: &str, password: &str) -> Allocation {
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .dangerous()
    .with_custom_certificate_verifier(Arc::new(super::sip::AnyCertificate))
    .with_no_client_auth();
    let tcp = TcpStream::connect(("127.0.0.1", port)).expect("the A/V Edge listens");
    tcp.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let name = ServerName::try_from(server_name.to_string()).unwrap();
    let connection = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
    let mut tls = rustls::StreamOwned::new(connection, tcp);

    let mut transport = Vec::new();
    attribute(&mut transport, REQUESTED_TRANSPORT, &[17, 0, 0, 0]);
    let first = exchange(&mut tls, &message(ALLOCATE, b"first-try-00", &transport));
    let challenge = attributes_of(&first);
    let value = |kind| {
        challenge
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, v)| v.clone())
            .expect("a 401 carries a realm and a nonce")
    };
    assert_eq!(outcome(&first), Allocation::Refused(401));
    let (realm, nonce) = (value(REALM), value(NONCE));

    let mut attrs = transport;
    attribute(&mut attrs, USERNAME, username.as_bytes());
    attribute(&mut attrs, REALM, &realm);
    attribute(&mut attrs, NONCE, &nonce);
    // MESSAGE-INTEGRITY covers the message up to it, with a length that counts it (24 bytes).
    let transaction = b"second-try-0";
    let mut signed = message(ALLOCATE, transaction, &attrs);
    let length = (attrs.len() + 24) as u16;
    signed[2..4].copy_from_slice(&length.to_be_bytes());
    let key = Md5::digest([username.as_bytes(), b":", &realm, b":", password.as_bytes()].concat());
    let tag = hmac::sign(
        &hmac::Key::new(hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, &key),
        &signed,
    );
    attribute(&mut attrs, MESSAGE_INTEGRITY, tag.as_ref());
    outcome(&exchange(&mut tls, &message(ALLOCATE, transaction, &attrs)))
}

/// A STUN Binding request over UDP on `port`: whether a Binding success response comes back.
pub fn stun_binding_udp(port: u16) -> bool {
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    socket
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let request = message(0x0001, b"binding-test", &[]);
    socket.send_to(&request, ("127.0.0.1", port)).unwrap();
    let mut buffer = [0u8; 1500];
    match socket.recv(&mut buffer) {
        Ok(n) if n >= 20 => u16::from_be_bytes([buffer[0], buffer[1]]) == 0x0101,
        _ => false,
    }
}
