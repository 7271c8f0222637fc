//! `cert renew` and the renewal schedule on the Standard Edition server (nginx and Kamailio on
//! loopback): a lab CA issuing 30-second certificates makes them due within the test; a
//! second, ordinary lab CA issues one that is not due.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{StopServices, Workspace, service};
use serde_json::Value;

fn renew(ws: &Workspace, args: &[&str]) -> common::Ran {
    let mut all = vec!["--json", "cert", "renew"];
    all.extend_from_slice(args);
    ws.run(&all)
}

fn actions(out: &Value) -> Vec<(String, String)> {
    out["certificates"]
        .as_array()
        .unwrap_or_else(|| panic!("{out}"))
        .iter()
        .map(|c| {
            (
                c["usages"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|u| u.as_str().unwrap())
                    .collect::<Vec<_>>()
                    .join(","),
                c["action"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// `cert usages`' rows, as JSON.
fn usage_rows(ws: &Workspace) -> Vec<Value> {
    let usages = ws.run(&["--json", "cert", "usages"]).ok().json();
    usages["usages"].as_array().unwrap().clone()
}

/// The `cert usages` row of `usage`.
fn usage_row(ws: &Workspace, usage: &str) -> Value {
    usage_rows(ws)
        .into_iter()
        .find(|u| u["usage"] == usage)
        .unwrap_or_else(|| panic!("no {usage} row"))
}

/// Panics if a usage still shows a failed renewal.
fn assert_no_renewal_failure(ws: &Workspace) {
    let rows = usage_rows(ws);
    assert!(
        rows.iter().all(|u| u.get("renewal_failed").is_none()),
        "{rows:?}"
    );
}

fn current(ws: &Workspace, usage: &str) -> String {
    let out = ws.run(&["cert", "get", "--type", usage]).ok().stdout;
    out.lines()
        .next()
        .and_then(|l| l.split_once(": "))
        .map(|(_, thumb)| thumb.trim().to_string())
        .unwrap_or_else(|| panic!("{usage} has a certificate: {out}"))
}

fn presented(ws: &Workspace, port: u16) -> String {
    let status = ws.run(&["--json", "services", "status"]).ok().json();
    let web = service(&status, "web-services");
    web["ports"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["port"] == port)
        .and_then(|p| p["presented"].as_str())
        .unwrap_or_default()
        .to_string()
}

/// Sets up the server: Default and WebServicesInternal from the short-lived CA (one
/// certificate), WebServicesExternal from the ordinary one; services started.
fn short_lived_server(ws: &Workspace) -> (u16, u16) {
    let (internal, external) = ws.standard_edition_on_free_ports();
    let cms = ws.path("cms");
    let cms = cms.to_str().unwrap();
    ws.run(&[
        "cms",
        "ca",
        "create",
        "--cms",
        cms,
        "--name",
        "Short CA",
        "--validity-seconds",
        "30",
    ])
    .ok();
    ws.run(&["store", "install"]).ok();
    ws.run(&[
        "cert",
        "request",
        "--type",
        "Default,WebServicesInternal",
        "--ca",
        "Short CA",
        "--assign",
    ])
    .ok();
    ws.run(&[
        "cert",
        "request",
        "--type",
        "WebServicesExternal",
        "--ca",
        "Lab CA",
        "--assign",
    ])
    .ok();
    ws.run(&["components", "setup"]).ok();
    ws.run(&["services", "start"]).ok();
    (internal, external)
}

/// Waits until the short-lived certificate of `usage` is due (two thirds of 30 s).
fn wait_until_due(ws: &Workspace) {
    let out = renew(ws, &["--all", "--dry-run"]).ok().json();
    let due = out["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["usages"][0] == "Default")
        .filter_map(|c| c["due_at"].as_str())
        .next()
        .map(|d| {
            time::OffsetDateTime::parse(d, &time::format_description::well_known::Rfc3339).unwrap()
        })
        .expect("the Default certificate's due date");
    let wait = due - time::OffsetDateTime::now_utc() + time::Duration::milliseconds(500);
    std::thread::sleep(Duration::from_millis(
        wait.whole_milliseconds().max(0) as u64
    ));
}

/// Sets a failure hook that writes its DEPLOY_WIZARD_RENEWAL_* environment to a file; returns
/// the file.
fn record_failures(ws: &Workspace) -> std::path::PathBuf {
    let out = ws.path("hook.env");
    ws.run(&[
        "renewal",
        "hook",
        "--on-failure",
        &format!("env | grep ^DEPLOY_WIZARD_RENEWAL_ > {}", out.display()),
    ])
    .ok();
    out
}

/// `cert renew --type WebServicesExternal --force`: renewed, a new certificate (not `before`)
/// assigned and presented on `port`; returns it and the log of the run that requested it.
fn force_renew_external(ws: &Workspace, port: u16, before: &str) -> (String, String) {
    let out = renew(ws, &["--type", "WebServicesExternal", "--force"])
        .ok()
        .json();
    assert_eq!(actions(&out)[0].1, "Renewed", "{out}");
    let renewed = current(ws, "WebServicesExternal");
    assert_ne!(renewed, before);
    assert_eq!(presented(ws, port), renewed);
    let run = out["certificates"][0]["runs"][0].as_str().unwrap();
    let log = ws.run(&["logs", "show", run]).ok().stdout;
    (renewed, log)
}

/// Trusts the root `pebble` issues under (saved as `name`).
fn trust_pebble(ws: &Workspace, pebble: &common::pebble::Pebble, name: &str) {
    let root = ws.write(name, &pebble.issuing_root());
    ws.run(&["cert", "import", root.to_str().unwrap(), "--trust"])
        .ok();
}

/// WebServicesExternal from `pebble` (its root trusted; answered by our own listener, before
/// any service runs), then steps 2 and 4; returns its thumbprint.
fn external_from_pebble(ws: &Workspace, pebble: &common::pebble::Pebble) -> String {
    trust_pebble(ws, pebble, "pebble-root.pem");
    ws.run(&[
        "cert",
        "request",
        "--type",
        "WebServicesExternal",
        "--ca",
        &pebble.directory,
        "--acme-root",
        pebble.tls_root.to_str().unwrap(),
        "--http01-listen",
        &pebble.http01_listen,
        "--assign",
    ])
    .ok();
    ws.run(&["components", "setup"]).ok();
    ws.run(&["services", "start"]).ok();
    current(ws, "WebServicesExternal")
}

#[test]
fn cert_renew_renews_exactly_what_is_due_and_the_ports_present_it() {
    let ws = Workspace::new();
    let _stop = StopServices(&ws);
    let (internal, _) = short_lived_server(&ws);
    let before = current(&ws, "Default");
    let external = current(&ws, "WebServicesExternal");

    // Nothing is due yet.
    let out = renew(&ws, &["--all"]).ok().json();
    assert!(actions(&out).iter().all(|(_, a)| a == "NotDue"), "{out}");
    wait_until_due(&ws);
    let out = renew(&ws, &["--all"]).ok().json();
    let done = actions(&out);
    assert!(
        done.contains(&("Default,WebServicesInternal".into(), "Renewed".into())),
        "{out}"
    );
    assert!(
        done.contains(&("WebServicesExternal".into(), "NotDue".into())),
        "{out}"
    );
    let after = current(&ws, "Default");
    assert_ne!(after, before);
    assert_eq!(
        current(&ws, "WebServicesInternal"),
        after,
        "renewed into one certificate again"
    );
    assert_eq!(
        current(&ws, "WebServicesExternal"),
        external,
        "not due: untouched"
    );
    // The previous certificate is kept as previous; nginx presents the new one.
    let assignments: Value =
        serde_json::from_slice(&std::fs::read(ws.data().join("assignments.json")).unwrap())
            .unwrap();
    assert_eq!(
        assignments["usages"]["Default"]["previous"],
        before.as_str(),
        "{assignments}"
    );
    assert_eq!(presented(&ws, internal), after);
    // The run logs show each step: the request and the assignment with its reload.
    let runs = out["certificates"][0]["runs"].as_array().unwrap().len()
        + out["certificates"][1]["runs"].as_array().unwrap().len();
    assert_eq!(runs, 2, "{out}");
    let assign_run = out["certificates"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["action"] == "Renewed")
        .and_then(|c| c["runs"][1].as_str())
        .unwrap()
        .to_string();
    let log = ws.run(&["logs", "show", &assign_run]).ok().stdout;
    assert!(log.contains("cert assign"), "{log}");
    let log = ws.run(&["logs", "show", "last"]).ok().stdout;
    assert!(log.contains("web-services reloaded"), "{log}");
    // A second run at once renews nothing.
    let again = renew(&ws, &["--all"]).ok().json();
    assert!(
        actions(&again).iter().all(|(_, a)| a == "NotDue"),
        "{again}"
    );
    assert_eq!(current(&ws, "Default"), after);
}

#[test]
fn a_failed_deployment_keeps_the_old_certificate_and_redeploy_finishes_it_without_a_new_request() {
    let ws = Workspace::new();
    let _stop = StopServices(&ws);
    let (internal, _) = short_lived_server(&ws);
    let before = current(&ws, "Default");
    let hook_out = record_failures(&ws);
    wait_until_due(&ws);
    // From outside, nginx's temporary directory becomes a file: its configuration test fails.
    let temporary = ws.data().join("install/WebServices/tmp");
    std::fs::remove_dir_all(&temporary).unwrap();
    std::fs::write(&temporary, "not a directory").unwrap();
    let failed = renew(&ws, &["--type", "Default,WebServicesInternal"]);
    assert_eq!(failed.code, 1, "{}\n{}", failed.stdout, failed.stderr);
    assert!(
        failed.stderr.contains("renewed, but not deployed") && failed.stderr.contains("--redeploy"),
        "{}",
        failed.stderr
    );
    // The old certificate stays assigned and served; the new one is stored.
    assert_eq!(current(&ws, "Default"), before);
    let default = usage_row(&ws, "Default");
    assert!(
        default["renewal_failed"]
            .as_str()
            .is_some_and(|r| r.contains("not deployed")),
        "{default}"
    );
    // The hook ran with the details, and no secret.
    let env = std::fs::read_to_string(&hook_out).unwrap();
    assert!(
        env.contains("DEPLOY_WIZARD_RENEWAL_USAGES=Default,WebServicesInternal")
            && env.contains(&format!("DEPLOY_WIZARD_RENEWAL_THUMBPRINT={before}"))
            && env.contains("DEPLOY_WIZARD_RENEWAL_REASON=renewed, but not deployed")
            && env.contains("DEPLOY_WIZARD_RENEWAL_EXPIRES="),
        "{env}"
    );
    assert!(!env.contains("PRIVATE KEY"), "{env}");
    // `status` says it on step 3, which stays usable (the certificates in use serve).
    let status = ws.run(&["status"]).ok().stdout;
    assert!(
        status.contains(
            "renewal failed for Default, WebServicesInternal; the certificates in use still serve"
        ) && status.contains("renewed, but not deployed"),
        "{status}"
    );
    let requests = |ws: &Workspace| {
        ws.run(&["--json", "logs", "list"])
            .ok()
            .json()
            .to_string()
            .matches("cert-request")
            .count()
    };
    let requested = requests(&ws);

    // Mended: --redeploy deploys the stored certificate; no new CA request.
    std::fs::remove_file(&temporary).unwrap();
    std::fs::create_dir(&temporary).unwrap();
    let out = renew(
        &ws,
        &["--type", "Default,WebServicesInternal", "--redeploy"],
    )
    .ok()
    .json();
    assert_eq!(
        actions(&out),
        [(
            "Default,WebServicesInternal".to_string(),
            "Redeployed".to_string()
        )],
        "{out}"
    );
    assert_eq!(requests(&ws), requested, "no new request");
    let after = current(&ws, "Default");
    assert_ne!(after, before);
    assert_eq!(presented(&ws, internal), after);
    assert_no_renewal_failure(&ws);
    assert!(!ws.run(&["status"]).ok().stdout.contains("renewal failed"));
}

#[test]
fn renewal_enable_writes_a_timer_or_a_cron_entry_and_status_reports_it() {
    let ws = Workspace::new();
    ws.standard_edition_on_free_ports();
    ws.request_front_end_certificates();
    let units = ws.path("systemd");
    let cron = ws.path("cron.d");
    std::fs::create_dir_all(&units).unwrap();
    std::fs::create_dir_all(&cron).unwrap();
    let systemd = [
        ("DEPLOY_WIZARD_SCHEDULER", "systemd"),
        ("DEPLOY_WIZARD_SYSTEMD_DIR", units.to_str().unwrap()),
    ];
    let data = ws.data();
    let status = ws
        .run_env(&data, &["--json", "renewal", "status"], &systemd)
        .ok()
        .json();
    assert_eq!(status["installed"], false, "{status}");
    ws.run_env(
        &data,
        &[
            "renewal",
            "enable",
            "--at",
            "04:30",
            "--window",
            "22:00-02:00",
        ],
        &systemd,
    )
    .ok();
    let timer = std::fs::read_to_string(units.join("deploy-wizard-renew.timer")).unwrap();
    let service = std::fs::read_to_string(units.join("deploy-wizard-renew.service")).unwrap();
    assert!(
        timer.contains("OnCalendar=*-*-* 04:30:00 UTC\nOnCalendar=*-*-* 16:30:00 UTC")
            && timer.contains("Persistent=true")
            && timer.contains("WantedBy=timers.target"),
        "{timer}"
    );
    let exe = env!("CARGO_BIN_EXE_deploy-wizard");
    assert!(
        service.contains(&format!(
            "ExecStart={exe} --data-dir {} cert renew --all --scheduled",
            data.display()
        )) && service.contains("Type=oneshot"),
        "{service}"
    );
    let status = ws
        .run_env(&data, &["--json", "renewal", "status"], &systemd)
        .ok()
        .json();
    assert_eq!(status["installed"], true, "{status}");
    assert_eq!(status["healthy"], true, "{status}");
    assert_eq!(status["window"], "22:00-02:00");
    assert!(
        status["next_check"]
            .as_str()
            .is_some_and(|t| t.contains(":30:00")),
        "{status}"
    );
    assert!(status["next_due"]["due_at"].is_string(), "{status}");
    ws.run_env(&data, &["renewal", "disable"], &systemd).ok();
    assert!(!units.join("deploy-wizard-renew.timer").exists());

    // Where there is no systemd: a cron entry.
    let crond = [
        ("DEPLOY_WIZARD_SCHEDULER", "cron"),
        ("DEPLOY_WIZARD_CRON_DIR", cron.to_str().unwrap()),
    ];
    ws.run_env(&data, &["renewal", "enable"], &crond).ok();
    let entry = std::fs::read_to_string(cron.join("deploy-wizard-renew")).unwrap();
    assert!(
        entry.contains(&format!(
            "17 3,15 * * * root {exe} --data-dir {} cert renew --all --scheduled",
            data.display()
        )) && entry.contains("CRON_TZ=UTC"),
        "{entry}"
    );
    let status = ws
        .run_env(&data, &["renewal", "status"], &crond)
        .ok()
        .stdout;
    assert!(status.contains("installed and healthy (cron)"), "{status}");
    // Bad input is refused before anything is written.
    ws.run_env(&data, &["renewal", "disable"], &crond).ok();
    ws.run_env(&data, &["renewal", "enable", "--at", "25:00"], &crond)
        .refused("is not a time of day");
    ws.run_env(&data, &["renewal", "enable", "--window", "22:00"], &crond)
        .refused("is not a window");
    assert!(!Path::new(&cron.join("deploy-wizard-renew")).exists());
}

/// ACME against pebble: renewal with the stored account; pebble stopped → the renewal fails,
/// the usage turns red with the reason, the hook hears of it, the old certificate stays
/// assigned and served; pebble back → the next run succeeds.
#[test]
fn an_acme_renewal_that_fails_keeps_the_old_certificate_and_the_next_run_succeeds() {
    use common::pebble::{Pebble, PebbleOptions};
    let ws = Workspace::new();
    let _stop = StopServices(&ws);
    let (_, external) = ws.standard_edition_on_free_ports();
    ws.request_front_end_certificates();
    let mut pebble = Pebble::start(&ws.path("pebble"), PebbleOptions::default());
    let first = external_from_pebble(&ws, &pebble);
    let hook_out = record_failures(&ws);

    // Renewed with the stored account (--force: pebble's certificates are not due for years).
    let (renewed, log) = force_renew_external(&ws, external, &first);
    assert!(log.contains("Using the ACME account kept in"), "{log}");

    // The CA does not answer.
    pebble.stop();
    let failed = renew(&ws, &["--type", "WebServicesExternal", "--force"]);
    assert_eq!(failed.code, 1, "{}", failed.stderr);
    assert!(failed.stderr.contains("FAILED"), "{}", failed.stderr);
    assert_eq!(
        current(&ws, "WebServicesExternal"),
        renewed,
        "the working certificate stays"
    );
    assert_eq!(presented(&ws, external), renewed, "and is served");
    let row = usage_row(&ws, "WebServicesExternal");
    assert!(row["renewal_failed"].is_string(), "{row}");
    assert!(
        ws.run(&["cert", "usages"])
            .ok()
            .stdout
            .contains("RENEWAL FAILED"),
        "the usage shows the failure"
    );
    let env = std::fs::read_to_string(&hook_out).unwrap();
    assert!(
        env.contains("DEPLOY_WIZARD_RENEWAL_USAGES=WebServicesExternal")
            && env.contains(&format!("DEPLOY_WIZARD_RENEWAL_THUMBPRINT={renewed}")),
        "{env}"
    );
    // Backing off: a scheduled run does not hammer the CA.
    let out = renew(&ws, &["--type", "WebServicesExternal"]).ok().json();
    assert_eq!(actions(&out)[0].1, "NotDue", "{out}");

    // The CA is back (a new pebble: a new account is made, a new root is trusted).
    pebble.restart();
    trust_pebble(&ws, &pebble, "pebble-root-2.pem");
    force_renew_external(&ws, external, &renewed);
    assert_no_renewal_failure(&ws);
}

/// The web services hold the http-01 port (the topology's `http_port`): an ACME renewal
/// against pebble, validating http-01 for real, is answered through them (no listener of ours
/// could bind the port) and everything else on that port is redirected to HTTPS. A renewed
/// certificate whose deployment failed is deployed by `--redeploy` without a new order
/// (pebble's own log counts them), and the failure is worded in French under LANG=fr.
#[test]
fn an_acme_renewal_answers_http01_through_the_web_services_and_redeploy_orders_nothing() {
    use common::pebble::{Pebble, PebbleOptions};
    use std::io::{Read, Write};
    let ws = Workspace::new();
    let _stop = StopServices(&ws);
    let pebble = Pebble::start(
        &ws.path("pebble"),
        PebbleOptions {
            real_http01: true,
            ..PebbleOptions::default()
        },
    );
    let http = pebble.http01_port();
    let (internal, external) = ws.standard_edition_on_free_ports();
    let file = ws.path("topology.json");
    let mut topology: Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    topology["sites"][0]["pools"][0]["web_services"]["http_port"] = http.into();
    std::fs::write(&file, topology.to_string()).unwrap();
    ws.republish(&ws.path("cms"), &file);
    ws.request_front_end_certificates();
    let first = external_from_pebble(&ws, &pebble);

    // The web services' HTTP listener redirects to HTTPS.
    let mut plain = std::net::TcpStream::connect(("127.0.0.1", http)).unwrap();
    plain
        .write_all(b"GET /anything?x=1 HTTP/1.0\r\nHost: se01.contoso.com\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    plain.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 301"), "{answer}");
    assert!(
        answer.contains(&format!(
            "Location: https://se01.contoso.com:{internal}/anything?x=1"
        )),
        "{answer}"
    );

    // Renewed while nginx holds the port: answered through it.
    let (renewed, log) = force_renew_external(&ws, external, &first);
    assert!(
        log.contains("The web services hold") && log.contains("acme-challenge"),
        "{log}"
    );
    let web = ws.data().join("install/WebServices");
    let access = std::fs::read_to_string(web.join("logs/access.log")).unwrap();
    assert!(
        access
            .lines()
            .any(|l| l.contains("GET /.well-known/acme-challenge/") && l.contains("\" 200 ")),
        "nginx served the challenge: {access}"
    );
    assert_eq!(
        std::fs::read_dir(web.join("acme-challenge"))
            .unwrap()
            .count(),
        0,
        "the challenge files are removed"
    );
    // Pebble 2.4's directory offers no renewal information (RFC 9773): the certificate is
    // due at two thirds of its lifetime, and no window is kept.
    let state: Value =
        serde_json::from_slice(&std::fs::read(ws.data().join("renewal.json")).unwrap()).unwrap();
    assert!(state.get("windows").is_none(), "{state}");

    // The deployment fails (nginx's configuration broken from outside): stored, not deployed.
    let temporary = web.join("tmp");
    std::fs::remove_dir_all(&temporary).unwrap();
    std::fs::write(&temporary, "not a directory").unwrap();
    let failed = renew(&ws, &["--type", "WebServicesExternal", "--force"]);
    assert_eq!(failed.code, 1, "{}\n{}", failed.stdout, failed.stderr);
    assert!(
        failed.stderr.contains("renewed, but not deployed"),
        "{}",
        failed.stderr
    );
    assert_eq!(current(&ws, "WebServicesExternal"), renewed);
    assert_eq!(presented(&ws, external), renewed, "the old one is served");
    let french = ws.run_env(&ws.data(), &["cert", "usages"], &[("LANG", "fr_FR.UTF-8")]);
    assert!(
        french.stdout.contains("renouvelé, mais pas déployé"),
        "{}",
        french.stdout
    );
    let orders = pebble.orders();
    assert!(orders >= 3, "pebble logged its orders: {orders}");

    // Mended: --redeploy deploys it; pebble makes no new order.
    std::fs::remove_file(&temporary).unwrap();
    std::fs::create_dir(&temporary).unwrap();
    let out = renew(&ws, &["--type", "WebServicesExternal", "--redeploy"])
        .ok()
        .json();
    assert_eq!(actions(&out)[0].1, "Redeployed", "{out}");
    assert_eq!(pebble.orders(), orders, "no new order");
    let last = current(&ws, "WebServicesExternal");
    assert_ne!(last, renewed);
    assert_eq!(presented(&ws, external), last);
    assert_no_renewal_failure(&ws);
}

/// A renewed OAuthTokenIssuer is published as a roll effective after a delay: two Front Ends
/// sharing one CMS (fe01 on 127.0.0.1, fe02 on 127.0.0.2) serve the old certificate in their
/// metadata documents until that date, and both the new one from it, with nothing run then.
#[test]
fn an_oauth_renewal_is_a_roll_both_servers_take_at_its_date() {
    let mut ws = Workspace::new();
    ws.fqdn = "fe01.contoso.com".into();
    let hosts = ws.write(
        "hosts",
        "127.0.0.1 fe01.contoso.com pool01.contoso.com webpool01.contoso.com\n127.0.0.2 fe02.contoso.com\n",
    );
    let hosts_s = hosts.to_str().unwrap().to_string();
    let (cms, internal) = ws.enterprise_pool_on_free_ports(2);
    let cms_s = cms.to_str().unwrap();
    ws.run(&[
        "cms",
        "ca",
        "create",
        "--cms",
        cms_s,
        "--name",
        "Short CA",
        "--validity-seconds",
        "30",
    ])
    .ok();
    let fe01 = ws.data();
    let fe02 = ws.path("fe02");
    let on = |data: &Path, listen: &str, args: &[&str]| {
        let fqdn = if data == fe01.as_path() {
            "fe01.contoso.com"
        } else {
            "fe02.contoso.com"
        };
        ws.run_env(
            data,
            args,
            &[
                ("DEPLOY_WIZARD_FQDN", fqdn),
                ("DEPLOY_WIZARD_LISTEN_ADDRESS", listen),
                ("DEPLOY_WIZARD_HOSTS", &hosts_s),
            ],
        )
    };
    let _stop01 = common::StopServicesIn(&ws, fe01.clone());
    let _stop02 = common::StopServicesIn(&ws, fe02.clone());
    for (data, listen) in [(&fe01, "127.0.0.1"), (&fe02, "127.0.0.2")] {
        on(data, listen, &["store", "install", "--from-cms", cms_s]).ok();
        on(
            data,
            listen,
            &[
                "cert",
                "request",
                "--type",
                "Default,WebServicesInternal,WebServicesExternal",
                "--ca",
                "Lab CA",
                "--assign",
            ],
        )
        .ok();
        if data == &fe01 {
            // The global certificate, once, from the short-lived CA.
            on(
                data,
                listen,
                &[
                    "cert",
                    "request",
                    "--type",
                    "OAuthTokenIssuer",
                    "--ca",
                    "Short CA",
                    "--exportable",
                    "--assign",
                ],
            )
            .ok();
        }
    }
    for (data, listen) in [(&fe01, "127.0.0.1"), (&fe02, "127.0.0.2")] {
        on(data, listen, &["store", "install"]).ok();
        on(data, listen, &["components", "setup"]).ok();
        on(data, listen, &["services", "start"]).ok();
    }
    let metadata = |ip: &str| -> String {
        let out = common::run_outside(
            std::process::Command::new("curl")
                .args([
                    "-sk",
                    "--resolve",
                    &format!("pool01.contoso.com:{internal}:{ip}"),
                ])
                .arg(format!(
                    "https://pool01.contoso.com:{internal}/metadata/json/1"
                )),
            common::CLIENT_LIMIT,
        );
        let doc: Value =
            serde_json::from_str(&out.stdout).unwrap_or_else(|e| panic!("{ip}: {e}: {out}"));
        doc["keys"][0]["keyinfo"]["thumbprint"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let old = metadata("127.0.0.1");
    assert_eq!(metadata("127.0.0.2"), old);

    // Due after 20 s; renewed on fe01 (it writes the CMS) as a roll 25 s later.
    std::thread::sleep(Duration::from_secs(21));
    let out = on(
        &fe01,
        "127.0.0.1",
        &[
            "--json",
            "cert",
            "renew",
            "--type",
            "OAuthTokenIssuer",
            "--roll-delay",
            "25s",
        ],
    )
    .ok()
    .json();
    assert_eq!(actions(&out)[0].1, "Renewed", "{out}");
    let new = out["certificates"][0]["after"]
        .as_str()
        .unwrap()
        .to_string();
    let effective = time::OffsetDateTime::now_utc() + time::Duration::seconds(25);
    assert!(
        out["certificates"][0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("published as a roll effective")),
        "{out}"
    );
    // fe02 takes it by steps 1 and 2.
    on(&fe02, "127.0.0.2", &["store", "install"]).ok();
    on(&fe02, "127.0.0.2", &["components", "setup"]).ok();
    assert!(
        time::OffsetDateTime::now_utc() + time::Duration::seconds(2) < effective,
        "the steps took longer than the delay: the test cannot see the switch"
    );
    assert_eq!(metadata("127.0.0.1"), old, "fe01 before the date");
    assert_eq!(metadata("127.0.0.2"), old, "fe02 before the date");
    let wait = effective - time::OffsetDateTime::now_utc() + time::Duration::seconds(2);
    std::thread::sleep(Duration::from_millis(
        wait.whole_milliseconds().max(0) as u64
    ));
    assert_eq!(metadata("127.0.0.1"), new, "fe01 after the date");
    assert_eq!(metadata("127.0.0.2"), new, "fe02 after the date");
}

/// A renewal policy per usage: due a chosen number of days before expiry (or at a share of the
/// lifetime) instead of at two thirds; usages sharing a certificate renew at the earliest of
/// theirs; out-of-range values are refused before anything is saved; `--default` undoes it.
#[test]
fn a_policy_per_usage_decides_when_its_certificate_is_due() {
    let ws = Workspace::new();
    ws.standard_edition_on_free_ports();
    ws.request_front_end_certificates();
    let out = renew(&ws, &["--all", "--dry-run"]).ok().json();
    assert!(
        actions(&out).iter().all(|(_, action)| action == "NotDue"),
        "{out}"
    );

    for bad in [
        ["--percent", "0"],
        ["--percent", "150"],
        ["--days-before", "0"],
    ] {
        let mut args = vec!["renewal", "policy", "--type", "WebServicesExternal"];
        args.extend(bad);
        let refused = ws.run(&args).expect_code(2);
        assert!(refused.stderr.contains(bad[0]), "{}", refused.stderr);
    }
    let settings = std::fs::read_to_string(ws.data().join("settings.json")).unwrap_or_default();
    assert!(!settings.contains("policies"), "{settings}");

    // 400 days before the expiry of a one-year certificate: due now, and with it the usages
    // that share its certificate.
    ws.run(&[
        "renewal",
        "policy",
        "--type",
        "WebServicesExternal",
        "--days-before",
        "400",
    ])
    .ok();
    let out = renew(&ws, &["--all", "--dry-run"]).ok().json();
    assert_eq!(
        actions(&out),
        [(
            "Default,WebServicesInternal,WebServicesExternal".to_string(),
            "WouldRenew".to_string()
        )],
        "{out}"
    );
    let external = usage_row(&ws, "WebServicesExternal");
    let default = usage_row(&ws, "Default");
    assert!(
        external["renews_on"].as_str().unwrap() < default["renews_on"].as_str().unwrap(),
        "{external} {default}"
    );
    assert!(
        ws.run(&["renewal", "status"])
            .ok()
            .stdout
            .contains("Policy for WebServicesExternal: 400 days before expiry")
    );

    // A share of the lifetime: 90 % of a year is not reached yet.
    ws.run(&[
        "renewal",
        "policy",
        "--type",
        "WebServicesExternal",
        "--percent",
        "90",
    ])
    .ok();
    let out = renew(&ws, &["--all", "--dry-run"]).ok().json();
    assert_eq!(actions(&out)[0].1, "NotDue", "{out}");
    ws.run(&[
        "renewal",
        "policy",
        "--type",
        "WebServicesExternal",
        "--default",
    ])
    .ok();
    assert!(
        !ws.run(&["renewal", "status"])
            .ok()
            .stdout
            .contains("Policy for")
    );
}
