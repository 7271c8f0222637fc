//! `deploy/ansible/site.yml` run from the test's controller namespace against network-namespace
//! hosts (`hosts.rs`), with `topology inventory`'s inventory plus each host's address.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::Workspace;
use super::hosts::Hosts;

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
        let mut command = Hosts::command_in(&hosts.controller, "ansible-playbook");
        command
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
            .env("ANSIBLE_SSH_CONTROL_PATH_DIR", self.home.join("cp"))
            .env("ANSIBLE_PRIVATE_KEY_FILE", &self.key)
            .env("ANSIBLE_REMOTE_USER", "root")
            .env("ANSIBLE_NOCOLOR", "1")
            // One SSH connection per host, reused by every task (ended when the playbook
            // value is dropped), and modules piped through it.
            .env("ANSIBLE_PIPELINING", "True")
            .env("ANSIBLE_FORKS", "4")
            .env("ANSIBLE_LOCAL_TEMP", self.home.join("tmp-local"))
            .env("ANSIBLE_REMOTE_TEMP", self.home.join("tmp-remote"))
            .env(
                "ANSIBLE_SSH_ARGS",
                "-o UserKnownHostsFile=/dev/null -o StrictHostKeyChecking=no -o ControlMaster=auto -o ControlPersist=120s",
            );
        // A whole topology's deployment; past this the run is killed and its output shown.
        let output = super::output_within(&mut command, std::time::Duration::from_secs(1200));
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

impl Drop for Playbook {
    /// Ends the SSH control masters the runs left (one per host): asked to exit through their
    /// own sockets, so no connection outlives the test.
    fn drop(&mut self) {
        for socket in std::fs::read_dir(self.home.join("cp"))
            .into_iter()
            .flatten()
            .flatten()
        {
            let _ = std::process::Command::new("ssh")
                .arg("-o")
                .arg(format!("ControlPath={}", socket.path().display()))
                .args(["-O", "exit", "host"])
                .output();
        }
    }
}
