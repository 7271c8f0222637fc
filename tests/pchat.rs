//! Persistent Chat deployed for real through the CLI, on loopback: a Standard Edition server
//! with its Persistent Chat pool collocated (the store and the compliance store in a PostgreSQL
//! cluster step 2 creates, rooms on Prosody). A real XMPP client (slixmpp, Debian's
//! python3-slixmpp) logs in over TLS as the lab accounts `pchat user add` created, posts to a
//! room and reads the history back after the services restart; policy decides who may join;
//! the compliance store archives every message; a file posted through the file share lands in
//! the file store and is served back; a PostgreSQL killed from outside shows as down (and the
//! chat service degraded) until step 4 restarts it, with nothing lost; bad store settings are
//! refused before anything changes; no secret reaches a log, an output or a readable file.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{StopServices, Workspace, pebble::free_port};

const ALICE: &str = "alice-correct-horse";
const BOB: &str = "bob-battery-staple";
const ADMIN: &str = "admin-tr0ub4dor-3";

struct Chat {
    ws: Workspace,
    domain: &'static str,
    client_port: u16,
    store_port: u16,
    standby_port: u16,
    topology: serde_json::Value,
}

/// The Standard Edition sample with a collocated Persistent Chat pool (compliance store and
/// disaster-recovery standby too) on free ports, published with a lab CA, step 1 done.
fn chat_server() -> Chat {
    let ws = Workspace::new();
    let ports = ws.standard_edition_with_chat_on_free_ports(true);
    Chat {
        ws,
        domain: "contoso.com",
        client_port: ports.client,
        store_port: ports.store,
        standby_port: ports.standby,
        topology: ports.topology,
    }
}

/// What the XMPP client said. Compared with its last line (the outcome); shown with everything
/// it printed, its stderr included, when a comparison fails.
struct Said {
    last: String,
    lines: Vec<String>,
    stderr: String,
}

impl PartialEq<&str> for Said {
    fn eq(&self, other: &&str) -> bool {
        self.last == *other
    }
}

impl std::fmt::Debug for Said {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:?} (lines before it: {:?}; the client's stderr:\n{})",
            self.last, self.lines, self.stderr
        )
    }
}

impl Chat {
    fn password_file(&self, name: &str, password: &str) -> PathBuf {
        let path = self.ws.write(name, &format!("{password}\n"));
        std::fs::set_permissions(&path, std::os::unix::fs::PermissionsExt::from_mode(0o600))
            .unwrap();
        path
    }

    /// What the XMPP client said: its last line, the lines before it, and its stderr.
    fn xmpp(&self, user: &str, password: &str, action: &[&str]) -> Said {
        let client = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/common/xmpp_client.py");
        let roots = self.ws.data().join("install/SipRegistrar/certs/roots.pem");
        let ran = common::run_outside(
            Command::new("/usr/bin/python3")
                .arg(client)
                .arg(self.client_port.to_string())
                .arg(roots)
                .arg(format!("{user}@{}", self.domain))
                .arg(password)
                .args(action),
            common::CLIENT_LIMIT,
        );
        let mut lines: Vec<String> = ran.stdout.lines().map(str::to_string).collect();
        let last = lines.pop().unwrap_or_default();
        Said {
            last,
            lines,
            stderr: ran.stderr,
        }
    }

    fn post(&self, user: &str, password: &str, room: &str, body: &str) -> Said {
        self.xmpp(user, password, &["post", room, body])
    }

    fn history(&self, user: &str, password: &str, room: &str) -> Vec<String> {
        let said = self.xmpp(user, password, &["history", room]);
        assert_eq!(said, "JOINED");
        said.lines
            .iter()
            .filter_map(|l| l.strip_prefix("HISTORY ").map(str::to_string))
            .collect()
    }

    /// A query on a database of the store, as the chat service's role.
    fn psql(&self, database: &str, query: &str) -> String {
        self.psql_on(self.store_port, database, query)
    }

    /// A query on the cluster listening on `port`, as the chat service's role.
    fn psql_on(&self, port: u16, database: &str, query: &str) -> String {
        let secret = std::fs::read_to_string(
            self.ws
                .data()
                .join("replica/protected/settings/pchat-store-secret"),
        )
        .unwrap();
        let ran = common::run_outside(
            Command::new("psql")
                .args(["-X", "-A", "-t", "-q", "-h", "127.0.0.1", "-p"])
                .arg(port.to_string())
                .args(["-U", "pchat", "-d", database, "-c", query])
                .env("PGPASSWORD", secret.trim()),
            common::CLIENT_LIMIT,
        );
        assert_eq!(ran.code, 0, "psql {query:?}: {ran}");
        ran.stdout.trim().to_string()
    }

    fn service(&self, name: &str) -> serde_json::Value {
        let status = self.ws.run(&["--json", "services", "status"]).ok().json();
        common::service(&status, name).clone()
    }

    fn checklist(&self, lang: &str) -> String {
        self.ws
            .run_env(
                &self.ws.data(),
                &["checklist", "persistent-chat"],
                &[("LANG", lang)],
            )
            .ok()
            .stdout
    }
}

fn task_states(ws: &Workspace) -> Vec<String> {
    let tasks = ws
        .run(&["--json", "checklist", "persistent-chat"])
        .ok()
        .json()["tasks"]
        .clone();
    tasks
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["state"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn persistent_chat_serves_rooms_from_its_store_under_policy() {
    let chat = chat_server();
    let ws = &chat.ws;

    // Before deployment: the programs are here, the topology has the pool; the rest is to do,
    // each task saying what to do, in English and in French.
    assert_eq!(
        task_states(ws),
        ["Done", "Done", "NotDone", "NotDone", "NotDone"]
    );
    let english = chat.checklist("en_US.UTF-8");
    assert!(
        english.contains("3. [Not done] Deploy Persistent Chat Server on every Persistent Chat server\n   Run steps 1 to 4 on se01.contoso.com"),
        "{english}"
    );
    assert!(
        english.contains("4. [Not done] Create a Persistent Chat administrator\n   No Persistent Chat administrator yet: add one."),
        "{english}"
    );
    let french = chat.checklist("fr_FR.UTF-8");
    assert!(
        french.contains("5. [Non fait] Configurer les utilisateurs (stratégie) et les paramètres\n   Conversation permanente est désactivée par défaut"),
        "{french}"
    );
    assert!(
        french.contains(
            "se01.contoso.com (associé à se01.contoso.com ; magasin colocalisé, base mgc)"
        ),
        "{french}"
    );

    // Steps 2 to 4.
    let setup = ws.run(&["components", "setup"]).ok();
    assert!(
        setup
            .stdout
            .contains("Installed: PersistentChat, PersistentChatStandby, PersistentChatStore, SipRegistrar, WebServices"),
        "{}",
        setup.stdout
    );
    ws.request_front_end_certificates();
    ws.request_oauth_certificate();
    let _stop = StopServices(ws);
    let started = ws.run(&["services", "start"]);
    if started.code != 0 {
        let run = started
            .stderr
            .rsplit(' ')
            .next()
            .unwrap()
            .trim()
            .to_string();
        panic!(
            "{}\n{}",
            started.stderr,
            ws.run(&["logs", "show", &run]).stdout
        );
    }
    assert!(
        started
            .stdout
            .starts_with("Started pchat-store, pchat-standby, pchat,"),
        "the store starts before its standby and the chat service: {}",
        started.stdout
    );
    let store = chat.service("pchat-store");
    assert_eq!(store["healthy"], true, "{store}");
    let pchat = chat.service("pchat");
    assert_eq!(pchat["healthy"], true, "{pchat}");
    assert_eq!(pchat["ports"][0]["matches"], true, "{pchat}");
    // Prosody and PostgreSQL run as their own users, the chat service's key readable by its
    // group only, the store's data directory its owner's alone.
    if deploy_wizard::process::running_as_root() {
        use std::os::unix::fs::MetadataExt;
        let prosody = deploy_wizard::process::system_account("prosody").unwrap();
        let key = ws.data().join("install/PersistentChat/certs/chat.key");
        let meta = std::fs::metadata(&key).unwrap();
        assert_eq!((meta.mode() & 0o777, meta.gid()), (0o640, prosody.gid));
        let uid = |pid: &serde_json::Value| {
            std::fs::metadata(format!("/proc/{}", pid.as_u64().unwrap()))
                .unwrap()
                .uid()
        };
        assert_eq!(uid(&pchat["pid"]), prosody.uid);
        let postgres = deploy_wizard::process::system_account("postgres").unwrap();
        assert_eq!(uid(&store["pid"]), postgres.uid);
        let data = std::fs::metadata(ws.data().join("install/PersistentChatStore/data")).unwrap();
        assert_eq!((data.mode() & 0o777, data.uid()), (0o700, postgres.uid));
    }

    // Lab accounts, an administrator, and a policy that enables alice only.
    for (user, password) in [("alice", ALICE), ("bob", BOB), ("admin", ADMIN)] {
        let file = chat.password_file(&format!("{user}.pw"), password);
        let added = ws
            .run(&[
                "pchat",
                "user",
                "add",
                &format!("sip:{user}@contoso.com"),
                "--password-file",
                file.to_str().unwrap(),
            ])
            .ok();
        assert!(
            added
                .stdout
                .contains("This server's Persistent Chat service took the change"),
            "{}",
            added.stdout
        );
    }
    ws.run(&["pchat", "admin", "add", "sip:admin@contoso.com"])
        .ok();
    ws.run(&[
        "pchat",
        "policy",
        "set",
        "--scope",
        "user:sip:alice@contoso.com",
        "--enabled",
        "true",
    ])
    .ok();
    let shown = ws.run(&["pchat", "policy", "show"]).ok().stdout;
    assert!(
        shown.contains("Pool se01.contoso.com (site Lab): enabled: sip:alice@contoso.com; not enabled: sip:admin@contoso.com, sip:bob@contoso.com"),
        "{shown}"
    );

    // alice logs in over TLS, creates a room and posts; the wrong password and an unknown
    // user do not log in; bob, not enabled, may neither join nor create a room.
    let room = "design@se01.contoso.com";
    assert_eq!(chat.post("alice", ALICE, room, "first message"), "POSTED 1");
    assert_eq!(
        chat.post("alice", "not-her-password", room, "x"),
        "AUTH-FAILED"
    );
    assert_eq!(
        chat.post("carol", "carol-password", room, "x"),
        "AUTH-FAILED"
    );
    assert_eq!(chat.post("bob", BOB, room, "x"), "REFUSED forbidden");
    assert_eq!(
        chat.post("bob", BOB, "bobs-own@se01.contoso.com", "x"),
        "REFUSED forbidden"
    );
    // Enabled at user scope, bob may; disabled globally, his user scope still wins.
    ws.run(&[
        "pchat",
        "policy",
        "set",
        "--scope",
        "user:bob@contoso.com",
        "--enabled",
        "true",
    ])
    .ok();
    ws.run(&[
        "pchat",
        "policy",
        "set",
        "--scope",
        "global",
        "--enabled",
        "false",
    ])
    .ok();
    assert_eq!(chat.post("bob", BOB, room, "bob was let in"), "POSTED 1");
    // The administrator administers every room, enabled or not.
    assert_eq!(chat.post("admin", ADMIN, room, "admin here"), "POSTED 1");

    // The compliance store holds every message, with who posted it.
    let archived = chat.psql(
        "mgccomp",
        "SELECT sender || ' ' || body FROM pchat_compliance ORDER BY id",
    );
    assert_eq!(
        archived,
        "alice@contoso.com first message\nbob@contoso.com bob was let in\nadmin@contoso.com admin here"
    );

    // The disaster-recovery standby (a second cluster on another port here) replays what the
    // store writes: a message posted is there within a second, and Service Status shows how
    // far behind its primary it is.
    assert_eq!(chat.post("alice", ALICE, room, "replicated"), "POSTED 1");
    let query = "SELECT count(*) FROM prosodyarchive WHERE value LIKE '%>replicated<%'";
    let posted = std::time::Instant::now();
    while chat.psql_on(chat.standby_port, "mgc", query) != "1" {
        assert!(
            posted.elapsed() < std::time::Duration::from_secs(1),
            "the standby does not have the message after a second"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let standby = chat.service("pchat-standby");
    assert_eq!(standby["healthy"], true, "{standby}");
    assert!(standby["replication_lag"].is_u64(), "{standby}");
    let shown = ws.run(&["services", "status"]).ok().stdout;
    assert!(
        shown.contains("pchat-standby (PersistentChatStandby): running, healthy, standby "),
        "{shown}"
    );

    // A file posted through the chat service's file sharing lands in the file store and is
    // served back.
    let notes = ws.write("notes.txt", "minutes of the design review\n");
    let uploaded = chat.xmpp(
        "alice",
        ALICE,
        &["upload", notes.to_str().unwrap(), "se01.contoso.com"],
    );
    assert_eq!(uploaded, "DONE");
    let sent = uploaded
        .lines
        .iter()
        .find_map(|l| l.strip_prefix("SENT "))
        .unwrap_or_else(|| panic!("{uploaded:?}"));
    assert!(
        uploaded.lines.contains(&format!("DOWNLOADED {sent}")),
        "{uploaded:?}"
    );
    let stored = walk(&ws.data().join("install/PersistentChat/files"));
    assert!(
        stored
            .iter()
            .any(|f| std::fs::read(f).unwrap() == b"minutes of the design review\n"),
        "{stored:?}"
    );

    // After a restart the room and its history are still there, and in the store.
    ws.run(&["services", "stop"]).ok();
    ws.run(&["services", "start"]).ok();
    assert_eq!(
        chat.history("alice", ALICE, room),
        [
            "first message",
            "bob was let in",
            "admin here",
            "replicated"
        ]
    );
    assert_eq!(
        chat.psql(
            "mgc",
            "SELECT count(*) FROM prosodyarchive WHERE \"user\" = 'design' AND store = 'muc_log'"
        ),
        "4"
    );
    let rows: u32 = chat
        .psql(
            "mgc",
            "SELECT count(*) FROM prosody WHERE \"user\" = 'design' AND store = 'config'",
        )
        .parse()
        .unwrap();
    assert!(rows > 0, "the room's configuration is in the store");

    // A new Default certificate: Prosody rereads it on SIGHUP (no restart: the same process),
    // and the reload is done once its TLS port presents it.
    let before = chat.service("pchat");
    ws.run(&["cert", "request", "--type", "Default", "--assign"])
        .ok();
    let after = chat.service("pchat");
    assert_eq!(after["pid"], before["pid"], "reloaded, not restarted");
    assert_eq!(after["ports"][0]["matches"], true, "{after}");
    assert_ne!(
        after["ports"][0]["presented"], before["ports"][0]["presented"],
        "{after}"
    );
    assert_eq!(
        chat.post("bob", BOB, room, "after the new certificate"),
        "POSTED 1"
    );

    // The checklist now reads everything done.
    ws.run(&["services", "start"]).ok();
    assert_eq!(task_states(ws), ["Done", "Done", "Done", "Done", "Done"]);
    let english = chat.checklist("en_US.UTF-8");
    assert!(
        english.contains(
            "Policy enables Persistent Chat at user:sip:alice@contoso.com, user:sip:bob@contoso.com."
        ),
        "the global entry is disabled, so not named: {english}"
    );
    let french = chat.checklist("fr_FR.UTF-8");
    assert!(
        french.contains("3. [Terminé] Déployer le serveur de Conversation permanente sur chaque serveur de Conversation permanente\n   Les étapes 1 à 4 sont terminées sur se01.contoso.com et ses services de Conversation permanente fonctionnent."),
        "{french}"
    );
    assert!(
        french.contains("Administrateurs de Conversation permanente : sip:admin@contoso.com."),
        "{french}"
    );

    // PostgreSQL killed from outside: the store is down and the chat service degraded; step 4
    // starts the store again and no room is lost.
    let pid = chat.service("pchat-store")["pid"].as_u64().unwrap();
    let exe = std::fs::read_link(format!("/proc/{pid}/exe")).unwrap();
    assert!(exe.ends_with("postgres"), "{}", exe.display());
    assert!(
        Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .unwrap()
            .success()
    );
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while chat.service("pchat-store")["running"] == true {
        assert!(std::time::Instant::now() < deadline, "the store still runs");
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let down = ws.run(&["services", "status"]).ok().stdout;
    assert!(
        down.contains("pchat-store (PersistentChatStore): not running"),
        "{down}"
    );
    assert!(
        down.contains("pchat (PersistentChat): running, degraded: its health check fails"),
        "{down}"
    );
    assert_eq!(
        chat.service("pchat")["healthy"],
        false,
        "degraded without its store"
    );
    let states = task_states(ws);
    assert_eq!(states[2], "NotDone");
    let checklist = chat.checklist("en_US.UTF-8");
    assert!(
        checklist.contains(
            "On se01.contoso.com, not running or not healthy: pchat-store, pchat-standby, pchat."
        ),
        "{checklist}"
    );
    let restarted = ws.run(&["services", "start"]).ok();
    assert!(
        restarted.stdout.contains("Started pchat-store"),
        "{}",
        restarted.stdout
    );
    assert_eq!(chat.service("pchat-store")["healthy"], true);
    assert_eq!(
        chat.history("bob", BOB, room),
        [
            "first message",
            "bob was let in",
            "admin here",
            "replicated",
            "after the new certificate"
        ]
    );

    // No secret in any run log, output or file others may read.
    let secret = std::fs::read_to_string(
        ws.data()
            .join("replica/protected/settings/pchat-store-secret"),
    )
    .unwrap()
    .trim()
    .to_string();
    assert_eq!(secret.len(), 64);
    let logs = walk(&ws.data().join("logs"));
    assert!(!logs.is_empty());
    for file in walk(&ws.data()).into_iter().chain(walk(&ws.path("cms"))) {
        let bytes = std::fs::read(&file).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        for needle in [ALICE, BOB, ADMIN] {
            assert!(!text.contains(needle), "a password in {}", file.display());
        }
        let readable = std::os::unix::fs::PermissionsExt::mode(
            &std::fs::metadata(&file).unwrap().permissions(),
        ) & 0o004
            != 0;
        let in_logs = file.starts_with(ws.data().join("logs"));
        if readable || in_logs {
            assert!(
                !text.contains(&secret),
                "the store secret in {}",
                file.display()
            );
        }
    }
}

/// The lab (`cms init --lab`): its Standard Edition server is also its Persistent Chat server,
/// on the lab's fixed ports. Steps 1–4 by the CLI, then a lab account logs in and posts.
#[test]
fn the_lab_deploys_its_persistent_chat_server() {
    let ws = Workspace::lab();
    let chat = Chat {
        ws,
        domain: "lab.test",
        client_port: 5222,
        store_port: deploy_wizard::topology::LAB_CHAT_STORE_PORT,
        standby_port: 0,
        topology: serde_json::Value::Null,
    };
    let ws = &chat.ws;
    let setup = ws.run(&["components", "setup"]).ok();
    assert!(
        setup
            .stdout
            .contains("Installed: PersistentChat, PersistentChatStore, SipRegistrar, WebServices"),
        "{}",
        setup.stdout
    );
    ws.request_front_end_certificates();
    ws.request_oauth_certificate();
    let _stop = StopServices(ws);
    ws.run(&["services", "start"]).ok();
    let file = chat.password_file("alice.pw", ALICE);
    ws.run(&[
        "pchat",
        "user",
        "add",
        "sip:alice@lab.test",
        "--password-file",
        file.to_str().unwrap(),
    ])
    .ok();
    ws.run(&["pchat", "admin", "add", "sip:alice@lab.test"])
        .ok();
    ws.run(&[
        "pchat",
        "policy",
        "set",
        "--scope",
        "site:Lab",
        "--enabled",
        "true",
    ])
    .ok();
    ws.run(&["services", "start"]).ok();
    assert_eq!(
        chat.post("alice", ALICE, "lobby@vm.lab.test", "hello lab"),
        "POSTED 1"
    );
    assert_eq!(
        chat.psql(
            "mgc",
            "SELECT count(*) FROM prosodyarchive WHERE \"user\" = 'lobby'"
        ),
        "1"
    );
    assert_eq!(task_states(ws), ["Done", "Done", "Done", "Done", "Done"]);
    let status = ws.run(&["--json", "status"]).ok().json();
    for step in 1..=4 {
        assert_eq!(common::step_status(&status, step), "Complete", "{status}");
    }
}

#[test]
fn bad_store_settings_are_refused_and_the_service_keeps_running() {
    let chat = chat_server();
    let ws = &chat.ws;
    ws.run(&["components", "setup"]).ok();
    ws.request_front_end_certificates();
    let _stop = StopServices(ws);
    ws.run(&["services", "start"]).ok();
    let before = chat.service("pchat")["pid"].clone();

    // A store on a server whose name resolves nowhere, then on a port nothing listens on.
    let mut topology = chat.topology.clone();
    let store = &mut topology["sites"][0]["pools"][1]["persistent_chat"]["store"];
    store["server"] = "nosuchhost.invalid".into();
    // On Standard Edition the store must be collocated: the topology is refused outright.
    let file = ws.write("remote.json", &topology.to_string());
    let refused = ws
        .run(&["topology", "validate", file.to_str().unwrap()])
        .expect_code(2);
    assert!(
        refused.stderr.contains("persistent_chat.store.server: on Standard Edition the Persistent Chat databases are collocated on se01.contoso.com"),
        "{}",
        refused.stderr
    );
    // A Persistent Chat pool of its own (an Enterprise deployment) may name a store server:
    // step 2 on its server checks the store answers before it changes anything.
    let mut topology = chat.topology.clone();
    {
        let pools = topology["sites"][0]["pools"].as_array_mut().unwrap();
        pools[0]["edition"] = "Enterprise".into();
        pools[0]["fqdn"] = "pool.contoso.com".into();
        pools[0]["servers"] = serde_json::json!([{ "fqdn": "fe01.contoso.com" }]);
        pools[1]["fqdn"] = "pchat.contoso.com".into();
        pools[1]["associated_pool"] = "pool.contoso.com".into();
        let settings = pools[1]["persistent_chat"].as_object_mut().unwrap();
        settings.remove("compliance_store");
        settings.remove("disaster_recovery_store");
    }
    for (server, port, says) in [
        (
            "nosuchhost.invalid",
            5432,
            "PersistentChat: the name nosuchhost.invalid does not resolve",
        ),
        (
            "sql01.contoso.com",
            free_port(),
            "PersistentChat: the Persistent Chat store sql01.contoso.com:",
        ),
    ] {
        topology["sites"][0]["pools"][1]["persistent_chat"]["store"] =
            serde_json::json!({ "server": server, "port": port, "database": "mgc" });
        let file = ws.write("remote.json", &topology.to_string());
        ws.republish(&ws.path("cms"), &file);
        // sql01 is on loopback (where nothing listens on the port chosen).
        let hosts = ws.write("hosts", "127.0.0.1 sql01.contoso.com\n");
        let refused = ws
            .run_env(
                &ws.data(),
                &["components", "setup"],
                &[("DEPLOY_WIZARD_HOSTS", hosts.to_str().unwrap())],
            )
            .expect_code(2);
        assert!(refused.stderr.contains(says), "{}", refused.stderr);
        assert_eq!(
            chat.service("pchat")["pid"],
            before,
            "the deployed chat service runs as it was"
        );
        assert_eq!(chat.service("pchat-store")["running"], true);
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return files;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let kind = entry.file_type().unwrap();
        if kind.is_dir() {
            // The store's own data is PostgreSQL's (its files hold verifiers, not secrets).
            if path.ends_with("install/PersistentChatStore/data") {
                continue;
            }
            files.extend(walk(&path));
        } else if kind.is_file() {
            files.push(path);
        }
    }
    files
}

/// Every variable a secret may be given to the wizard in, with a value no program would hold
/// by chance.
const SECRET_VARIABLES: [&str; 4] = [
    "DEPLOY_WIZARD_EXPORT_PASSWORD",
    "DEPLOY_WIZARD_PFX_PASSWORD",
    "DEPLOY_WIZARD_EAB_HMAC",
    "DEPLOY_WIZARD_PASSWORD",
];
const SECRET_VALUE: &str = "sEcReT-in-the-wizards-environment-5c1e";

/// The pids whose environment holds `needle` (every process this test may read).
fn environments_holding(needle: &str) -> Vec<(u32, String)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|n| n.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(environ) = std::fs::read(format!("/proc/{pid}/environ")) else {
            continue;
        };
        if String::from_utf8_lossy(&environ).contains(needle) {
            let exe = std::fs::read_link(format!("/proc/{pid}/exe"))
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            found.push((pid, exe));
        }
    }
    found
}

/// Secrets given to the wizard in its environment (export, PFX, EAB passwords) reach no
/// process it starts: PostgreSQL (store and standby), Prosody, Kamailio, nginx and the renewal
/// failure hook all start with a cleared environment plus an explicit list.
#[test]
fn no_secret_in_the_wizards_environment_reaches_a_service_or_the_hook() {
    let chat = chat_server();
    let ws = &chat.ws;
    ws.run(&["components", "setup"]).ok();
    ws.request_front_end_certificates();
    ws.request_oauth_certificate();
    let _stop = StopServices(ws);
    let secrets: Vec<(&str, &str)> = SECRET_VARIABLES
        .iter()
        .map(|v| (*v, SECRET_VALUE))
        .collect();
    ws.run_env(&ws.data(), &["services", "start"], &secrets)
        .ok();
    let status = ws.run(&["--json", "services", "status"]).ok().json();
    let services = status["services"].as_array().expect("services");
    let pids: Vec<u64> = services.iter().filter_map(|s| s["pid"].as_u64()).collect();
    assert!(
        services.len() >= 5 && pids.len() == services.len(),
        "every service runs: {status}"
    );
    // The services' own processes are readable by the test (root, or the same user): each one
    // is looked at, and no process at all holds the value.
    for pid in &pids {
        let environ = std::fs::read(format!("/proc/{pid}/environ"))
            .unwrap_or_else(|e| panic!("the environment of service pid {pid}: {e}"));
        assert!(!environ.is_empty(), "service pid {pid} has an environment");
    }
    assert_eq!(environments_holding(SECRET_VALUE), Vec::new());

    // The failure hook: it dumps its whole environment; a renewal that cannot deploy fails.
    let dump = ws.path("hook-environment");
    ws.run(&[
        "renewal",
        "hook",
        "--on-failure",
        &format!("env > {}", dump.display()),
    ])
    .ok();
    // nginx's temporary directory replaced by a file from outside: the renewed certificate
    // cannot be deployed, the renewal fails and runs the hook.
    let temporary = ws.data().join("install/WebServices/tmp");
    std::fs::remove_dir_all(&temporary).unwrap();
    std::fs::write(&temporary, "not a directory").unwrap();
    let failed = ws.run_env(
        &ws.data(),
        &["cert", "renew", "--type", "WebServicesInternal", "--force"],
        &secrets,
    );
    assert_eq!(failed.code, 1, "{failed}");
    let environment = std::fs::read_to_string(&dump).expect("the hook ran");
    assert!(
        environment.contains("DEPLOY_WIZARD_RENEWAL_USAGES="),
        "{environment}"
    );
    for variable in SECRET_VARIABLES {
        assert!(!environment.contains(variable), "{environment}");
    }
    assert!(!environment.contains(SECRET_VALUE), "{environment}");
}

/// A step killed while it started Prosody leaves Prosody running with no pid file and no
/// record: the next step 4 finds it by the port it holds (its own program, for its own install
/// directory), stops it and starts the service it then owns, instead of failing on a busy
/// port forever.
#[test]
fn a_daemon_left_without_a_pid_file_is_found_again_and_replaced() {
    let chat = chat_server();
    let ws = &chat.ws;
    ws.run(&["components", "setup"]).ok();
    ws.request_front_end_certificates();
    ws.request_oauth_certificate();
    let _stop = StopServices(ws);
    ws.run(&["services", "start"]).ok();
    let before = chat.service("pchat")["pid"].as_u64().expect("prosody runs");
    // What the killed step leaves: the daemon, without its pid file or its record.
    let install = ws.data().join("install/PersistentChat");
    std::fs::remove_file(install.join("run/pchat.pid")).unwrap();
    for record in std::fs::read_dir(install.join(".wizard"))
        .unwrap()
        .flatten()
    {
        std::fs::remove_file(record.path()).unwrap();
    }
    assert_eq!(chat.service("pchat")["running"], false);

    ws.run(&["services", "start"]).ok();
    let log = ws.run(&["logs", "show", "last"]).ok().stdout;
    assert!(
        log.contains("no pid file or record") && log.contains(&before.to_string()),
        "{log}"
    );
    let after = chat.service("pchat");
    assert_eq!(after["running"], true, "{after}");
    assert_ne!(
        after["pid"].as_u64(),
        Some(before),
        "a new Prosody owns the port"
    );
    // Gone (a zombie waiting for its parent, which is not the wizard, has ended too).
    assert!(
        std::fs::read_to_string(format!("/proc/{before}/stat"))
            .map(|stat| stat.contains(") Z "))
            .unwrap_or(true),
        "the old one is gone"
    );

    // The same left behind again, and a stop: nothing of it stays running (found by its
    // program and install directory, not by a port).
    let orphan = after["pid"].as_u64().unwrap();
    std::fs::remove_file(install.join("run/pchat.pid")).unwrap();
    for record in std::fs::read_dir(install.join(".wizard"))
        .unwrap()
        .flatten()
    {
        std::fs::remove_file(record.path()).unwrap();
    }
    ws.run(&["services", "stop"]).ok();
    let log = ws.run(&["logs", "show", "last"]).ok().stdout;
    assert!(log.contains(&format!("ending it (pids {orphan}")), "{log}");
    assert!(
        std::fs::read_to_string(format!("/proc/{orphan}/stat"))
            .map(|stat| stat.contains(") Z "))
            .unwrap_or(true),
        "the orphan is gone after services stop"
    );
}

/// A store whose own stop command fails (pg_ctl on a postmaster.pid it cannot read) is still
/// stopped: the wizard signals the process it verified, and says why.
#[test]
fn a_store_whose_stop_command_fails_is_still_stopped() {
    let chat = chat_server();
    let ws = &chat.ws;
    ws.run(&["components", "setup"]).ok();
    ws.request_front_end_certificates();
    ws.request_oauth_certificate();
    let _stop = StopServices(ws);
    ws.run(&["services", "start"]).ok();
    let store = chat.service("pchat-store")["pid"]
        .as_u64()
        .expect("the store runs");
    let postmaster = ws
        .data()
        .join("install/PersistentChatStore/data/postmaster.pid");
    std::fs::write(&postmaster, "not a pid\n").unwrap();
    ws.run(&["services", "stop"]).ok();
    let log = ws.run(&["logs", "show", "last"]).ok().stdout;
    assert!(log.contains("its stop command failed"), "{log}");
    assert_eq!(chat.service("pchat-store")["running"], false);
    assert!(
        std::fs::read_to_string(format!("/proc/{store}/stat"))
            .map(|stat| stat.contains(") Z "))
            .unwrap_or(true),
        "the store's process is gone"
    );
}
