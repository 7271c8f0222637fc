//! Several "hosts" on one machine: network namespaces the test makes itself, joined by a bridge
//! that lives in a controller namespace of its own (nothing is added to the machine's own
//! network). Each host has an address on 10.77.0.0/24, a hosts file naming every host (`ip
//! netns exec` mounts /etc/netns/NAME/hosts over /etc/hosts), its own data dir, and on demand
//! its own sshd (key-only, a key made by the test, its own host name through `unshare --uts`).
//! Dropping the value stops every host's services, the sshds it started (by their own pids),
//! and removes the namespaces, their links and the hosts files, also when the test failed.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output};

/// The Enterprise sample's Front Ends.
pub const FRONT_ENDS: [&str; 3] = ["fe01.contoso.com", "fe02.contoso.com", "fe03.contoso.com"];

/// The Enterprise sample without the pools the pool tests do not deploy (Persistent Chat,
/// Edge): its pool of three Front Ends and its Back End sql01, the CMS host. Written to the
/// workspace; `extra_meet` adds a meeting URL (a name the web certificates must carry).
pub fn pool_topology(ws: &super::Workspace) -> PathBuf {
    pool_topology_with(ws, None)
}

/// Like `pool_topology`, with one more meeting simple URL.
pub fn pool_topology_with(ws: &super::Workspace, extra_meet: Option<&str>) -> PathBuf {
    let mut topology: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(super::asset("topology/enterprise.json")).unwrap(),
    )
    .unwrap();
    let pools = topology["sites"][0]["pools"].as_array_mut().unwrap();
    pools.retain(|p| p["kind"] == "FrontEnd" || p["kind"] == "BackEnd");
    topology.as_object_mut().unwrap().remove("$schema");
    if let Some(url) = extra_meet {
        topology["simple_urls"]["meet"]
            .as_array_mut()
            .unwrap()
            .push(url.into());
    }
    ws.write(
        "pool-topology.json",
        &serde_json::to_string_pretty(&topology).unwrap(),
    )
}

/// The hosts of the Enterprise sample's pool: its CMS host sql01 and the three Front Ends, the
/// pool's names (pool01, webpool01) on fe01's address.
pub fn pool_hosts(ws: &super::Workspace) -> Hosts {
    let mut names = vec!["sql01.contoso.com"];
    names.extend(FRONT_ENDS);
    let hosts = Hosts::new(ws.dir.path(), &names);
    hosts.alias(
        "fe01.contoso.com",
        &["pool01.contoso.com", "webpool01.contoso.com"],
    );
    hosts
}

/// One host.
pub struct Host {
    /// Its FQDN (its host name and its topology server).
    pub fqdn: String,
    /// Its namespace.
    pub ns: String,
    /// Its address.
    pub ip: String,
    /// Its data dir.
    pub data: PathBuf,
}

/// The hosts and their controller.
pub struct Hosts {
    /// Every host, in the order given.
    pub hosts: Vec<Host>,
    /// The controller's namespace (the bridge, and where Ansible runs).
    pub controller: String,
    /// The controller's address.
    pub controller_ip: String,
    /// Where the hosts' data dirs, keys and sshd configurations are.
    pub dir: PathBuf,
    sshds: Vec<Child>,
}

fn ip(args: &[&str]) {
    let out = Command::new("ip").args(args).output().expect("ip runs");
    assert!(
        out.status.success(),
        "ip {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
}

impl Hosts {
    /// Makes a host per FQDN under `dir` (a test's workspace).
    pub fn new(dir: &Path, fqdns: &[&str]) -> Hosts {
        // Unique per test process and per set of hosts (tests of one binary run in parallel).
        static SETS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let set = SETS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let tag = format!("dw{}s{set}", std::process::id() % 100_000);
        let controller = format!("{tag}-ctl");
        let mut hosts = Hosts {
            hosts: Vec::new(),
            controller: controller.clone(),
            controller_ip: "10.77.0.254".into(),
            dir: dir.to_path_buf(),
            sshds: Vec::new(),
        };
        ip(&["netns", "add", &controller]);
        ip(&["-n", &controller, "link", "set", "lo", "up"]);
        ip(&["-n", &controller, "link", "add", "br0", "type", "bridge"]);
        ip(&[
            "-n",
            &controller,
            "addr",
            "add",
            "10.77.0.254/24",
            "dev",
            "br0",
        ]);
        ip(&["-n", &controller, "link", "set", "br0", "up"]);
        let mut names = String::from("127.0.0.1 localhost\n10.77.0.254 controller\n");
        for (i, fqdn) in fqdns.iter().enumerate() {
            let ns = format!("{tag}-h{i}");
            let address = format!("10.77.0.{}", i + 1);
            ip(&["netns", "add", &ns]);
            let data = dir.join(format!("host-{fqdn}"));
            std::fs::create_dir_all(&data).unwrap();
            hosts.hosts.push(Host {
                fqdn: fqdn.to_string(),
                ns: ns.clone(),
                ip: address.clone(),
                data,
            });
            ip(&["-n", &ns, "link", "set", "lo", "up"]);
            let (inside, outside) = (format!("v{i}"), format!("p{i}"));
            ip(&[
                "link",
                "add",
                &inside,
                "netns",
                &ns,
                "type",
                "veth",
                "peer",
                "name",
                &outside,
                "netns",
                &controller,
            ]);
            ip(&["-n", &controller, "link", "set", &outside, "master", "br0"]);
            ip(&["-n", &controller, "link", "set", &outside, "up"]);
            ip(&[
                "-n",
                &ns,
                "addr",
                "add",
                &format!("{address}/24"),
                "dev",
                &inside,
            ]);
            ip(&["-n", &ns, "link", "set", &inside, "up"]);
            let short = fqdn.split('.').next().unwrap();
            names.push_str(&format!("{address} {fqdn} {short}\n"));
        }
        for ns in hosts.hosts.iter().map(|h| h.ns.clone()).chain([controller]) {
            let etc = Path::new("/etc/netns").join(&ns);
            std::fs::create_dir_all(&etc).unwrap();
            std::fs::write(etc.join("hosts"), &names).unwrap();
        }
        hosts
    }

    /// Adds names (pool FQDNs, web names) for a host's address in every hosts file.
    pub fn alias(&self, fqdn: &str, names: &[&str]) {
        let host = self.host(fqdn);
        for ns in self
            .hosts
            .iter()
            .map(|h| h.ns.clone())
            .chain([self.controller.clone()])
        {
            let path = Path::new("/etc/netns").join(&ns).join("hosts");
            let mut text = std::fs::read_to_string(&path).unwrap();
            text.push_str(&format!("{} {}\n", host.ip, names.join(" ")));
            std::fs::write(&path, text).unwrap();
        }
    }

    /// The host named `fqdn`.
    pub fn host(&self, fqdn: &str) -> &Host {
        self.hosts
            .iter()
            .find(|h| h.fqdn == fqdn)
            .unwrap_or_else(|| panic!("no host {fqdn}"))
    }

    /// A command run inside `ns`.
    pub fn command_in(ns: &str, program: &str) -> Command {
        let mut command = Command::new("ip");
        command.args(["netns", "exec", ns, program]);
        command
    }

    /// Runs the wizard on `fqdn` (its data dir, its name, English), and returns what it did.
    pub fn wizard(&self, fqdn: &str, args: &[&str]) -> Output {
        let host = self.host(fqdn);
        let mut command = Self::command_in(&host.ns, env!("CARGO_BIN_EXE_deploy-wizard"));
        command
            .arg("--data-dir")
            .arg(&host.data)
            .args(args)
            .env("DEPLOY_WIZARD_FQDN", &host.fqdn)
            .env("LANG", "en_US.UTF-8")
            .env_remove("LC_ALL")
            .env_remove("DEPLOY_WIZARD_LISTEN_ADDRESS")
            .env("DEPLOY_WIZARD_FIREWALL", "leave");
        super::output_within(&mut command, super::WIZARD_LIMIT)
    }

    /// Like `wizard`, and panics unless it succeeded; returns stdout.
    pub fn wizard_ok(&self, fqdn: &str, args: &[&str]) -> String {
        let out = self.wizard(fqdn, args);
        assert!(
            out.status.success(),
            "{fqdn}: deploy-wizard {}\nstdout:\n{}\nstderr:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Starts an sshd on every host (root, key-only) and returns the private key's path. Each
    /// sshd's sessions get the host's data dir and FQDN in their environment.
    pub fn start_sshds(&mut self) -> PathBuf {
        let keys = self.dir.join("ssh");
        std::fs::create_dir_all(&keys).unwrap();
        let key = keys.join("id_ed25519");
        if !key.exists() {
            let out = Command::new("ssh-keygen")
                .args([
                    "-q",
                    "-t",
                    "ed25519",
                    "-N",
                    "",
                    "-C",
                    "deploy-wizard-test",
                    "-f",
                ])
                .arg(&key)
                .output()
                .expect("ssh-keygen runs");
            assert!(out.status.success());
            let out = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", "", "-f"])
                .arg(keys.join("host_key"))
                .output()
                .expect("ssh-keygen runs");
            assert!(out.status.success());
            std::fs::copy(keys.join("id_ed25519.pub"), keys.join("authorized_keys")).unwrap();
        }
        // sshd's privilege separation directory (the openssh-server package makes it at boot).
        std::fs::create_dir_all("/run/sshd").unwrap();
        for host in &self.hosts {
            let config = keys.join(format!("sshd-{}.conf", host.fqdn));
            std::fs::write(
                &config,
                format!(
                    "ListenAddress {ip}\nPort 22\nHostKey {hostkey}\nAuthorizedKeysFile {auth}\n\
                     PermitRootLogin prohibit-password\nPasswordAuthentication no\n\
                     KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n\
                     PidFile {pid}\nSubsystem sftp internal-sftp\nLogLevel ERROR\n\
                     SetEnv DEPLOY_WIZARD_HOME={data} DEPLOY_WIZARD_FQDN={fqdn} DEPLOY_WIZARD_FIREWALL=leave LANG=en_US.UTF-8\n",
                    ip = host.ip,
                    hostkey = keys.join("host_key").display(),
                    auth = keys.join("authorized_keys").display(),
                    pid = keys.join(format!("sshd-{}.pid", host.fqdn)).display(),
                    data = host.data.display(),
                    fqdn = host.fqdn,
                ),
            )
            .unwrap();
            let child = Self::command_in(&host.ns, "unshare")
                .args(["--uts", "sh", "-c"])
                .arg(format!(
                    "hostname {} && exec /usr/sbin/sshd -D -e -f {}",
                    host.fqdn,
                    config.display()
                ))
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("sshd starts");
            self.sshds.push(child);
        }
        // Each sshd listens before the test goes on.
        for host in &self.hosts {
            let ready = (0..100).any(|_| {
                let ok = Self::command_in(&self.controller, "bash")
                    .args(["-c", &format!("exec 3<>/dev/tcp/{}/22", host.ip)])
                    .output()
                    .is_ok_and(|o| o.status.success());
                if !ok {
                    std::thread::sleep(std::time::Duration::from_millis(50));
                }
                ok
            });
            assert!(ready, "sshd of {} listens", host.fqdn);
        }
        key
    }
}

impl Drop for Hosts {
    fn drop(&mut self) {
        for host in &self.hosts {
            if host.data.join("install").exists() {
                let _ = self.wizard(&host.fqdn, &["services", "stop"]);
            }
        }
        for child in &mut self.sshds {
            // Sessions still open are our sshd's descendants: ours to end, then the sshd (our
            // own child).
            for pid in descendants(child.id()) {
                let _ = Command::new("kill").arg(pid.to_string()).output();
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        for host in &self.hosts {
            let _ = Command::new("ip").args(["netns", "del", &host.ns]).output();
            let _ = std::fs::remove_dir_all(Path::new("/etc/netns").join(&host.ns));
        }
        let _ = Command::new("ip")
            .args(["netns", "del", &self.controller])
            .output();
        let _ = std::fs::remove_dir_all(Path::new("/etc/netns").join(&self.controller));
    }
}

/// Every descendant of `pid` (read from /proc: each process's parent), deepest first.
fn descendants(pid: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir("/proc")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let child: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(entry.path().join("stat")).ok()?;
            // The parent is the second field after the command's closing parenthesis.
            let parent = stat
                .rsplit_once(')')?
                .1
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()?;
            Some((child, parent))
        })
        .collect();
    let mut found = Vec::new();
    let mut frontier = vec![pid];
    while let Some(parent) = frontier.pop() {
        for (child, _) in parents.iter().filter(|(_, p)| *p == parent) {
            found.push(*child);
            frontier.push(*child);
        }
    }
    found.reverse();
    found
}
