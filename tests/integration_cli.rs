//! Server-to-server authentication through the real binary: the OAuth configuration and
//! partner applications, published to the CMS and replicated by step 1.

mod common;

use common::{StopServices, Workspace};

#[test]
fn oauth_configuration_is_validated_published_and_replicated() {
    let ws = Workspace::lab();
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
        ran.stderr.contains("The URL must start with https://."),
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
        ran.stderr.contains("This is the autodiscover.xml file")
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

fn thumbprint(ran: common::Ran) -> String {
    ran.json()["certificate"]["thumbprint"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Deployment B: the Enterprise sample as fe01, with the names of `hosts` resolving to loopback.
fn deployment_b(hosts: &str) -> (Workspace, std::path::PathBuf) {
    let mut b = Workspace::new();
    b.fqdn = "fe01.contoso.com".into();
    let cms = b.cms_with("cms", &common::asset("topology/enterprise.json"));
    b.run(&["store", "install", "--from-cms", cms.to_str().unwrap()])
        .ok();
    let hosts_file = b.write("hosts", hosts);
    (b, hosts_file)
}

#[test]
fn two_deployments_partner_and_see_a_roll() {
    // Deployment A: web services running with an OAuthTokenIssuer.
    let a = Workspace::new();
    let (internal, external) = (common::pebble::free_port(), common::pebble::free_port());
    let text = std::fs::read_to_string(common::asset("topology/standard-edition.json"))
        .unwrap()
        // Whole key-value pairs: a port chosen for one must not be rewritten as the other.
        .replace(
            "\"internal_port\": 4443",
            &format!("\"internal_port\": {internal}"),
        )
        .replace(
            "\"external_port\": 8443",
            &format!("\"external_port\": {external}"),
        );
    let topology = a.write("topology.json", &text);
    let cms = a.cms_with("cms", &topology);
    a.run(&[
        "cms",
        "ca",
        "create",
        "--cms",
        cms.to_str().unwrap(),
        "--name",
        "A Lab CA",
    ])
    .ok();
    a.run(&["store", "install", "--from-cms", cms.to_str().unwrap()])
        .ok();
    a.run(&["components", "setup"]).ok();
    a.request_front_end_certificates();
    let first = thumbprint(
        a.run(&[
            "--json",
            "cert",
            "request",
            "--type",
            "OAuthTokenIssuer",
            "--exportable",
            "--assign",
        ])
        .ok(),
    );
    let _stop = StopServices(&a);
    a.run(&["services", "start"]).ok();

    // Deployment B trusts A's root and finds A's name through a hosts file.
    let (b, hosts) = deployment_b("127.0.0.1 se01.contoso.com\n");
    let env = [("DEPLOY_WIZARD_HOSTS", hosts.to_str().unwrap())];
    let a_root = a.data().join("replica/ca/a-lab-ca/certificate.pem");
    b.run(&["cert", "import", a_root.to_str().unwrap(), "--trust"])
        .ok();
    let url = format!("https://se01.contoso.com:{internal}/metadata/json/1");
    let added = b
        .run_env(
            &b.data(),
            &[
                "--json",
                "partner",
                "new",
                "--identity",
                "Deployment A",
                "--metadata-url",
                &url,
                "--trust-level",
                "Full",
            ],
            &env,
        )
        .ok()
        .json();
    assert_eq!(added["partner"]["issuer"], "contoso.com");
    assert_eq!(added["partner"]["certificates"], serde_json::json!([first]));
    let listed = b.run(&["--json", "partner", "list"]).ok().json();
    assert_eq!(listed["partners"][0]["identity"], "Deployment A");
    let tested = b
        .run_env(&b.data(), &["partner", "test", "deployment a"], &env)
        .ok()
        .stdout;
    for check in [
        "[ok] metadata reachable",
        "[ok] TLS chain",
        "[ok] metadata document",
        "[ok] issuer",
        "[ok] signing certificates",
        "[ok] keys: unchanged",
    ] {
        assert!(tested.contains(check), "{check} in:\n{tested}");
    }

    // A rolls a new OAuthTokenIssuer effective in the past: its document carries both keys and
    // B's test sees the new one.
    let second = thumbprint(
        a.run(&[
            "--json",
            "cert",
            "request",
            "--type",
            "OAuthTokenIssuer",
            "--exportable",
        ])
        .ok(),
    );
    a.run(&[
        "cert",
        "assign",
        "--type",
        "OAuthTokenIssuer",
        "--thumbprint",
        &second,
        "--roll",
        "--effective-date",
        "2020-01-01",
    ])
    .ok();
    let tested = b
        .run_env(
            &b.data(),
            &["--json", "partner", "test", "Deployment A"],
            &env,
        )
        .ok()
        .json();
    let keys = tested["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "keys")
        .unwrap();
    assert!(
        keys["detail"]
            .as_str()
            .unwrap()
            .contains(&format!("new since the partner was added: {second}")),
        "{keys}"
    );
    let signing = tested["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "signing certificates")
        .unwrap();
    assert!(
        signing["detail"].as_str().unwrap().contains(&first)
            && signing["detail"].as_str().unwrap().contains(&second),
        "{signing}"
    );

    // Without the hosts file, the failure names the check and the usual cause.
    let ran = b.run(&["partner", "test", "Deployment A"]).expect_code(1);
    assert!(
        ran.stderr.contains("Metadata reachable —") && ran.stderr.contains("Usual cause:"),
        "{}",
        ran.stderr
    );
    // The same failure in French: the check and its usual cause in French, no English reason.
    let ran = b
        .run(&["--lang", "fr", "partner", "test", "Deployment A"])
        .expect_code(1);
    assert!(
        ran.stderr.contains("Métadonnées accessibles —")
            && ran.stderr.contains("Cause habituelle :")
            && !ran.stderr.contains("Usual cause"),
        "{}",
        ran.stderr
    );
    b.run(&["partner", "remove", "Deployment A"]).ok();
    assert_eq!(
        b.run(&["--json", "partner", "list"]).ok().json()["partners"],
        serde_json::json!([])
    );
}

#[test]
fn partner_metadata_is_refused_with_its_reason_and_nothing_is_saved() {
    let (b, _) = deployment_b("");
    // A web server (openssl s_server) serving bad metadata documents, its CA trusted by B.
    let site = b.path("site");
    std::fs::create_dir_all(&site).unwrap();
    let certs = b.path("tls");
    let ca = common::make_tls_certificates(&certs);
    b.run(&["cert", "import", ca.to_str().unwrap(), "--trust"])
        .ok();
    std::fs::write(
        site.join("nocert.json"),
        r#"{ "issuer": "fabrikam.com", "keys": [] }"#,
    )
    .unwrap();
    let expired = {
        let key = rcgen::KeyPair::generate_for(&rcgen::PKCS_ECDSA_P256_SHA256).unwrap();
        let mut params = rcgen::CertificateParams::new(vec!["fabrikam.com".to_string()]).unwrap();
        let now = time::OffsetDateTime::now_utc();
        params.not_before = now - time::Duration::days(60);
        params.not_after = now - time::Duration::days(1);
        let cert = params.self_signed(&key).unwrap();
        use base64::Engine;
        base64::engine::general_purpose::STANDARD.encode(cert.der())
    };
    std::fs::write(
        site.join("expired.json"),
        serde_json::json!({ "issuer": "fabrikam.com", "keys": [{ "keyvalue": { "type": "x509Certificate", "value": expired } }] }).to_string(),
    )
    .unwrap();
    let server = common::serve_https(&site, &certs);
    let base = format!("https://localhost:{}", server.port);
    let new = |url: &str| {
        b.run(&[
            "partner",
            "new",
            "--identity",
            "Fabrikam",
            "--metadata-url",
            url,
            "--trust-level",
            "Partial",
        ])
    };

    let ran = new("http://localhost/metadata/json/1").expect_code(2);
    assert!(
        ran.stderr.contains("is not an https:// URL"),
        "{}",
        ran.stderr
    );
    let ran = new(&format!("{base}/nocert.json")).expect_code(2);
    assert!(
        ran.stderr
            .contains("the metadata document has no certificate"),
        "{}",
        ran.stderr
    );
    let ran = new(&format!("{base}/expired.json")).expect_code(2);
    assert!(
        ran.stderr
            .contains("no certificate of the metadata document is valid now")
            && ran.stderr.contains("expired on"),
        "{}",
        ran.stderr
    );
    let unreachable = format!(
        "https://localhost:{}/metadata/json/1",
        common::pebble::free_port()
    );
    let ran = new(&unreachable).expect_code(1);
    assert!(
        ran.stderr.contains("cannot fetch") && ran.stderr.contains("connection failed"),
        "{}",
        ran.stderr
    );
    assert_eq!(
        b.run(&["--json", "partner", "list"]).ok().json()["partners"],
        serde_json::json!([]),
        "no partial partner saved"
    );
    let ran = b.run(&["partner", "test", "Fabrikam"]).expect_code(2);
    assert!(
        ran.stderr
            .contains("there is no partner application named Fabrikam"),
        "{}",
        ran.stderr
    );
}

#[test]
fn persistent_chat_checklist_follows_the_topology_and_the_steps() {
    // The Standard Edition sample has no Persistent Chat pool (the lab's has one).
    let ws = Workspace::new();
    ws.standard_edition_on_free_ports();
    let tasks = ws
        .run(&["--json", "checklist", "persistent-chat"])
        .ok()
        .json()["tasks"]
        .clone();
    assert_eq!(tasks.as_array().unwrap().len(), 5);
    assert_eq!(tasks[1]["state"], "NotDone");
    assert!(
        tasks[1]["detail"]
            .as_str()
            .unwrap()
            .contains("has no PersistentChat pool")
    );
    assert_eq!(tasks[3]["state"], "NotDone");
    assert_eq!(tasks[3]["action"], "AddAdministrator");
    assert!(
        tasks[3]["detail"]
            .as_str()
            .unwrap()
            .contains("add one with deploy-wizard pchat admin add SIPURI")
    );

    // The Enterprise topology, seen from its Persistent Chat server pc01 (its store on sql01).
    let mut pc = Workspace::new();
    pc.fqdn = "pc01.contoso.com".into();
    let cms = pc.cms_with("cms", &common::asset("topology/enterprise.json"));
    pc.run(&["store", "install", "--from-cms", cms.to_str().unwrap()])
        .ok();
    let text = pc.run(&["checklist", "persistent-chat"]).ok().stdout;
    assert!(text.contains("2. [Done] Create the topology with a Persistent Chat pool\n   Persistent Chat pools: pchat01.contoso.com (associated with pool01.contoso.com; store sql01.contoso.com:5432, database mgc)."), "{text}");
    assert!(text.contains("3. [Not done] Deploy Persistent Chat Server on every Persistent Chat server\n   Run steps 1 to 4 on pc01.contoso.com"), "{text}");
    // Prosody and PostgreSQL's client are installed here (tests/install-parts).
    assert!(text.contains("1. [Done] Install prerequisite hardware and software\n   Every program Persistent Chat needs is installed on pc01.contoso.com."), "{text}");
    // Step 2 there checks the store first: sql01 is in no DNS, so nothing is installed.
    let refused = pc.run(&["components", "setup"]).expect_code(2);
    assert!(
        refused
            .stderr
            .contains("PersistentChat: the name sql01.contoso.com does not resolve"),
        "{}",
        refused.stderr
    );
    assert_eq!(
        pc.run(&["--json", "components", "plan"]).ok().json()["plan"]["add"],
        serde_json::json!(["PersistentChat"]),
        "nothing was installed"
    );
}
