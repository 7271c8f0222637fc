//! Crash consistency: each command that changes the data dir is killed at its 1st, 2nd, …
//! durable write (DEPLOY_WIZARD_CRASH_AT_WRITE: the process aborts as SIGKILL would, just before
//! the rename that would publish the write), always from the same starting state, until it
//! finishes before the kill point. After every kill the data dir must be consistent (replica
//! old or new and verifiable, no half certificate or key, assignments only to stored
//! certificates, pending requests whole) and a rerun must complete.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{Workspace, openssl};
use serde_json::Value;

fn copy_tree(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn remove_tree(dir: &Path) {
    if dir.exists() {
        let _ = Command::new("chmod").arg("-R").arg("u+w").arg(dir).status();
        fs::remove_dir_all(dir).unwrap();
    }
}

/// Everything a crash must never break.
fn assert_consistent(ws: &Workspace, context: &str) {
    let status = ws.run(&["--json", "status"]);
    assert_eq!(status.code, 0, "{context}: status fails: {}", status.stderr);
    let revision = status.json()["replica"]["revision"].as_u64();
    assert!(revision.is_some(), "{context}: the replica is gone");
    let show = ws.run(&["topology", "show"]);
    assert_eq!(
        show.code, 0,
        "{context}: the replica does not verify: {}",
        show.stderr
    );
    let list = ws.run(&["--json", "cert", "list"]);
    assert_eq!(
        list.code, 0,
        "{context}: the certificate store is damaged: {}",
        list.stderr
    );
    let certs = list.json()["certificates"].as_array().unwrap().clone();
    let thumbprints: Vec<&str> = certs
        .iter()
        .map(|c| c["thumbprint"].as_str().unwrap())
        .collect();
    for cert in &certs {
        if cert["has_key"] == true {
            let key = ws
                .data()
                .join("certs")
                .join(cert["thumbprint"].as_str().unwrap())
                .join("key.pem");
            let text = fs::read_to_string(&key).unwrap();
            assert!(
                text.trim_end().ends_with("-----END PRIVATE KEY-----"),
                "{context}: half a key in {}",
                key.display()
            );
        }
    }
    if let Ok(bytes) = fs::read(ws.data().join("assignments.json")) {
        let assignments: Value = serde_json::from_slice(&bytes)
            .unwrap_or_else(|e| panic!("{context}: assignments.json: {e}"));
        for (usage, a) in assignments["usages"].as_object().unwrap() {
            for role in ["current", "previous"] {
                if let Some(t) = a[role].as_str() {
                    assert!(
                        thumbprints.contains(&t),
                        "{context}: {usage} {role} {t} is not in the store"
                    );
                }
            }
        }
    }
    let pending = ws.run(&["--json", "cert", "pending", "list"]);
    assert_eq!(
        pending.code, 0,
        "{context}: pending requests are damaged: {}",
        pending.stderr
    );
    for request in pending.json()["pending"].as_array().unwrap() {
        let key = ws
            .data()
            .join("requests")
            .join(request["id"].as_str().unwrap())
            .join("key.pem");
        assert!(
            fs::read_to_string(key)
                .unwrap()
                .contains("-----END PRIVATE KEY-----"),
            "{context}: a pending request lost its key"
        );
    }
    if let Ok(bytes) = fs::read(ws.data().join("install/manifest.json")) {
        serde_json::from_slice::<Value>(&bytes)
            .unwrap_or_else(|e| panic!("{context}: install manifest: {e}"));
    }
}

/// Kills `args` at every write in turn from the same starting state; returns how many kill
/// points there were.
fn sweep(ws: &Workspace, args: &[&str]) -> usize {
    let snapshot = ws.path("snapshot");
    remove_tree(&snapshot);
    copy_tree(&ws.data(), &snapshot);
    for n in 1..=60 {
        remove_tree(&ws.data());
        copy_tree(&snapshot, &ws.data());
        let ran = ws.run_env(
            &ws.data(),
            args,
            &[("DEPLOY_WIZARD_CRASH_AT_WRITE", &n.to_string())],
        );
        let context = format!("{args:?} killed at write {n}");
        assert_consistent(ws, &context);
        if ran.code == 0 {
            return n - 1;
        }
        assert_ne!(ran.code, 2, "{context}: {}", ran.stderr);
        let rerun = ws.run(args);
        assert_eq!(
            rerun.code, 0,
            "{context}: the rerun fails: {}",
            rerun.stderr
        );
        assert_consistent(ws, &format!("{context}, then rerun"));
    }
    panic!("{args:?} has more than 60 writes");
}

#[test]
fn step_1_update_killed_at_every_write() {
    let ws = Workspace::lab();
    let cms = ws.path("cms");
    let text = fs::read_to_string(ws.data().join("replica/topology.json"))
        .unwrap()
        .replace("webext.lab.test", "web2.lab.test");
    let changed = ws.write("changed.json", &text);
    ws.run(&[
        "cms",
        "publish",
        "--cms",
        cms.to_str().unwrap(),
        "--topology",
        changed.to_str().unwrap(),
    ])
    .ok();
    let points = sweep(&ws, &["store", "install"]);
    assert!(points >= 4, "step 1 has {points} kill points");
    assert_eq!(
        ws.run(&["--json", "status"]).ok().json()["replica"]["revision"],
        2
    );
}

#[test]
fn certificate_request_and_assignment_killed_at_every_write() {
    let ws = Workspace::lab();
    ws.run(&[
        "cert", "request", "--type", "Default", "--assign", "--key", "p256",
    ])
    .ok();
    let points = sweep(
        &ws,
        &[
            "cert", "request", "--type", "Default", "--assign", "--key", "p256",
        ],
    );
    assert!(points >= 3, "{points} kill points");
    let points = sweep(
        &ws,
        &[
            "cert",
            "request",
            "--type",
            "Default",
            "--offline",
            ws.path("req.csr").to_str().unwrap(),
            "--key",
            "p256",
        ],
    );
    assert!(points >= 2, "{points} kill points");
}

#[test]
fn pfx_import_and_step_2_killed_at_every_write() {
    let ws = Workspace::lab();
    let dir = ws.dir.path();
    common::self_signed(
        dir,
        "k.pem",
        "c.pem",
        "/CN=crash.lab.test",
        &["basicConstraints=CA:FALSE"],
    );
    fs::write(ws.path("pw"), "crash-pw\n").unwrap();
    openssl(
        &[
            "pkcs12", "-export", "-in", "c.pem", "-inkey", "k.pem", "-out", "c.pfx", "-passout",
            "file:pw",
        ],
        dir,
    );
    let points = sweep(
        &ws,
        &[
            "cert",
            "import",
            ws.path("c.pfx").to_str().unwrap(),
            "--password-file",
            ws.path("pw").to_str().unwrap(),
        ],
    );
    assert!(points >= 1, "{points} kill points");
    ws.run(&[
        "cert",
        "request",
        "--type",
        "WebServicesInternal,WebServicesExternal",
        "--assign",
        "--key",
        "p256",
    ])
    .ok();
    let points = sweep(&ws, &["components", "setup"]);
    assert!(points >= 5, "step 2 has {points} kill points");
}
