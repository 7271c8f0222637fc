//! ACME issuance reports each step as it happens and stops at the next step when the watcher
//! (the window's Cancel) goes away, leaving the certificate store unchanged — against Debian's
//! pebble on loopback.

mod common;

use common::Workspace;
use common::pebble::{Pebble, PebbleOptions};
use deploy_wizard::cert::CertError;
use deploy_wizard::cert::Usage;
use deploy_wizard::cert::request::{CaInput, RequestSpec};
use deploy_wizard::cert::store::CertStore;
use deploy_wizard::data_dir::DataDir;
use deploy_wizard::deploy::certificates::request;
use deploy_wizard::log::RunEvent;

fn acme(pebble: &Pebble) -> deploy_wizard::cert::request::CaChoice {
    CaInput {
        ca: Some(pebble.directory.clone()),
        acme_root: Some(pebble.tls_root.clone()),
        http01_listen: pebble.http01_listen.clone(),
        ..Default::default()
    }
    .choice()
    .unwrap()
}

fn spec() -> RequestSpec {
    RequestSpec {
        usages: vec![Usage::WebServicesExternal],
        ..Default::default()
    }
}

#[test]
fn every_acme_step_is_reported_as_it_happens() {
    let ws = Workspace::lab();
    let pebble = Pebble::start(&ws.path("pebble"), PebbleOptions::default());
    let data = DataDir::new(ws.data());
    let (events, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    let ca = acme(&pebble);
    let worker = std::thread::spawn(move || request(&data, &spec(), &ca, false, Some(events)));
    let mut lines = Vec::new();
    while let Some(event) = receiver.blocking_recv() {
        if let RunEvent::Output { text, .. } = event {
            lines.push(text);
        }
    }
    let outcome = worker.join().unwrap().expect("issued");
    assert!(outcome.certificate.is_some());
    let position = |start: &str| {
        lines
            .iter()
            .position(|l| l.starts_with(start))
            .unwrap_or_else(|| panic!("no line {start:?} in {lines:#?}"))
    };
    let steps = [
        position("Listening on"),
        position("Order created"),
        position("Answering the http-01 challenge"),
        position("Waiting for the CA to validate"),
        position("The CA validated the order"),
        position("Downloading the certificate"),
        position("Certificate issued"),
    ];
    assert!(steps.windows(2).all(|w| w[0] < w[1]), "{lines:#?}");
}

#[test]
fn a_cancel_during_the_order_leaves_the_store_unchanged() {
    let ws = Workspace::lab();
    let pebble = Pebble::start(&ws.path("pebble"), PebbleOptions::default());
    let data = DataDir::new(ws.data());
    let (events, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    let ca = acme(&pebble);
    let worker_data = data.clone();
    let worker =
        std::thread::spawn(move || request(&worker_data, &spec(), &ca, false, Some(events)));
    // The order's line arrives while the issuance runs; the watcher leaves then (Cancel).
    while let Some(event) = receiver.blocking_recv() {
        if let RunEvent::Output { text, .. } = &event
            && text.starts_with("Order created")
        {
            break;
        }
    }
    drop(receiver);
    let error = worker.join().unwrap().expect_err("cancelled");
    assert!(
        matches!(error.error, CertError::Cancelled),
        "{}",
        error.error
    );
    assert!(
        CertStore::open(&data).list().unwrap().is_empty(),
        "no certificate was stored"
    );
}
