//! The Enterprise sample's Edge server deployed beside its Front End on one machine (each with
//! its own data dir, both from the same CMS): a user registers through the Access Edge's
//! external port and exchanges MESSAGEs with a user registered directly on the Front End; the
//! Edge relays over its internal TLS leg and the Front End reaches the outside user back along
//! the registration's Path.

mod common;

use std::path::PathBuf;

use common::pebble::free_port;
use common::sip::Agent;
use common::{StopServicesIn, Workspace, asset};

/// The Enterprise sample on free loopback ports, its CMS with a lab CA, and a hosts file naming
/// every server and pool 127.0.0.1.
struct Enterprise {
    ws: Workspace,
    cms: PathBuf,
    hosts: PathBuf,
    fe_sip: u16,
    access: u16,
    edge_internal: u16,
    webconf: u16,
    av: u16,
    turn_udp: u16,
    director_sip: u16,
}

impl Enterprise {
    fn new() -> Enterprise {
        let ws = Workspace::new();
        // The workspace (a 0700 temporary directory) lets service users through.
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(ws.dir.path(), std::fs::Permissions::from_mode(0o711))
                .unwrap();
        }
        let (fe_sip, web_int, web_ext) = (free_port(), free_port(), free_port());
        let (access, edge_internal, webconf, av, turn_udp) = (
            free_port(),
            free_port(),
            free_port(),
            free_port(),
            free_port(),
        );
        let director_sip = free_port();
        let mut topology: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(asset("topology/enterprise.json")).unwrap(),
        )
        .unwrap();
        let pools = topology["sites"][0]["pools"].as_array_mut().unwrap();
        for pool in pools {
            match pool["kind"].as_str().unwrap() {
                "FrontEnd" => {
                    pool["sip_port"] = fe_sip.into();
                    pool["web_services"]["internal_port"] = web_int.into();
                    pool["web_services"]["external_port"] = web_ext.into();
                }
                "Edge" => {
                    let edge = &mut pool["edge"];
                    edge["access_port"] = access.into();
                    edge["internal_port"] = edge_internal.into();
                    edge["webconf_port"] = webconf.into();
                    edge["av_port"] = av.into();
                    edge["turn_udp_port"] = turn_udp.into();
                }
                _ => {}
            }
        }
        // A Director pool in front of the Front End pool.
        topology["sites"][0]["pools"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({
                "fqdn": "dir01.contoso.com",
                "kind": "Director",
                "servers": [{ "fqdn": "dir01.contoso.com" }],
                "sip_port": director_sip,
                "associated_pool": "pool01.contoso.com",
                "web_services": {
                    "internal_fqdn": "dir01.contoso.com",
                    "external_fqdn": "webdir01.contoso.com",
                    "internal_port": free_port(),
                    "external_port": free_port()
                }
            }));
        topology.as_object_mut().unwrap().remove("$schema");
        let file = ws.write("enterprise.json", &topology.to_string());
        let cms = ws.cms_with("cms", &file);
        ws.run(&[
            "cms",
            "ca",
            "create",
            "--cms",
            cms.to_str().unwrap(),
            "--name",
            "Lab CA",
        ])
        .ok();
        let hosts = ws.write(
            "hosts",
            // fe02 and fe03, the pool's other servers, are not deployed here: their addresses
            // only let fe01 name its registration peers.
            "127.0.0.1 pool01.contoso.com fe01.contoso.com edge01.contoso.com edgepool01.contoso.com dir01.contoso.com\n127.0.0.2 fe02.contoso.com\n127.0.0.3 fe03.contoso.com\n",
        );
        Enterprise {
            ws,
            cms,
            hosts,
            fe_sip,
            access,
            edge_internal,
            webconf,
            av,
            turn_udp,
            director_sip,
        }
    }

    /// Runs the binary as `server`, with its own data dir.
    fn on(&self, server: &str, args: &[&str]) -> common::Ran {
        self.on_with(server, args, &[])
    }

    /// Like `on`, with more environment (`DEPLOY_WIZARD_LISTEN_ADDRESS` empty: every address).
    fn on_with(&self, server: &str, args: &[&str], env: &[(&str, &str)]) -> common::Ran {
        let data = self.data(server);
        let mut all = vec![
            ("DEPLOY_WIZARD_FQDN", server),
            ("DEPLOY_WIZARD_HOSTS", self.hosts.to_str().unwrap()),
        ];
        all.extend_from_slice(env);
        self.ws.run_env(&data, args, &all)
    }

    fn data(&self, server: &str) -> PathBuf {
        self.ws.path(server)
    }

    /// Steps 1–4 on `server`, with one lab CA certificate for each group of usages.
    fn deploy(&self, server: &str, certificates: &[&str]) {
        self.deploy_with(server, certificates, &[]);
    }

    /// Like `deploy`, with more environment.
    fn deploy_with(&self, server: &str, certificates: &[&str], env: &[(&str, &str)]) {
        // A failed step shows its run log (what the programs it ran printed).
        let on = |args: &[&str]| {
            let ran = self.on_with(server, args, env);
            if ran.code != 0 {
                let log = self.on_with(server, &["logs", "show", "last"], env);
                panic!("{server}: {args:?}: {ran}\nrun log:\n{}", log.stdout);
            }
        };
        on(&["store", "install", "--from-cms", self.cms.to_str().unwrap()]);
        on(&["components", "setup"]);
        for usages in certificates {
            on(&["cert", "request", "--type", usages, "--assign"]);
        }
        on(&["services", "start"]);
    }
}

#[test]
fn an_outside_user_registers_through_the_access_edge_and_messages_a_front_end_user() {
    let lab = Enterprise::new();
    let _fe = StopServicesIn(&lab.ws, lab.data("fe01.contoso.com"));
    let _edge = StopServicesIn(&lab.ws, lab.data("edge01.contoso.com"));
    lab.deploy(
        "fe01.contoso.com",
        &["Default,WebServicesInternal,WebServicesExternal"],
    );
    // The TURN secret, published from the Front End (which writes the CMS) before the Edge's
    // step 1 brings it there.
    lab.on("fe01.contoso.com", &["edge", "secret-rotate"]).ok();
    lab.deploy(
        "edge01.contoso.com",
        &[
            "Internal",
            "AccessEdgeExternal",
            "AudioVideoAuthentication",
            "DataEdgeExternal",
        ],
    );

    let status = lab
        .on("edge01.contoso.com", &["--json", "services", "status"])
        .ok()
        .json();
    let edge = common::service(&status, "access-edge");
    assert_eq!(edge["running"], true, "{status}");
    assert_eq!(edge["healthy"], true, "{status}");
    for port in edge["ports"].as_array().unwrap() {
        assert_eq!(port["matches"], true, "{status}");
    }

    // Alice is outside: she reaches the pool through the Edge's external port only.
    let mut alice = Agent::connect(lab.access, "alice", "contoso.com");
    assert_eq!(alice.register(), "SIP/2.0 200 OK");
    let mut bob = Agent::connect(lab.fe_sip, "bob", "contoso.com");
    assert_eq!(bob.register(), "SIP/2.0 200 OK");

    alice.deliver(&mut bob, "hello from outside");
    bob.deliver(&mut alice, "hello from inside");

    // The external leg serves only the topology's domains; the internal leg starts nothing.
    let mut eve = Agent::connect(lab.access, "eve", "example.org");
    assert!(eve.register().starts_with("SIP/2.0 403"));
    // The internal leg admits only pool servers with a trusted certificate (mutual TLS): a
    // client without one gets no SIP answer at all.
    let mut inside = Agent::connect(lab.edge_internal, "mallory", "contoso.com");
    assert_eq!(inside.try_register(), None);
    // TURN/STUN over UDP on the A/V Edge's UDP port.
    assert!(common::turn::stun_binding_udp(lab.turn_udp));

    // The web conferencing edge presents DataEdgeExternal and proxies to the pool's external
    // web services: its health is the pool's /health page, fetched through it.
    let webconf = common::service(&status, "webconf-edge");
    assert_eq!(webconf["running"], true, "{status}");
    assert_eq!(webconf["healthy"], true, "{status}");
    assert_eq!(webconf["ports"][0]["usage"], "DataEdgeExternal");
    assert_eq!(webconf["ports"][0]["matches"], true, "{status}");
    assert_eq!(webconf["ports"][0]["port"], lab.webconf);
}

#[test]
fn a_turn_allocation_needs_a_fresh_credential_from_the_shared_secret() {
    use common::turn::{Allocation, allocate};
    use deploy_wizard::data_dir::DataDir;
    let lab = Enterprise::new();
    let _fe = StopServicesIn(&lab.ws, lab.data("fe01.contoso.com"));
    let _edge = StopServicesIn(&lab.ws, lab.data("edge01.contoso.com"));
    let fe = "fe01.contoso.com";
    lab.on(
        fe,
        &["store", "install", "--from-cms", lab.cms.to_str().unwrap()],
    )
    .ok();
    // Before any secret: no credential, and the A/V Edge's step 2 says what to do.
    lab.on(
        fe,
        &["edge", "credentials", "--user", "sip:alice@contoso.com"],
    )
    .refused("edge secret-rotate");
    let rotated = lab.on(fe, &["edge", "secret-rotate"]).ok();
    lab.deploy(
        "edge01.contoso.com",
        &[
            "Internal",
            "AccessEdgeExternal",
            "AudioVideoAuthentication",
            "DataEdgeExternal",
        ],
    );

    let issued = lab
        .on(
            fe,
            &[
                "--json",
                "edge",
                "credentials",
                "--user",
                "sip:alice@contoso.com",
                "--ttl",
                "600",
            ],
        )
        .ok();
    let credential = issued.json();
    let (username, password) = (
        credential["username"].as_str().unwrap(),
        credential["password"].as_str().unwrap(),
    );
    // As root, every key an Edge service reads itself is 0640 and group-owned by its user.
    if deploy_wizard::process::running_as_root() {
        use std::os::unix::fs::MetadataExt;
        let edge = lab.data("edge01.contoso.com").join("install");
        for (key, user) in [
            ("AvEdge/certs/av.key", "turnserver"),
            ("AccessEdge/certs/access.key", "kamailio"),
            ("AccessEdge/certs/internal.key", "kamailio"),
        ] {
            let account = deploy_wizard::process::system_account(user).unwrap();
            let meta = std::fs::metadata(edge.join(key)).unwrap();
            assert_eq!(meta.mode() & 0o777, 0o640, "{key}");
            assert_eq!(meta.gid(), account.gid, "{key}");
        }
        // coturn itself runs as turnserver.
        let status = lab
            .on("edge01.contoso.com", &["--json", "services", "status"])
            .ok()
            .json();
        let pid = common::service(&status, "av-edge")["pid"].as_u64().unwrap();
        let uid = std::fs::read_to_string(format!("/proc/{pid}/status"))
            .unwrap()
            .lines()
            .find_map(|l| l.strip_prefix("Uid:"))
            .and_then(|v| v.split_whitespace().nth(1)?.parse::<u32>().ok())
            .unwrap();
        let turnserver = deploy_wizard::process::system_account("turnserver").unwrap();
        // Service Status's protocol check: a TURN Allocate with a credential it minted.
        assert_eq!(
            common::service(&status, "av-edge")["healthy"],
            true,
            "{status}"
        );
        assert_eq!(uid, turnserver.uid, "coturn's effective user");
        // The web conferencing edge's key is read by nginx's root master only.
        let meta = std::fs::metadata(edge.join("WebConfEdge/certs/webconf.key")).unwrap();
        assert_eq!(meta.mode() & 0o777, 0o600);
    }
    assert!(username.ends_with(":sip:alice@contoso.com"), "{username}");
    assert_eq!(
        allocate(lab.av, "av.contoso.com", username, password),
        Allocation::Allocated
    );
    // A forged password, and a credential signed right but expired.
    assert_eq!(
        allocate(
            lab.av,
            "av.contoso.com",
            username,
            "Zm9yZ2VkIGJ5IG1hbGxvcnk="
        ),
        Allocation::Refused(401)
    );
    let replica =
        deploy_wizard::store::LocalConfigurationStore::require(&DataDir::new(lab.data(fe)))
            .unwrap();
    let secret = replica
        .turn_secret()
        .unwrap()
        .expect("step 1 brought the secret");
    let now = time::OffsetDateTime::now_utc().unix_timestamp() as u64;
    let expired = deploy_wizard::integration::turn::credential(
        &secret,
        "sip:alice@contoso.com",
        60,
        now - 3600,
    );
    assert_eq!(
        allocate(
            lab.av,
            "av.contoso.com",
            &expired.username,
            &expired.password
        ),
        Allocation::Refused(401)
    );

    // The secret is in no output, no log and no file anyone but the owner can read.
    for output in [&rotated.stdout, &rotated.stderr, &issued.stdout] {
        assert!(!output.contains(&secret));
    }
    let mut holders = Vec::new();
    for server in [fe, "edge01.contoso.com"] {
        let logs = lab.on(server, &["logs", "show", "last"]).ok().stdout;
        assert!(!logs.contains(&secret));
        for file in walk(&lab.data(server)) {
            let Ok(text) = std::fs::read(&file) else {
                continue;
            };
            if text.windows(secret.len()).any(|w| w == secret.as_bytes()) {
                holders.push(file.clone());
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(&file).unwrap().permissions().mode();
                assert_eq!(
                    mode & 0o077,
                    0,
                    "{} holds the secret with mode {mode:o}",
                    file.display()
                );
                assert!(
                    !file.components().any(|c| c.as_os_str() == "logs"),
                    "{} is a log",
                    file.display()
                );
            }
        }
    }
    // The check above saw the secret where it must be: coturn's configuration.
    assert!(
        holders
            .iter()
            .any(|f| f.ends_with("AvEdge/conf/turnserver.conf")),
        "{holders:?}"
    );
}

#[test]
fn a_director_forwards_registrations_and_messages_to_its_front_end_pool() {
    let lab = Enterprise::new();
    let _fe = StopServicesIn(&lab.ws, lab.data("fe01.contoso.com"));
    let _director = StopServicesIn(&lab.ws, lab.data("dir01.contoso.com"));
    let web = "Default,WebServicesInternal,WebServicesExternal";
    lab.deploy("fe01.contoso.com", &[web]);
    lab.deploy("dir01.contoso.com", &[web]);
    let status = lab
        .on("dir01.contoso.com", &["--json", "services", "status"])
        .ok()
        .json();
    let director = common::service(&status, "sip-director");
    assert_eq!(director["healthy"], true, "{status}");
    assert_eq!(director["ports"][0]["matches"], true, "{status}");

    // Carol registers through the Director: the Front End keeps her registration.
    let mut carol = Agent::connect(lab.director_sip, "carol", "contoso.com");
    assert_eq!(carol.register(), "SIP/2.0 200 OK");
    let mut bob = Agent::connect(lab.fe_sip, "bob", "contoso.com");
    assert_eq!(bob.register(), "SIP/2.0 200 OK");
    carol.deliver(&mut bob, "via the director");
    bob.deliver(&mut carol, "back via the director");
    let mut eve = Agent::connect(lab.director_sip, "eve", "example.org");
    assert!(eve.register().starts_with("SIP/2.0 403"));
}

/// Every file under `dir`.
fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// Deployed with the default listen address (every address), the Access Edge presents each
/// port's own certificate (AccessEdgeExternal outside, Internal inside) and its internal port
/// refuses a TLS client without a certificate (openssl s_client), while an outside user still
/// registers through the external port.
#[test]
fn an_edge_on_every_address_keeps_its_internal_leg_mutual() {
    let lab = Enterprise::new();
    let _fe = StopServicesIn(&lab.ws, lab.data("fe01.contoso.com"));
    let _edge = StopServicesIn(&lab.ws, lab.data("edge01.contoso.com"));
    lab.deploy(
        "fe01.contoso.com",
        &["Default,WebServicesInternal,WebServicesExternal"],
    );
    lab.on("fe01.contoso.com", &["edge", "secret-rotate"]).ok();
    let every = [("DEPLOY_WIZARD_LISTEN_ADDRESS", "")];
    lab.deploy_with(
        "edge01.contoso.com",
        &[
            "Internal",
            "AccessEdgeExternal",
            "AudioVideoAuthentication",
            "DataEdgeExternal",
        ],
        &every,
    );
    let tls = std::fs::read_to_string(
        lab.data("edge01.contoso.com")
            .join("install/AccessEdge/conf/tls.cfg"),
    )
    .unwrap();
    assert!(!tls.contains("[server:0.0.0.0:"), "{tls}");
    assert!(
        tls.contains(&format!("[server:127.0.0.1:{}]", lab.edge_internal)),
        "{tls}"
    );
    let status = lab
        .on_with(
            "edge01.contoso.com",
            &["--json", "services", "status"],
            &every,
        )
        .ok()
        .json();
    let edge = common::service(&status, "access-edge");
    assert_eq!(edge["running"], true, "{status}");
    for port in edge["ports"].as_array().unwrap() {
        assert_eq!(
            port["matches"], true,
            "each port presents its usage: {status}"
        );
    }

    // openssl as a client without a certificate: the internal port ends the handshake.
    let roots = lab
        .data("edge01.contoso.com")
        .join("install/AccessEdge/certs/roots.pem");
    let probe = |port: u16| {
        let mut command = std::process::Command::new("sh");
        command.arg("-c").arg(format!(
            "printf 'OPTIONS sip:edgepool01.contoso.com SIP/2.0\\r\\n\\r\\n' | openssl s_client -connect 127.0.0.1:{port} -CAfile {} -verify_return_error -ign_eof",
            roots.display()
        ));
        common::run_outside(&mut command, common::CLIENT_LIMIT)
    };
    let inside = probe(lab.edge_internal);
    assert!(
        format!("{}{}", inside.stdout, inside.stderr).contains("certificate required")
            && !inside.stdout.contains("SIP/2.0"),
        "{inside}"
    );
    let outside = probe(lab.access);
    assert!(
        outside.stdout.contains("Verify return code: 0 (ok)"),
        "{outside}"
    );
    let mut mallory = Agent::connect(lab.edge_internal, "mallory", "contoso.com");
    assert_eq!(mallory.try_register(), None);
    let mut alice = Agent::connect(lab.access, "alice", "contoso.com");
    assert_eq!(alice.register(), "SIP/2.0 200 OK");
}
