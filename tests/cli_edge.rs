//! The CLI's edge: output goes through one writer that treats a closed pipe as the end of the
//! job (`deploy-wizard status | head -1`): no panic, no backtrace, exit 0.

mod common;

use std::process::{Command, Stdio};

use common::Workspace;

#[test]
fn every_printing_command_ends_quietly_when_its_reader_goes_away() {
    let ws = Workspace::lab();
    let commands: &[&[&str]] = &[
        &["status"],
        &["--json", "status"],
        &["topology", "schema"],
        &["topology", "show"],
        &["ca", "list"],
        &["cert", "usages"],
        &["cert", "list"],
        &["--json", "cert", "list"],
        &["cert", "names", "--type", "Default"],
        &["components", "plan"],
        &["services", "status"],
        &["oauth", "show"],
        &["partner", "list"],
        &["checklist", "persistent-chat"],
        &["logs", "list"],
        &["logs", "show", "last"],
    ];
    for args in commands {
        let mut child = Command::new(env!("CARGO_BIN_EXE_deploy-wizard"))
            .arg("--data-dir")
            .arg(ws.data())
            .args(*args)
            .env("DEPLOY_WIZARD_FQDN", &ws.fqdn)
            .env("LANG", "en_US.UTF-8")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The reader leaves before the command writes anything.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{args:?}: {stderr}"
        );
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
    }
}

/// The binary needs only libc-level libraries: the window loads X11 (and the file dialogs
/// Wayland) at run time, so `deploy-wizard status` starts on a minimal server.
#[cfg(target_os = "linux")]
#[test]
fn the_binary_links_no_window_system_library() {
    let out = Command::new("ldd")
        .arg(env!("CARGO_BIN_EXE_deploy-wizard"))
        .output()
        .expect("ldd runs");
    let needed = String::from_utf8_lossy(&out.stdout);
    for library in [
        "wayland",
        "libX11",
        "libxcb",
        "xkbcommon",
        "libGL",
        "libEGL",
    ] {
        assert!(!needed.contains(library), "links {library}:\n{needed}");
    }
    assert!(needed.contains("libc.so"), "{needed}");
}
