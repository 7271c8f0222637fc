//! An Enterprise pool across hosts, driven by the wizard on each host (the Ansible test drives
//! the same through the playbook): the Enterprise sample's pool of three Front Ends plus its
//! CMS host (sql01), each a network namespace with its own address, name and data dir. The
//! CMS is read over HTTPS; registrations are shared (a user registered on fe01 receives a
//! MESSAGE from a user registered on fe02); `pool status` / `pool start` follow the quorum.

mod common;

use common::Workspace;
use common::hosts::{FRONT_ENDS, Hosts, pool_hosts, pool_topology};
use serde_json::Value;

fn lab_root(cms: &std::path::Path) -> String {
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(cms.join("cms.json")).unwrap()).unwrap();
    let sha = manifest["documents"]["ca/labca/certificate.pem"]["sha256"]
        .as_str()
        .expect("the lab CA's certificate is published");
    std::fs::read_to_string(cms.join("objects").join(sha)).unwrap()
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

#[test]
fn a_pool_across_hosts_shares_registrations_and_starts_with_a_majority() {
    let ws = Workspace::new();
    let topology = pool_topology(&ws);
    let hosts = pool_hosts(&ws);
    let cms = ws.path("cms");
    let cms_s = cms.to_str().unwrap();
    let password = ws.write("replication-password", "pool test replication password\n");
    let sql = "sql01.contoso.com";

    // The CMS host.
    hosts.wizard_ok(sql, &["cms", "init", cms_s]);
    hosts.wizard_ok(
        sql,
        &["cms", "ca", "create", "--cms", cms_s, "--name", "LabCA"],
    );
    hosts.wizard_ok(
        sql,
        &[
            "cms",
            "publish",
            "--cms",
            cms_s,
            "--topology",
            topology.to_str().unwrap(),
        ],
    );
    hosts.wizard_ok(
        sql,
        &[
            "cms",
            "serve",
            "--cms",
            cms_s,
            "--password-file",
            password.to_str().unwrap(),
        ],
    );
    hosts.wizard_ok(sql, &["store", "install", "--from-cms", cms_s]);
    hosts.wizard_ok(sql, &["components", "setup"]);
    hosts.wizard_ok(sql, &["cert", "request", "--type", "Default", "--assign"]);
    hosts.wizard_ok(sql, &["services", "start"]);
    // The global OAuthTokenIssuer, once, on the CMS host.
    hosts.wizard_ok(
        sql,
        &[
            "cert",
            "request",
            "--type",
            "OAuthTokenIssuer",
            "--exportable",
            "--assign",
        ],
    );

    // The three Front Ends, from the CMS over HTTPS.
    let root = ws.write("lab-root.pem", &lab_root(&cms));
    let install = [
        "store",
        "install",
        "--from-cms",
        "https://sql01.contoso.com:8443/",
        "--cms-root",
        root.to_str().unwrap(),
        "--password-file",
        password.to_str().unwrap(),
    ];
    for fe in FRONT_ENDS {
        hosts.wizard_ok(fe, &install);
        hosts.wizard_ok(fe, &["components", "setup"]);
        hosts.wizard_ok(
            fe,
            &[
                "cert",
                "request",
                "--type",
                "Default,WebServicesInternal,WebServicesExternal",
                "--assign",
            ],
        );
        hosts.wizard_ok(fe, &["services", "start"]);
        hosts.wizard_ok(fe, &install);
    }
    let replication = json(&hosts.wizard_ok(
        sql,
        &["--json", "cms", "replication-status", "--cms", cms_s],
    ));
    assert_eq!(replication["all_up_to_date"], true, "{replication}");
    assert_eq!(replication["servers"].as_array().unwrap().len(), 4);

    // Every Front End presents the same OAuthTokenIssuer in its metadata document.
    let metadata: Vec<String> = FRONT_ENDS
        .iter()
        .map(|fe| {
            let ip = &hosts.host(fe).ip;
            let out = Hosts::command_in(&hosts.controller, "curl")
                .args(["-sk", "--resolve", &format!("pool01.contoso.com:443:{ip}")])
                .arg("https://pool01.contoso.com/metadata/json/1")
                .output()
                .unwrap();
            let doc = json(&String::from_utf8_lossy(&out.stdout));
            doc["keys"][0]["keyinfo"]["thumbprint"]
                .as_str()
                .unwrap_or_else(|| panic!("{fe}: {doc}"))
                .to_string()
        })
        .collect();
    assert!(metadata.iter().all(|t| t == &metadata[0]), "{metadata:?}");

    // A user registered on fe01 receives a MESSAGE from a user registered on fe02.
    let mut client = Hosts::command_in(&hosts.controller, "/usr/bin/python3");
    client
        .arg(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/common/sip_pool_client.py"),
        )
        .args([
            &hosts.host("fe02.contoso.com").ip,
            &hosts.host("fe01.contoso.com").ip,
            "5061",
            "contoso.com",
            "across the pool",
        ]);
    let client = common::run_outside(&mut client, common::CLIENT_LIMIT);
    assert!(client.stdout.contains("delivered"), "{client}");

    // The quorum: all three, then two of three, then one of three.
    let status = json(&hosts.wizard_ok("fe01.contoso.com", &["--json", "pool", "status"]));
    assert_eq!(status["state"], "Started", "{status}");
    assert_eq!(status["up"], 3);
    hosts.wizard_ok("fe03.contoso.com", &["services", "stop"]);
    let status = hosts.wizard_ok("fe01.contoso.com", &["pool", "status"]);
    assert!(
        status.contains("Pool pool01.contoso.com is started: 2 of 3 servers answer")
            && status.contains("not answering: fe03.contoso.com"),
        "{status}"
    );
    hosts.wizard_ok("fe02.contoso.com", &["services", "stop"]);
    let status = json(&hosts.wizard_ok("fe01.contoso.com", &["--json", "pool", "status"]));
    assert_eq!(status["state"], "Failed", "{status}");
    let failed = hosts.wizard("fe01.contoso.com", &["pool", "start", "--wait", "1"]);
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert_eq!(failed.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("1 of 3 servers answer, 2 are needed")
            && stderr.contains("fe02.contoso.com, fe03.contoso.com"),
        "{stderr}"
    );
    // Step 4 on one of them: the pool starts again.
    hosts.wizard_ok("fe02.contoso.com", &["services", "start"]);
    let started = hosts.wizard_ok("fe01.contoso.com", &["pool", "start", "--wait", "30"]);
    assert!(started.contains("is started: 2 of 3"), "{started}");
    // The CMS host is no pool to start as a whole.
    let refused = hosts.wizard(sql, &["pool", "start"]);
    assert_eq!(refused.status.code(), Some(2));
}
