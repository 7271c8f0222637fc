//! The deployment's directory against a real OpenLDAP (slapd) in a network namespace of its
//! own: `directory set` publishes nothing until a verified connection binds; Prepare Directory's
//! steps are read back from the directory, safe to run again, and refused with the missing right
//! named (and nothing written) for an account without rights; users are found (past the
//! server's size limit), enabled, listed and disabled, with every search value escaped.

mod common;

use common::hosts::Hosts;
use common::slapd::{self, Slapd};
use common::{Ran, WIZARD_LIMIT, Workspace, run_outside};
use serde_json::Value;

const DC: &str = "dc01.lab.test";

struct Lab {
    ws: Workspace,
    hosts: Hosts,
    slapd: Slapd,
}

impl Lab {
    fn new(extra_users: usize) -> Lab {
        let ws = Workspace::lab();
        let hosts = Hosts::new(ws.dir.path(), &[DC]);
        let slapd = Slapd::start(&hosts, DC, &ws.path("slapd"), extra_users);
        Lab { ws, hosts, slapd }
    }

    /// The wizard on the lab server's data, run inside the directory host's namespace (where
    /// the directory's name resolves).
    fn wizard(&self, args: &[&str]) -> Ran {
        let ns = &self.hosts.host(DC).ns;
        run_outside(
            Hosts::command_in(ns, env!("CARGO_BIN_EXE_deploy-wizard"))
                .arg("--data-dir")
                .arg(self.ws.data())
                .args(args)
                .env("DEPLOY_WIZARD_FQDN", &self.ws.fqdn)
                .env("LANG", "en_US.UTF-8")
                .env_remove("LC_ALL")
                .env_remove("LC_MESSAGES")
                .env_remove("DEPLOY_WIZARD_HOME")
                .env_remove("DEPLOY_WIZARD_DIRECTORY_PASSWORD"),
            WIZARD_LIMIT,
        )
    }

    fn set(&self, url: &str, bind_dn: &str, password: &std::path::Path) -> Ran {
        self.wizard(&[
            "directory",
            "set",
            "--url",
            url,
            "--base-dn",
            slapd::BASE,
            "--bind-dn",
            bind_dn,
            "--password-file",
            password.to_str().unwrap(),
            "--ca-file",
            self.slapd.ca.to_str().unwrap(),
        ])
    }

    fn status(&self) -> Value {
        self.wizard(&["--json", "directory", "status"]).ok().json()
    }

    fn admin_search(&self, base: &str, filter: &str, attrs: &[&str]) -> String {
        self.slapd
            .search_as_admin(&self.hosts, DC, base, filter, attrs)
    }
}

fn states(status: &Value) -> Vec<String> {
    status["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{}={}",
                s["step"].as_str().unwrap(),
                s["state"].as_str().unwrap()
            )
        })
        .collect()
}

/// Every file under `dir` (the data dir), except the replica's protected documents (owner-only
/// copies of the CMS's secrets), must not hold `secret`.
fn assert_nowhere(dir: &std::path::Path, secret: &str) {
    for entry in walk(dir) {
        let path = entry.display().to_string();
        if path.contains("/replica/") && path.contains("protected") {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&entry).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode & 0o077, 0, "{path} is owner-only");
            continue;
        }
        let bytes = std::fs::read(&entry).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains(secret),
            "{path} holds the directory password"
        );
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() && !path.is_symlink() {
            out.extend(walk(&path));
        } else if path.is_file() {
            out.push(path);
        }
    }
    out
}

#[test]
fn prepare_directory_is_read_back_safe_to_rerun_and_refused_without_rights() {
    let lab = Lab::new(0);
    let ldaps = lab.slapd.ldaps.clone();

    lab.wizard(&["users", "list"])
        .refused("No directory is set for this deployment");
    lab.wizard(&[
        "directory",
        "set",
        "--url",
        "https://dc01.lab.test",
        "--base-dn",
        slapd::BASE,
        "--bind-dn",
        slapd::ADMIN,
        "--password-file",
        lab.slapd.admin_password.to_str().unwrap(),
    ])
    .refused("is not a directory URL");
    // Not trusted without its CA: nothing is published.
    lab.wizard(&[
        "directory",
        "set",
        "--url",
        &ldaps,
        "--base-dn",
        slapd::BASE,
        "--bind-dn",
        slapd::ADMIN,
        "--password-file",
        lab.slapd.admin_password.to_str().unwrap(),
    ])
    .expect_code(1)
    .says("did not pass TLS verification");
    lab.wizard(&["directory", "status"])
        .refused("No directory is set");
    // A wrong password: refused, nothing published.
    let wrong = lab.ws.write("wrong.pw", "not the password\n");
    lab.set(&ldaps, slapd::ADMIN, &wrong)
        .refused("refused to bind as cn=admin,dc=lab,dc=test");
    lab.wizard(&["directory", "status"])
        .refused("No directory is set");

    // The help desk may bind and read, nothing more.
    lab.set(&ldaps, slapd::HELPDESK, &lab.slapd.helpdesk_password)
        .ok();
    let status = lab.status();
    assert_eq!(
        states(&status),
        [
            "schema=not-run",
            "forest=not-run",
            "domain=unreadable",
            "administrators=not-run"
        ]
    );
    lab.wizard(&["directory", "prepare-schema"])
        .expect_code(1)
        .says("lacks the right to add a schema to cn=schema,cn=config")
        .says("Nothing was changed");
    assert!(
        !lab.admin_search("cn=schema,cn=config", "(cn=*deploywizard)", &["cn"])
            .contains("deploywizard"),
        "no schema was added"
    );
    lab.wizard(&["directory", "prepare-forest"])
        .expect_code(1)
        .says("lacks the right to add entries under dc=lab,dc=test");
    assert!(
        !lab.admin_search(slapd::BASE, "(ou=DeployWizard)", &["ou"])
            .contains("DeployWizard"),
        "no container was added"
    );
    lab.wizard(&["--lang", "fr", "directory", "prepare-schema"])
        .expect_code(1)
        .says("n'a pas le droit nécessaire pour ajouter un schéma à cn=schema,cn=config");

    // The administrator, over StartTLS this time.
    lab.set(&lab.slapd.ldap, slapd::ADMIN, &lab.slapd.admin_password)
        .ok();
    lab.wizard(&[
        "users",
        "enable",
        "--identity",
        "bob",
        "--sip-address",
        "sip:bob@lab.test",
        "--pool",
        "vm.lab.test",
    ])
    .refused("run `deploy-wizard directory prepare-schema` first");
    lab.wizard(&["directory", "prepare-domain"])
        .refused("run `deploy-wizard directory prepare-schema` first");
    let first = lab.wizard(&["directory", "prepare-schema"]).ok();
    assert!(
        first
            .stdout
            .contains("Added: cn=deploywizard,cn=schema,cn=config"),
        "{first}"
    );
    lab.wizard(&["directory", "prepare-schema"])
        .ok()
        .stdout
        .contains("complete already")
        .then_some(())
        .expect("a second run changes nothing");
    lab.wizard(&["directory", "prepare-domain"])
        .refused("run `deploy-wizard directory prepare-forest` first");
    lab.wizard(&["directory", "prepare-forest"]).ok();
    let again = lab.wizard(&["directory", "prepare-forest"]).ok();
    assert!(again.stdout.contains("complete already"), "{again}");
    lab.wizard(&["directory", "prepare-domain"]).ok();
    let again = lab.wizard(&["directory", "prepare-domain"]).ok();
    assert!(again.stdout.contains("complete already"), "{again}");
    let rules = lab.admin_search("cn=config", "(olcSuffix=dc=lab,dc=test)", &["olcAccess"]);
    assert!(
        rules.contains("olcAccess: {0}to attrs=dwSipCredential"),
        "our rules come first: {rules}"
    );
    assert!(rules.contains("{3}to attrs=userPassword"), "{rules}");
    assert_eq!(
        states(&lab.status())[..3],
        ["schema=complete", "forest=complete", "domain=complete"]
    );

    lab.wizard(&["directory", "add-administrator", "--identity", "alice"])
        .ok();
    lab.wizard(&["directory", "add-administrator", "--identity", "nobody"])
        .refused("No user nobody in the directory");
    let status = lab.status();
    assert_eq!(
        states(&status),
        [
            "schema=complete",
            "forest=complete",
            "domain=complete",
            "administrators=complete"
        ]
    );
    assert_eq!(
        status["administrators"],
        serde_json::json!(["uid=alice,ou=People,dc=lab,dc=test"])
    );

    // No password in any log, run file or world-readable file of the wizard.
    for secret in [slapd::ADMIN_PASSWORD, slapd::HELPDESK_PASSWORD] {
        assert_nowhere(&lab.ws.data(), secret);
    }
}

#[test]
fn users_are_found_enabled_listed_and_disabled_in_the_directory() {
    let lab = Lab::new(600);
    lab.set(&lab.slapd.ldaps, slapd::ADMIN, &lab.slapd.admin_password)
        .ok();
    for step in ["prepare-schema", "prepare-forest", "prepare-domain"] {
        lab.wizard(&["directory", step]).ok();
    }
    let calls = std::cell::Cell::new(0);
    let out = |n: usize| lab.ws.path(&format!("sip-password-{n}"));
    let enable = |identity: &str, address: &str, pool: &str| {
        calls.set(calls.get() + 1);
        lab.wizard(&[
            "--json",
            "users",
            "enable",
            "--identity",
            identity,
            "--sip-address",
            address,
            "--pool",
            pool,
            "--password-out",
            out(calls.get()).to_str().unwrap(),
        ])
    };
    lab.wizard(&[
        "users",
        "enable",
        "--identity",
        "alice",
        "--sip-address",
        "sip:alice@lab.test",
        "--pool",
        "vm.lab.test",
    ])
    .refused("give --password-out FILE to receive it");
    let alice = enable("alice", "SIP:Alice@Lab.Test", "vm.lab.test")
        .ok()
        .json();
    assert_eq!(alice["user"]["sip_address"], "sip:alice@lab.test");
    assert_eq!(alice["user"]["enabled"], true);
    assert_eq!(alice["changed"], true);
    let password_file = out(calls.get());
    assert_eq!(alice["password_file"], password_file.to_str().unwrap());
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&password_file)
            .unwrap()
            .permissions()
            .mode()
            & 0o777,
        0o600
    );
    let password = std::fs::read_to_string(&password_file).unwrap();
    let password = password.trim_end();
    assert_eq!(password.len(), 20);
    let entry = lab.admin_search(
        slapd::BASE,
        "(uid=alice)",
        &[
            "dwSipEnabled",
            "dwSipPool",
            "objectClass",
            "dwSipCredential",
        ],
    );
    assert!(entry.contains("dwSipEnabled: TRUE"), "{entry}");
    assert!(entry.contains("dwSipPool: vm.lab.test"), "{entry}");
    assert!(entry.contains("objectClass: dwSipUser"), "{entry}");
    let ha1 = {
        use md5::{Digest, Md5};
        let digest = Md5::digest(format!("alice:lab.test:{password}").as_bytes());
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert!(
        entry.contains(&format!("dwSipCredential: {ha1}")),
        "the digest only: {entry}"
    );
    assert!(!entry.contains(password), "{entry}");
    for run in walk(&lab.ws.data().join("logs")) {
        let text = std::fs::read_to_string(&run).unwrap_or_default();
        assert!(
            !text.contains(password),
            "{} holds the SIP password",
            run.display()
        );
    }
    let again = enable("alice", "sip:alice@lab.test", "vm.lab.test")
        .ok()
        .json();
    assert_eq!(again["changed"], false);
    assert!(
        !out(calls.get()).exists(),
        "no new password when nothing changes"
    );

    enable("bob", "sip:alice@lab.test", "vm.lab.test")
        .refused("sip:alice@lab.test is already the SIP address of uid=alice");
    assert!(
        !out(calls.get()).exists(),
        "a refused enablement leaves no password file"
    );
    enable("bob", "sip:bob@contoso.com", "vm.lab.test")
        .refused("is not a SIP address of this deployment");
    enable("bob", "sip:bob@lab.test", "nope.lab.test")
        .refused("is not a registrar pool of the topology");
    // Search values are escaped: no wildcard, no filter of the caller's.
    enable("*", "sip:x@lab.test", "vm.lab.test").refused("No user * in the directory");
    for identity in [
        "alice)(uid=*",
        "*)(|(uid=*",
        "uid=*,ou=People,dc=lab,dc=test",
    ] {
        let refused = enable(identity, "sip:x@lab.test", "vm.lab.test").expect_code(2);
        assert!(!refused.stdout.contains("\"enabled\": true"), "{refused}");
    }
    lab.wizard(&[
        "--lang",
        "fr",
        "users",
        "enable",
        "--identity",
        "bob",
        "--sip-address",
        "sip:bob@contoso.com",
        "--pool",
        "vm.lab.test",
    ])
    .refused("n'est pas une adresse SIP de ce déploiement");

    // 605 people: more than the server's size limit of 500, read a page at a time.
    let all = lab.wizard(&["--json", "users", "list"]).ok().json();
    assert_eq!(all["users"].as_array().unwrap().len(), 605);
    let text = lab.wizard(&["users", "list"]).ok();
    assert!(text.stdout.starts_with("605 users"), "{text}");
    let some = lab
        .wizard(&["--json", "users", "list", "--filter", "Number05"])
        .ok()
        .json();
    assert_eq!(some["users"].as_array().unwrap().len(), 100);
    let none = lab
        .wizard(&["--json", "users", "list", "--filter", "*"])
        .ok()
        .json();
    assert_eq!(
        none["users"].as_array().unwrap().len(),
        0,
        "* is a character, not a wildcard"
    );
    let enabled = lab
        .wizard(&["--json", "users", "list", "--enabled"])
        .ok()
        .json();
    assert_eq!(enabled["users"].as_array().unwrap().len(), 1);

    let off = lab
        .wizard(&["--json", "users", "disable", "--identity", "alice@lab.test"])
        .ok()
        .json();
    assert_eq!(off["user"]["enabled"], false);
    assert_eq!(
        off["user"]["sip_address"], "sip:alice@lab.test",
        "settings stay"
    );
    assert_eq!(
        lab.wizard(&["--json", "users", "disable", "--identity", "alice"])
            .ok()
            .json()["changed"],
        false
    );
    let shown = lab.wizard(&["users", "show", "--identity", "alice"]).ok();
    assert!(shown.stdout.contains("disabled"), "{shown}");
    let enabled = lab
        .wizard(&["--json", "users", "list", "--enabled"])
        .ok()
        .json();
    assert_eq!(enabled["users"].as_array().unwrap().len(), 0);
    let entry = lab.admin_search(slapd::BASE, "(uid=alice)", &["dwSipEnabled"]);
    assert!(entry.contains("dwSipEnabled: FALSE"), "{entry}");
}

const VM: &str = "vm.lab.test";

/// Runs the digest client inside `vm`'s namespace against its registrar.
fn client(hosts: &Hosts, args: &[&str]) -> String {
    let vm = hosts.host(VM);
    let ran = run_outside(
        Hosts::command_in(&vm.ns, "python3")
            .arg(common::asset_test("common/sip_auth_client.py"))
            .args([vm.ip.as_str(), "5061", "lab.test"])
            .args(args),
        common::CLIENT_LIMIT,
    );
    assert_eq!(ran.code, 0, "the SIP client failed: {ran}");
    ran.stdout.trim().to_string()
}

#[test]
fn the_registrar_signs_in_only_enabled_users_of_the_directory() {
    let ws = Workspace::new();
    let hosts = Hosts::new(ws.dir.path(), &[DC, VM]);
    let slapd = Slapd::start(&hosts, DC, &ws.path("slapd"), 0);
    let cms = ws.path("cms");
    let cms_s = cms.to_str().unwrap();
    hosts.wizard_ok(VM, &["cms", "init", cms_s, "--lab"]);
    hosts.wizard_ok(VM, &["store", "install", "--from-cms", cms_s]);
    hosts.wizard_ok(
        VM,
        &[
            "cert",
            "request",
            "--type",
            "Default,WebServicesInternal,WebServicesExternal",
            "--assign",
        ],
    );
    hosts.wizard_ok(
        VM,
        &[
            "directory",
            "set",
            "--url",
            &slapd.ldaps,
            "--base-dn",
            slapd::BASE,
            "--bind-dn",
            slapd::ADMIN,
            "--password-file",
            slapd.admin_password.to_str().unwrap(),
            "--ca-file",
            slapd.ca.to_str().unwrap(),
        ],
    );
    for step in ["prepare-schema", "prepare-forest", "prepare-domain"] {
        hosts.wizard_ok(VM, &["directory", step]);
    }
    let mut passwords = std::collections::BTreeMap::new();
    for user in ["alice", "bob"] {
        let out = ws.path(&format!("{user}.sip-password"));
        hosts.wizard_ok(
            VM,
            &[
                "users",
                "enable",
                "--identity",
                user,
                "--sip-address",
                &format!("sip:{user}@lab.test"),
                "--pool",
                VM,
                "--password-out",
                out.to_str().unwrap(),
            ],
        );
        passwords.insert(
            user,
            std::fs::read_to_string(&out).unwrap().trim().to_string(),
        );
    }
    let (alice, bob) = (passwords["alice"].clone(), passwords["bob"].clone());
    hosts.wizard_ok(VM, &["components", "setup"]);
    hosts.wizard_ok(VM, &["services", "start"]);

    assert_eq!(
        client(&hosts, &["noauth", "alice"]),
        "SIP/2.0 401 Unauthorized"
    );
    assert_eq!(
        client(&hosts, &["register", "alice", &alice]),
        "SIP/2.0 200 OK"
    );
    assert_eq!(
        client(&hosts, &["register", "alice", "not her password"]),
        "SIP/2.0 401 Unauthorized"
    );
    // A person of the directory who was never enabled, with a directory user's password.
    assert_eq!(
        client(&hosts, &["register", "ceo", slapd::USER_PASSWORD]),
        "SIP/2.0 401 Unauthorized"
    );
    assert!(
        client(&hosts, &["spoof", "bob", &bob, "alice"]).starts_with("SIP/2.0 403"),
        "bob may not register alice's address"
    );
    assert!(
        client(&hosts, &["message-as", "bob", &bob, "alice", "carol"]).starts_with("SIP/2.0 407"),
        "bob may not send as alice"
    );
    assert_eq!(
        client(&hosts, &["deliver", "alice", &alice, "bob", &bob]),
        "delivered"
    );

    // Disabled in the directory: the registration goes within 30 s, and no new sign-in.
    let go = ws.path("go");
    let vm = hosts.host(VM);
    let mut watch = Hosts::command_in(&vm.ns, "python3")
        .arg(common::asset_test("common/sip_auth_client.py"))
        .args([
            vm.ip.as_str(),
            "5061",
            "lab.test",
            "disable-watch",
            "alice",
            &alice,
            "bob",
            &bob,
        ])
        .arg(&go)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 starts");
    let mut stdout = std::io::BufReader::new(watch.stdout.take().unwrap());
    let mut line = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut line).unwrap();
    assert_eq!(line.trim(), "ready", "the watcher did not get ready");
    hosts.wizard_ok(VM, &["users", "disable", "--identity", "alice"]);
    std::fs::write(&go, "").unwrap();
    let watched = common::wait_child(watch, common::CLIENT_LIMIT);
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    assert!(
        watched.status.success(),
        "{rest}\n{}",
        String::from_utf8_lossy(&watched.stderr)
    );
    let seconds: u64 = rest
        .trim()
        .strip_prefix("gone after ")
        .and_then(|s| s.strip_suffix(" s"))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("the watcher said {rest:?}"));
    assert!(seconds <= 30, "gone after {seconds} s");
    assert_eq!(
        client(&hosts, &["register", "alice", &alice]),
        "SIP/2.0 401 Unauthorized"
    );

    // No directory or SIP password in a log, a command line or a process environment; the
    // LDAP session file is not world-readable.
    let data = &hosts.host(VM).data;
    for secret in [slapd::ADMIN_PASSWORD, alice.as_str(), bob.as_str()] {
        for file in walk(data) {
            let path = file.display().to_string();
            let bytes = std::fs::read(&file).unwrap_or_default();
            if !String::from_utf8_lossy(&bytes).contains(secret) {
                continue;
            }
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
            assert!(
                secret == slapd::ADMIN_PASSWORD
                    && (path.ends_with("/conf/ldap.cfg") || path.contains("/replica/"))
                    && mode & 0o007 == 0,
                "{path} ({mode:o}) holds a secret"
            );
        }
        for entry in std::fs::read_dir("/proc").unwrap().flatten() {
            for part in ["cmdline", "environ"] {
                let bytes = std::fs::read(entry.path().join(part)).unwrap_or_default();
                assert!(
                    !String::from_utf8_lossy(&bytes).contains(secret),
                    "{}/{part} holds a secret",
                    entry.path().display()
                );
            }
        }
    }

    // Ten wrong passwords from an address: it waits a minute, even with the right one.
    assert!(
        client(&hosts, &["lockout", "bob", &bob])
            .starts_with("SIP/2.0 403 Too many failed sign-ins"),
        "the address is refused after ten failures"
    );
}
