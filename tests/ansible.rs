//! `deploy/ansible/site.yml` over SSH, as on a fleet: the Enterprise sample's CMS host (sql01)
//! and its pool of three Front Ends are four network namespaces with their own sshd, name and
//! data dir; Ansible runs in the test's controller namespace with `topology inventory`'s
//! inventory. One run deploys everything; a second changes nothing; a topology change (a name
//! the web certificates must carry) re-run updates only what it touches; `--tags self-check`
//! only reads.

mod common;

use common::Workspace;
use common::hosts::{FRONT_ENDS, Hosts, pool_hosts, pool_topology, pool_topology_with};
use common::playbook::Playbook;
use serde_json::Value;

/// Each Front End's current thumbprint of `usage`.
fn thumbprints(hosts: &Hosts, usage: &str) -> Vec<String> {
    FRONT_ENDS
        .iter()
        .map(|fe| {
            let usages: Value =
                serde_json::from_str(&hosts.wizard_ok(fe, &["--json", "cert", "usages"])).unwrap();
            usages["usages"]
                .as_array()
                .unwrap()
                .iter()
                .find(|u| u["usage"] == usage)
                .and_then(|u| u["thumbprint"].as_str())
                .unwrap_or_else(|| panic!("{fe} has no {usage}: {usages}"))
                .to_string()
        })
        .collect()
}

#[test]
fn one_playbook_run_deploys_the_pool_and_its_cms_host_and_a_second_changes_nothing() {
    let ws = Workspace::new();
    let topology = pool_topology(&ws);
    let mut hosts = pool_hosts(&ws);
    let key = hosts.start_sshds();
    let playbook = Playbook::new(&ws, &hosts, key, &topology);

    let first = playbook.run(&hosts, &[]);
    assert_eq!(first.total("failed"), 0, "{}", first.output);
    assert_eq!(first.recap.len(), 4, "{}", first.output);
    let summary = playbook.summary();
    // Every server's four steps are Complete.
    for (server, facts) in summary["servers"].as_object().unwrap() {
        for step in facts["steps"].as_array().unwrap() {
            assert_eq!(step["status"], "Complete", "{server}: {step}");
        }
        // Each port presents the certificate assigned to it.
        for service in facts["services"]["services"].as_array().unwrap() {
            assert_eq!(service["running"], true, "{server}: {service}");
            for port in service["ports"].as_array().unwrap() {
                assert_eq!(port["matches"], true, "{server}: {port}");
            }
        }
    }
    // The CMS lists all four up to date; the pool is started; the HTML says the same.
    assert_eq!(summary["replication"]["all_up_to_date"], true, "{summary}");
    assert_eq!(
        summary["replication"]["servers"].as_array().unwrap().len(),
        4
    );
    assert_eq!(summary["pools"][0]["state"], "Started", "{summary}");
    let html = std::fs::read_to_string(playbook.reports.join("summary.html")).unwrap();
    assert!(
        html.contains("fe03.contoso.com") && !html.contains("class=\"bad\""),
        "{html}"
    );
    // Every Front End has its own Default certificate, and all three the same OAuthTokenIssuer.
    let defaults = thumbprints(&hosts, "Default");
    assert!(
        defaults[0] != defaults[1] && defaults[1] != defaults[2] && defaults[0] != defaults[2],
        "{defaults:?}"
    );
    let oauth = thumbprints(&hosts, "OAuthTokenIssuer");
    assert!(oauth.iter().all(|t| t == &oauth[0]), "{oauth:?}");
    let web = thumbprints(&hosts, "WebServicesExternal");

    // A second run changes nothing.
    let second = playbook.run(&hosts, &[]);
    assert_eq!(second.total("changed"), 0, "{}", second.output);
    assert_eq!(second.total("failed"), 0);

    // A name added to the topology: published, and only the certificates that must carry it
    // are replaced (the web services'), not the Default ones.
    pool_topology_with(&ws, Some("https://meet2.contoso.com"));
    let third = playbook.run(&hosts, &[]);
    assert!(third.total("changed") > 0, "{}", third.output);
    assert_eq!(thumbprints(&hosts, "Default"), defaults);
    let new_web = thumbprints(&hosts, "WebServicesExternal");
    assert!(
        new_web.iter().zip(&web).all(|(new, old)| new != old),
        "{new_web:?} {web:?}"
    );
    assert_eq!(thumbprints(&hosts, "OAuthTokenIssuer"), oauth);
    let summary = playbook.summary();
    assert_eq!(summary["replication"]["all_up_to_date"], true, "{summary}");

    // The checks alone change nothing and write the summary again.
    std::fs::remove_file(playbook.reports.join("summary.json")).unwrap();
    let checks = playbook.run(&hosts, &["--tags", "self-check"]);
    assert_eq!(checks.total("changed"), 0, "{}", checks.output);
    assert_eq!(playbook.summary()["pools"][0]["up"], 3);

    // An OAuthTokenIssuer roll made once on the CMS host, effective in a minute: the playbook
    // brings it to every Front End, whose metadata documents switch at that date, not before,
    // with nothing run in between.
    let sql = "sql01.contoso.com";
    let requested: Value = serde_json::from_str(&hosts.wizard_ok(
        sql,
        &[
            "--json",
            "cert",
            "request",
            "--type",
            "OAuthTokenIssuer",
            "--exportable",
        ],
    ))
    .unwrap();
    let new = requested["certificate"]["thumbprint"]
        .as_str()
        .unwrap()
        .to_string();
    let effective = time::OffsetDateTime::now_utc() + time::Duration::seconds(60);
    let date = effective
        .replace_nanosecond(0)
        .unwrap()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap();
    hosts.wizard_ok(
        sql,
        &[
            "cert",
            "assign",
            "--type",
            "OAuthTokenIssuer",
            "--thumbprint",
            &new,
            "--roll",
            "--effective-date",
            &date,
        ],
    );
    let rolled = playbook.run(&hosts, &[]);
    assert!(rolled.total("changed") > 0, "{}", rolled.output);
    assert!(
        time::OffsetDateTime::now_utc() < effective,
        "the playbook took more than the minute before the roll's date: the test cannot see the switch"
    );
    let current = |fe: &str| -> String {
        let ip = &hosts.host(fe).ip;
        let mut out = Hosts::command_in(&hosts.controller, "curl");
        out.args(["-sk", "--resolve", &format!("pool01.contoso.com:443:{ip}")])
            .arg("https://pool01.contoso.com/metadata/json/1");
        let out = common::run_outside(&mut out, common::CLIENT_LIMIT);
        let doc: Value =
            serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{fe}: {e}: {out}"));
        doc["keys"][0]["keyinfo"]["thumbprint"]
            .as_str()
            .unwrap()
            .to_string()
    };
    for fe in FRONT_ENDS {
        assert_eq!(current(fe), oauth[0], "{fe} before the roll's date");
    }
    let wait = effective - time::OffsetDateTime::now_utc() + time::Duration::seconds(1);
    std::thread::sleep(std::time::Duration::from_millis(
        wait.whole_milliseconds().max(0) as u64,
    ));
    for fe in FRONT_ENDS {
        assert_eq!(current(fe), new, "{fe} after the roll's date");
    }
}
