//! The CMS served over HTTPS by its host (the topology's `central_management_store`), read by
//! another server's step 1, with the protected documents sealed with the replication password;
//! replication reports and `cms replication-status`. Two servers of one topology, each its own
//! data dir, on loopback (the host names resolve through DEPLOY_WIZARD_HOSTS).

mod common;

use std::path::Path;

use common::pebble::free_port;
use common::{StopServicesIn, Workspace};
use serde_json::{Value, json};

fn topology(cms_port: u16, web: (u16, u16), sip: u16, extra_san_pool: bool) -> Value {
    let mut servers = vec![json!({ "fqdn": "fe01.contoso.com" })];
    if extra_san_pool {
        servers.push(json!({ "fqdn": "fe02.contoso.com" }));
    }
    json!({
        "sip_domains": [{ "name": "contoso.com", "default": true }],
        "sites": [{ "name": "Redmond", "pools": [
            { "fqdn": "pool01.contoso.com", "kind": "FrontEnd", "edition": "Enterprise",
              "servers": servers,
              "sip_port": sip,
              "web_services": { "internal_fqdn": "pool01.contoso.com", "external_fqdn": "webpool01.contoso.com",
                                "internal_port": web.0, "external_port": web.1 } },
            { "fqdn": "sql01.contoso.com", "kind": "BackEnd", "servers": [{ "fqdn": "sql01.contoso.com" }] }
        ] }],
        "central_management_store": { "server": "sql01.contoso.com", "port": cms_port }
    })
}

fn curl(args: &[&str]) -> String {
    // The HTTP status curl prints (000 when it got none; its stderr is in `common::Ran`'s
    // display for the failures that need it).
    common::run_outside(
        std::process::Command::new("curl")
            .args(["-sS", "-o", "/dev/null", "-w", "%{http_code}"])
            .args(args),
        common::CLIENT_LIMIT,
    )
    .stdout
}

fn lab_root(cms: &Path) -> String {
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(cms.join("cms.json")).unwrap()).unwrap();
    let sha = manifest["documents"]["ca/labca/certificate.pem"]["sha256"]
        .as_str()
        .expect("the lab CA's certificate is published");
    std::fs::read_to_string(cms.join("objects").join(sha)).unwrap()
}

#[test]
fn cms_over_https_replicates_sealed_secrets_and_servers_report_their_revision() {
    let ws = Workspace::new();
    let cms_port = free_port();
    let (web, sip) = ((free_port(), free_port()), free_port());
    let file = ws.write(
        "topology.json",
        &serde_json::to_string_pretty(&topology(cms_port, web, sip, false)).unwrap(),
    );
    let cms = ws.path("cms");
    let cms_s = cms.to_str().unwrap();
    let sql = ws.path("data-sql01");
    let fe = ws.path("data-fe01");
    let as_sql = [("DEPLOY_WIZARD_FQDN", "sql01.contoso.com")];
    let hosts = ws.write(
        "hosts",
        "127.0.0.1 sql01.contoso.com pool01.contoso.com fe01.contoso.com\n",
    );
    let hosts_s = hosts.to_str().unwrap();
    let as_fe = [
        ("DEPLOY_WIZARD_FQDN", "fe01.contoso.com"),
        ("DEPLOY_WIZARD_HOSTS", hosts_s),
    ];
    let password = ws.write("replication-password", "correct horse battery staple\n");
    let wrong = ws.write("wrong-password", "not the replication password\n");

    // The CMS host: a CMS with a lab CA, prepared for HTTPS, its own four steps.
    ws.run(&["cms", "init", cms_s]).ok();
    ws.run(&["cms", "ca", "create", "--cms", cms_s, "--name", "LabCA"])
        .ok();
    ws.run(&[
        "cms",
        "publish",
        "--cms",
        cms_s,
        "--topology",
        file.to_str().unwrap(),
    ])
    .ok();
    // Not served yet: step 2 on the CMS host names what to do.
    ws.run_env(&sql, &["store", "install", "--from-cms", cms_s], &as_sql)
        .ok();
    ws.run_env(&sql, &["components", "setup"], &as_sql)
        .expect_code(2)
        .refused("cms serve --cms DIR --password-file F");
    let served = ws
        .run(&[
            "--json",
            "cms",
            "serve",
            "--cms",
            cms_s,
            "--password-file",
            password.to_str().unwrap(),
        ])
        .ok()
        .json();
    assert!(served["sealed"].as_u64().unwrap() >= 1, "{served}");
    // What nginx serves never holds a protected document in clear.
    let secret_key = std::fs::read_to_string(
        cms.join("objects").join(
            serde_json::from_slice::<Value>(&std::fs::read(cms.join("cms.json")).unwrap()).unwrap()
                ["documents"]["protected/ca/labca/key.pem"]["sha256"]
                .as_str()
                .unwrap(),
        ),
    )
    .unwrap();
    for entry in walkdir(&cms.join("web")) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(secret_key.trim()),
            "{} holds the CA key in clear",
            entry.display()
        );
    }
    ws.run_env(&sql, &["components", "setup"], &as_sql).ok();
    ws.run_env(
        &sql,
        &["cert", "request", "--type", "Default", "--assign"],
        &as_sql,
    )
    .ok();
    let _stop = StopServicesIn(&ws, sql.clone());
    ws.run_env(&sql, &["services", "start"], &as_sql).ok();
    // Step 1 on the CMS host (a directory) records its own report.
    ws.run_env(&sql, &["store", "install"], &as_sql).ok();
    let log = ws
        .run_env(&sql, &["logs", "show", "last"], &as_sql)
        .ok()
        .stdout;
    assert!(log.contains("Reported revision"), "{log}");

    let root = ws.write("lab-root.pem", &lab_root(&cms));
    let root_s = root.to_str().unwrap();
    let url = format!("https://sql01.contoso.com:{cms_port}/");
    let resolve = format!("sql01.contoso.com:{cms_port}:127.0.0.1");
    assert_eq!(
        curl(&[
            "--cacert",
            root_s,
            "--resolve",
            &resolve,
            &format!("{url}cms.json")
        ]),
        "200"
    );
    // Nothing but what was prepared: not the password file, not a report without a client
    // certificate.
    assert_eq!(
        curl(&[
            "--cacert",
            root_s,
            "--resolve",
            &resolve,
            &format!("{url}web-seal.secret")
        ]),
        "404"
    );
    assert_eq!(
        curl(&[
            "--cacert",
            root_s,
            "--resolve",
            &resolve,
            "-X",
            "PUT",
            "--data",
            "{}",
            &format!("{url}replication/fe01.contoso.com.json"),
        ]),
        "403"
    );

    // Another server: without the replication password, with a wrong one, then the right one.
    let install = |extra: &[&str]| {
        let mut args = vec!["store", "install", "--from-cms", &url, "--cms-root", root_s];
        args.extend_from_slice(extra);
        ws.run_env(&fe, &args, &as_fe)
    };
    install(&[]).expect_code(2).refused("replication password");
    install(&["--password-file", wrong.to_str().unwrap()])
        .expect_code(2)
        .refused("the replication password is wrong");
    install(&["--password-file", password.to_str().unwrap()]).ok();
    let log = ws
        .run_env(&fe, &["logs", "show", "last"], &as_fe)
        .ok()
        .stdout;
    assert!(
        log.contains("Revision not reported") && log.contains("no Default certificate yet"),
        "{log}"
    );
    assert!(
        !log.contains("correct horse"),
        "the password stays out of logs"
    );
    // The lab CA's key came sealed and opens: this server issues its own Default certificate.
    ws.run_env(
        &fe,
        &["cert", "request", "--type", "Default", "--assign"],
        &as_fe,
    )
    .ok();
    let again = install(&["--password-file", password.to_str().unwrap()]).ok();
    assert!(
        again.stdout.contains("reinstalled at revision"),
        "{}",
        again.stdout
    );
    // The next step 1 needs no argument: the CMS, its root and the password file are
    // remembered (the file's path, not the password).
    ws.run_env(&fe, &["store", "install"], &as_fe).ok();
    let settings = std::fs::read_to_string(fe.join("settings.json")).unwrap();
    assert!(
        settings.contains("replication-password") && !settings.contains("correct horse"),
        "{settings}"
    );
    let log = ws.run_env(&fe, &["logs", "show", "last"], &as_fe).stdout;
    let replication = || {
        ws.run_env(
            &sql,
            &["--json", "cms", "replication-status", "--cms", cms_s],
            &as_sql,
        )
        .ok()
        .json()
    };
    let line_of = |status: &Value, server: &str| {
        status["servers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["server"] == server)
            .cloned()
            .unwrap_or_else(|| panic!("{server} in {status}"))
    };
    // Received a while after it was signed (its file is dated 10 s back): still believed, and
    // dated by this host.
    let report = sql.join("install/CentralManagementStore/replication/fe01.contoso.com.json");
    let earlier = time::OffsetDateTime::now_utc().unix_timestamp() - 10;
    let touched = common::run_outside(
        std::process::Command::new("touch")
            .arg("-d")
            .arg(format!("@{earlier}"))
            .arg(&report),
        common::CLIENT_LIMIT,
    );
    assert_eq!(touched.code, 0, "{touched}");
    let status = replication();
    let line = |server: &str| line_of(&status, server);
    assert_eq!(
        line("fe01.contoso.com")["up_to_date"],
        true,
        "{status}\n{log}\n{}",
        std::fs::read_to_string(sql.join("install/CentralManagementStore/logs/cms-error.log"))
            .unwrap_or_default()
            + &std::fs::read_to_string(
                sql.join("install/CentralManagementStore/logs/cms-access.log")
            )
            .unwrap_or_default()
            + &format!(
                "{:?}",
                std::fs::read_dir(sql.join("install/CentralManagementStore/logs"))
                    .map(|d| d.flatten().map(|e| e.file_name()).collect::<Vec<_>>())
            )
    );
    assert_eq!(line("sql01.contoso.com")["up_to_date"], true, "{status}");
    assert_eq!(status["all_up_to_date"], true);

    // A new revision (a server added to the pool): nobody holds it until their step 1.
    let file2 = ws.write(
        "topology2.json",
        &serde_json::to_string_pretty(&topology(cms_port, web, sip, true)).unwrap(),
    );
    ws.run(&[
        "cms",
        "publish",
        "--cms",
        cms_s,
        "--topology",
        file2.to_str().unwrap(),
    ])
    .ok();
    let status = ws
        .run_env(
            &sql,
            &["cms", "replication-status", "--cms", cms_s],
            &as_sql,
        )
        .ok()
        .stdout;
    assert!(
        status.contains("fe02.contoso.com") && status.contains("never reported"),
        "{status}"
    );
    assert!(
        status.contains("3 servers do not hold the published revision"),
        "{status}"
    );
    install(&["--password-file", password.to_str().unwrap()]).ok();
    let status = replication();
    let fe01 = line_of(&status, "fe01.contoso.com");
    assert_eq!(fe01["up_to_date"], true, "{status}");
    assert_eq!(status["all_up_to_date"], false);

    // fe01 forges reports for fe02 with its own (trusted) certificate: unsigned with a date far
    // ahead, its own signed report under fe02's name, and that report rewritten to name fe02.
    // nginx takes them (the client certificate is trusted); the CMS host believes none.
    let thumb = ws
        .run_env(&fe, &["--json", "cert", "get", "--type", "Default"], &as_fe)
        .ok()
        .json()["current"]
        .as_str()
        .unwrap()
        .to_string();
    let entry = fe.join("certs").join(&thumb);
    let reports = sql.join("install/CentralManagementStore/replication");
    let own: Value =
        serde_json::from_slice(&std::fs::read(reports.join("fe01.contoso.com.json")).unwrap())
            .unwrap();
    assert!(
        own["signature"].is_string() && own["certificates"].is_array(),
        "reports are signed: {own}"
    );
    let mut renamed = own.clone();
    renamed["server"] = "fe02.contoso.com".into();
    let forgeries = [
        (
            serde_json::json!({
                "server": "fe02.contoso.com", "revision": 99,
                "replicated_at": "2099-01-01T00:00:00Z"
            }),
            "it is not signed",
        ),
        (own.clone(), "it is a report for fe01.contoso.com"),
        (renamed, "does not name fe02.contoso.com"),
    ];
    for (forged, why) in forgeries {
        let body = ws.write("forged.json", &forged.to_string());
        let put = curl(&[
            "--cacert",
            root_s,
            "--resolve",
            &resolve,
            "--cert",
            entry.join("cert.pem").to_str().unwrap(),
            "--key",
            entry.join("key.pem").to_str().unwrap(),
            "-X",
            "PUT",
            "--data-binary",
            &format!("@{}", body.display()),
            &format!("{url}replication/fe02.contoso.com.json"),
        ]);
        // Created, or replaced.
        assert!(put == "201" || put == "204", "{why}: HTTP {put}");
        let status = replication();
        let fe02 = line_of(&status, "fe02.contoso.com");
        assert!(fe02["revision"].is_null(), "{why}: {status}");
        assert!(
            fe02["refused"].as_str().unwrap_or_default().contains(why),
            "{why}: {status}"
        );
        let text = ws
            .run_env(
                &sql,
                &["cms", "replication-status", "--cms", cms_s],
                &as_sql,
            )
            .ok()
            .stdout;
        assert!(
            text.contains("Refused the report received for fe02.contoso.com"),
            "{text}"
        );
    }
    // The time of a report is the CMS host's: never ahead of it.
    let status = replication();
    let at = line_of(&status, "fe01.contoso.com")["replicated_at"]
        .as_str()
        .unwrap()
        .to_string();
    let at =
        time::OffsetDateTime::parse(&at, &time::format_description::well_known::Rfc3339).unwrap();
    assert!(at <= time::OffsetDateTime::now_utc(), "{at}");
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walkdir(&path));
        } else {
            files.push(path);
        }
    }
    files
}
