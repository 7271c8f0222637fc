//! `deploy/ansible/site.yml` over SSH, as on a fleet: the Enterprise sample's CMS host (sql01)
//! and its pool of three Front Ends are four network namespaces with their own sshd, name and
//! data dir; Ansible runs in the test's controller namespace with `topology inventory`'s
//! inventory. One run deploys everything; a second changes nothing; a topology change (a name
//! the web certificates must carry) re-run updates only what it touches; `--tags self-check`
//! only reads.

mod common;

use std::path::{Path, PathBuf};

use common::Workspace;
use common::hosts::{FRONT_ENDS, Hosts, pool_topology, pool_topology_with};
use serde_json::{Value, json};

/// The playbook, its inventory and variables for these hosts.
pub struct Playbook {
    inventory: PathBuf,
    addresses: PathBuf,
    vars: PathBuf,
    key: PathBuf,
    home: PathBuf,
    /// Where the summary lands.
    pub reports: PathBuf,
}

/// What `ansible-playbook` did: its output and each host's PLAY RECAP counts.
pub struct Played {
    pub output: String,
    pub recap: Vec<(String, Value)>,
}

impl Played {
    /// The sum of a RECAP counter over every host.
    pub fn total(&self, counter: &str) -> u64 {
        self.recap
            .iter()
            .map(|(_, c)| c[counter].as_u64().unwrap_or(0))
            .sum()
    }
}

impl Playbook {
    pub fn new(ws: &Workspace, hosts: &Hosts, key: PathBuf, topology: &Path) -> Playbook {
        let inventory = ws.write(
            "inventory.ini",
            &ws.run(&[
                "topology",
                "inventory",
                "--file",
                topology.to_str().unwrap(),
            ])
            .ok()
            .stdout,
        );
        let mut addresses = String::from("[all]\n");
        for host in &hosts.hosts {
            addresses.push_str(&format!(
                "{} ansible_host={} dw_bin_dir={} dw_secrets_dir={}\n",
                host.fqdn,
                host.ip,
                host.data.join("bin").display(),
                host.data.join("secrets").display(),
            ));
        }
        let addresses = ws.write("addresses.ini", &addresses);
        let password = ws.write("replication-password", "playbook replication password\n");
        let reports = ws.path("reports");
        let vars = ws.write(
            "vars.json",
            &json!({
                "dw_binary": env!("CARGO_BIN_EXE_deploy-wizard"),
                "dw_cms_dir": ws.path("cms"),
                "dw_topology": topology,
                "dw_replication_password_file": password,
                "dw_report_dir": reports,
                "dw_pool_start_wait": 30,
                "ansible_python_interpreter": "/usr/bin/python3",
            })
            .to_string(),
        );
        let home = ws.path("controller-home");
        std::fs::create_dir_all(&home).unwrap();
        Playbook {
            inventory,
            addresses,
            vars,
            key,
            home,
            reports,
        }
    }

    /// Runs the playbook from the controller namespace.
    pub fn run(&self, hosts: &Hosts, extra: &[&str]) -> Played {
        let site = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy/ansible/site.yml");
        let output = Hosts::command_in(&hosts.controller, "ansible-playbook")
            .arg("-i")
            .arg(&self.inventory)
            .arg("-i")
            .arg(&self.addresses)
            .arg("-e")
            .arg(format!("@{}", self.vars.display()))
            .arg(&site)
            .args(extra)
            .env("HOME", &self.home)
            .env("ANSIBLE_HOME", self.home.join(".ansible"))
            .env("ANSIBLE_CONFIG", self.home.join("none.cfg"))
            .env("ANSIBLE_HOST_KEY_CHECKING", "False")
            .env("ANSIBLE_PRIVATE_KEY_FILE", &self.key)
            .env("ANSIBLE_REMOTE_USER", "root")
            .env("ANSIBLE_NOCOLOR", "1")
            // One SSH connection per task, closed when the task ends: no connection outlives
            // the run (a persistent control master would keep sessions for a minute).
            .env("ANSIBLE_PIPELINING", "True")
            .env("ANSIBLE_FORKS", "4")
            .env("ANSIBLE_LOCAL_TEMP", self.home.join("tmp-local"))
            .env("ANSIBLE_REMOTE_TEMP", self.home.join("tmp-remote"))
            .env(
                "ANSIBLE_SSH_ARGS",
                "-o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o ControlMaster=no",
            )
            .output()
            .expect("ansible-playbook runs (tests/install-parts installs ansible-core)");
        let text = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "ansible-playbook failed:\n{text}");
        let recap = text
            .split("PLAY RECAP")
            .nth(1)
            .unwrap_or("")
            .lines()
            .filter_map(|line| {
                let (host, counts) = line.split_once(" : ")?;
                let counts: serde_json::Map<String, Value> = counts
                    .split_whitespace()
                    .filter_map(|kv| kv.split_once('='))
                    .map(|(k, v)| (k.to_string(), json!(v.parse::<u64>().unwrap_or(0))))
                    .collect();
                Some((host.trim().to_string(), Value::Object(counts)))
            })
            .collect();
        Played {
            output: text,
            recap,
        }
    }

    /// The summary the last run wrote.
    pub fn summary(&self) -> Value {
        serde_json::from_slice(&std::fs::read(self.reports.join("summary.json")).unwrap()).unwrap()
    }
}

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
    let mut names = vec!["sql01.contoso.com"];
    names.extend(FRONT_ENDS);
    let mut hosts = Hosts::new(ws.dir.path(), &names);
    hosts.alias(
        "fe01.contoso.com",
        &["pool01.contoso.com", "webpool01.contoso.com"],
    );
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
        let out = Hosts::command_in(&hosts.controller, "curl")
            .args(["-sk", "--resolve", &format!("pool01.contoso.com:443:{ip}")])
            .arg("https://pool01.contoso.com/metadata/json/1")
            .output()
            .unwrap();
        let doc: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{fe}: {e}: {}", String::from_utf8_lossy(&out.stdout)));
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
