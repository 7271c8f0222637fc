//! Server-to-server authentication through the real binary: the OAuth configuration and
//! partner applications, published to the CMS and replicated by step 1.

mod common;

use common::Workspace;

/// The lab deployment of this machine, step 1 done.
fn lab() -> Workspace {
    let mut ws = Workspace::new();
    ws.fqdn = "vm".into();
    let cms = ws.path("cms");
    ws.run(&["cms", "init", cms.to_str().unwrap(), "--lab"])
        .ok();
    ws.run(&["store", "install", "--from-cms", cms.to_str().unwrap()])
        .ok();
    ws
}

#[test]
fn oauth_configuration_is_validated_published_and_replicated() {
    let ws = lab();
    let shown = ws.run(&["--json", "oauth", "show"]).ok().json();
    assert_eq!(shown["realm"], "lab.test");
    assert_eq!(shown["configuration"], serde_json::json!({}));
    assert_eq!(
        shown["metadata_url"],
        "https://vm.lab.test:4443/metadata/json/1"
    );

    let ran = ws
        .run(&[
            "oauth",
            "set",
            "--exchange-autodiscover-url",
            "http://autodiscover.lab.test/autodiscover/autodiscover.svc",
        ])
        .expect_code(2);
    assert!(
        ran.stderr.contains("is not an https:// URL"),
        "{}",
        ran.stderr
    );
    let ran = ws
        .run(&[
            "oauth",
            "set",
            "--exchange-autodiscover-url",
            "https://autodiscover.lab.test/Autodiscover/Autodiscover.xml",
        ])
        .expect_code(2);
    assert!(
        ran.stderr.contains("points at the autodiscover.xml file")
            && ran.stderr.contains("autodiscover.svc"),
        "{}",
        ran.stderr
    );
    assert_eq!(
        ws.run(&["--json", "status"]).ok().json()["replica"]["revision"],
        1,
        "nothing was published"
    );

    ws.run(&[
        "oauth",
        "set",
        "--exchange-autodiscover-url",
        "https://AutoDiscover.lab.test/autodiscover/autodiscover.svc",
    ])
    .ok();
    let shown = ws.run(&["--json", "oauth", "show"]).ok().json();
    assert_eq!(
        shown["configuration"]["exchange_autodiscover_url"],
        "https://autodiscover.lab.test/autodiscover/autodiscover.svc"
    );
    let status = ws.run(&["--json", "status"]).ok().json();
    assert_eq!(
        status["replica"]["revision"], 2,
        "replicated at once: {status}"
    );
    assert_eq!(common::step_status(&status, 1), "Complete");
}
