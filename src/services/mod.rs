//! Step 4, Start Services, and Service Status: the services of installed components, run by
//! the `process` backend (the service's own command, detached, with a pid file), and for every
//! TLS port the certificate it presents compared with the one assigned.

pub mod probe;
pub mod systemd;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use std::time::{Duration, Instant};

use serde::Serialize;

use crate::cert::Usage;
use crate::cert::assign::Assignments;
use crate::cert::info::thumbprint;
use crate::components::catalog::{ComponentDef, HealthProtocol, ReloadSignal, ServiceDef};
use crate::components::render::{Syntax, render as render_template};
use crate::components::{ComponentError, InstallManifest, ServiceControl, context};
use crate::data_dir::DataDir;
use crate::log::{Reason, RunLog};

use crate::process::{self, Listener, ProcessIdentity};
pub use crate::process::{find_program, running_as_root};

fn render(template: &str, vars: &BTreeMap<String, String>) -> Result<String, String> {
    render_template(template, vars, Syntax::Config)
}

fn pid_of(service: &ServiceDef, dir: &Path) -> Option<u32> {
    service.process(dir).claimed_pid()
}

pub use crate::process::Liveness;

/// Verifies what the service's pid file claims.
pub fn liveness(service: &ServiceDef, dir: &Path) -> Liveness {
    service.process(dir).liveness()
}

/// Whether the service runs (its verified process is alive).
pub fn service_running(service: &ServiceDef, dir: &Path) -> bool {
    matches!(liveness(service, dir), Liveness::Running(_))
}

fn pids(processes: &[ProcessIdentity]) -> String {
    processes
        .iter()
        .map(|p| p.pid.to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Renders a catalog command and finds its program on PATH: (program path, rendered argv).
pub(crate) fn resolve_command(
    command: &[String],
    vars: &BTreeMap<String, String>,
) -> Result<(PathBuf, Vec<String>), ComponentError> {
    let argv: Vec<String> = command
        .iter()
        .map(|a| render(a, vars))
        .collect::<Result<_, _>>()
        .map_err(ComponentError::BadInput)?;
    let program = argv
        .first()
        .ok_or_else(|| ComponentError::BadInput("an empty service command".into()))?;
    let resolved = find_program(program).unwrap_or_else(|| PathBuf::from(program));
    Ok((resolved, argv))
}

/// Where this server's own services are reached: the address they are restricted to, or
/// loopback when they listen on every address.
fn local_address(vars: &BTreeMap<String, String>) -> std::net::IpAddr {
    vars.get("listen_address")
        .map(|a| a.trim_start_matches('[').trim_end_matches(']'))
        .and_then(|a| a.parse::<std::net::IpAddr>().ok())
        .filter(|ip| !ip.is_unspecified())
        .unwrap_or(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST))
}

/// Allocates through the A/V Edge with a one-minute credential minted from the TURN secret.
fn turn_healthy(vars: &BTreeMap<String, String>, port: u16, server_name: &str) -> bool {
    let Some(secret) = vars.get(crate::components::TURN_SECRET_VAR) else {
        return false;
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp().max(0) as u64;
    let credential =
        crate::components::turn::credential(secret, "deploy-wizard-service-status", 60, now);
    probe::turn_allocate(
        local_address(vars),
        port,
        server_name,
        &credential.username,
        &credential.password,
    )
    .unwrap_or(false)
}

/// The Persistent Chat store answers the chat service's role over TCP with its database, and
/// the chat service's tables are there. The password goes to psql in its environment, never
/// on its command line.
fn store_healthy(vars: &BTreeMap<String, String>) -> bool {
    store_query(
        vars,
        "SELECT count(*) FROM pg_tables WHERE tablename IN ('prosody', 'prosodyarchive')",
    )
    .is_ok_and(|answer| answer.trim() == "2")
}

/// A standby's lag behind its primary in bytes of write-ahead log, when it is in recovery and
/// both answer the chat service's role.
fn standby_lag(vars: &BTreeMap<String, String>) -> Option<u64> {
    let get = |name: &str| vars.get(name).map(String::as_str);
    let (host, port, primary, primary_port, database) = (
        get("standby_listen")?,
        get("standby_port")?,
        get("standby_primary_host")?,
        get("standby_primary_port")?,
        get("standby_database")?,
    );
    let replayed = query_as_chat_role(
        vars,
        host,
        port,
        database,
        "SELECT pg_is_in_recovery()::text || ' ' || coalesce(pg_last_wal_replay_lsn()::text, '')",
    )
    .ok()?;
    let (recovering, replayed) = replayed.trim().split_once(' ')?;
    if recovering != "true" || replayed.is_empty() {
        return None;
    }
    let lsn_ok = |l: &str| {
        l.split_once('/').is_some_and(|(a, b)| {
            !a.is_empty()
                && !b.is_empty()
                && a.chars().chain(b.chars()).all(|c| c.is_ascii_hexdigit())
        })
    };
    if !lsn_ok(replayed) {
        return None;
    }
    let lag = query_as_chat_role(
        vars,
        primary,
        primary_port,
        database,
        &format!("SELECT greatest(pg_wal_lsn_diff(pg_current_wal_lsn(), '{replayed}'), 0)::bigint"),
    )
    .ok()?;
    lag.trim().parse().ok()
}

/// Runs one query as the chat service's role on the store of this server's Persistent Chat
/// pool; returns psql's unaligned output.
pub fn store_query(vars: &BTreeMap<String, String>, query: &str) -> Result<String, String> {
    let (Some(host), Some(port), Some(database)) = (
        vars.get("chat_store_host"),
        vars.get("chat_store_port"),
        vars.get("chat_store_database"),
    ) else {
        return Err("this server has no Persistent Chat store settings".into());
    };
    query_as_chat_role(vars, host, port, database, query)
}

/// Runs one query as the chat service's role on `host`:`port`, database `database`.
fn query_as_chat_role(
    vars: &BTreeMap<String, String>,
    host: &str,
    port: &str,
    database: &str,
    query: &str,
) -> Result<String, String> {
    let Some(secret) = vars.get(crate::components::chat::STORE_SECRET_VAR) else {
        return Err("this server has no Persistent Chat store secret".into());
    };
    let psql = find_program("psql").ok_or("psql is not installed")?;
    let output = process::run::output_within(
        process::run::command(psql)
            .args([
                "-X",
                "-A",
                "-t",
                "-q",
                "-h",
                host,
                "-p",
                port,
                "-U",
                crate::components::chat::STORE_ROLE,
                "-d",
                database,
                "-c",
                query,
            ])
            .env("PGPASSWORD", secret)
            .env("PGCONNECT_TIMEOUT", "3"),
        QUERY_LIMIT,
    )
    .map_err(|e| e.to_string())?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).trim().to_string())
    }
}

/// Runs a program the wizard chose (not a catalog template), with `env` added, logging its
/// command line and output; an exit other than 0 is an error naming it.
pub fn run_program(
    argv: &[String],
    env: &[(&str, &str)],
    log: &mut RunLog,
) -> Result<(), ComponentError> {
    run_as(argv, env, &Runner::default(), log)
}

/// How a service's command runs: as whom, where, and whether its output goes through a file
/// (a daemon that keeps its standard output open would hold a pipe forever).
#[derive(Default)]
struct Runner {
    account: Option<process::Account>,
    dir: Option<std::path::PathBuf>,
    output_file: Option<std::path::PathBuf>,
}

impl Runner {
    /// The runner of `service`'s commands: as its service user when it asks to be (and the
    /// wizard runs as root), in its install directory.
    fn of(service: &ServiceDef, vars: &BTreeMap<String, String>) -> Runner {
        let account = vars
            .get("service_user")
            .filter(|u| service.run_as_service_user && !u.is_empty())
            .and_then(|u| process::system_account(u));
        Runner {
            account,
            dir: vars.get("install").map(std::path::PathBuf::from),
            output_file: None,
        }
    }
}

/// The longest one command of a service may take (a start that initialises a database, a base
/// backup, a reload): past it the command is stopped and the step fails naming it.
const COMMAND_LIMIT: std::time::Duration = std::time::Duration::from_secs(300);

/// The longest a query of the chat store may take (it connects within 3 s).
const QUERY_LIMIT: std::time::Duration = std::time::Duration::from_secs(30);

fn run_as(
    argv: &[String],
    env: &[(&str, &str)],
    runner: &Runner,
    log: &mut RunLog,
) -> Result<(), ComponentError> {
    let (program, args) = argv
        .split_first()
        .ok_or_else(|| ComponentError::BadInput("an empty command".into()))?;
    let resolved = find_program(program).unwrap_or_else(|| PathBuf::from(program));
    log.info(&format!("$ {}", argv.join(" ")));
    // A cleared environment plus the passed list and what the catalog names: nothing of the
    // wizard's own environment (secrets given to it included) reaches a daemon.
    let mut command = process::run::command(&resolved);
    command.args(args).envs(env.iter().copied());
    if let Some(dir) = runner.dir.as_ref().filter(|d| d.is_dir()) {
        command.current_dir(dir);
    }
    #[cfg(unix)]
    if let Some(account) = &runner.account {
        use std::os::unix::process::CommandExt;
        // std drops root's supplementary groups when it changes the user id.
        command.uid(account.uid).gid(account.gid);
        command.env("HOME", runner.dir.clone().unwrap_or_else(|| "/".into()));
        command
            .env("USER", &account.user)
            .env("LOGNAME", &account.user);
    }
    let (status, stdout, stderr) = match &runner.output_file {
        Some(path) => {
            let file = std::fs::File::create(path).map_err(|e| {
                ComponentError::Failed(format!("cannot create {}: {e}", path.display()))
            })?;
            let err = file.try_clone().map_err(|e| {
                ComponentError::Failed(format!("cannot create {}: {e}", path.display()))
            })?;
            let status =
                process::run::status_within(command.stdout(file).stderr(err), COMMAND_LIMIT)
                    .map_err(|e| ComponentError::Failed(e.to_string()))?;
            // What a start prints is a few lines; keep at most its last 64 KiB.
            let mut text = std::fs::read(path).unwrap_or_default();
            let cut = text.len().saturating_sub(64 << 10);
            text.drain(..cut);
            let _ = std::fs::remove_file(path);
            (status, text, Vec::new())
        }
        None => {
            let output = process::run::output_within(&mut command, COMMAND_LIMIT)
                .map_err(|e| ComponentError::Failed(e.to_string()))?;
            (output.status, output.stdout, output.stderr)
        }
    };
    for line in String::from_utf8_lossy(&stderr)
        .lines()
        .chain(String::from_utf8_lossy(&stdout).lines())
    {
        log.info(line);
    }
    if !status.success() {
        return Err(ComponentError::Failed(format!(
            "{} failed ({status})",
            argv.join(" ")
        )));
    }
    Ok(())
}

fn run(
    command: &[String],
    vars: &BTreeMap<String, String>,
    log: &mut RunLog,
) -> Result<(), ComponentError> {
    let (_, argv) = resolve_command(command, vars)?;
    run_program(&argv, &[], log)
}

/// Runs one of `service`'s own commands, as its service user where it asks to be.
fn run_service_command(
    service: &ServiceDef,
    command: &[String],
    vars: &BTreeMap<String, String>,
    log: &mut RunLog,
) -> Result<(), ComponentError> {
    let (_, argv) = resolve_command(command, vars)?;
    run_as(&argv, &[], &Runner::of(service, vars), log)
}

/// The provisioning command of a service (PostgreSQL: its role and databases), after a start
/// or a reload.
fn provision(
    service: &ServiceDef,
    vars: &BTreeMap<String, String>,
    log: &mut RunLog,
) -> Result<(), ComponentError> {
    if service.provision.is_empty() {
        return Ok(());
    }
    run_service_command(service, &service.provision, vars, log)?;
    log.tell(Reason::new("said-service-provisioned").with("service", &service.name));
    Ok(())
}

/// Reloads a running service after checking its configuration, and waits until each of its
/// TLS ports presents the certificate now assigned to its usage (a reload is asynchronous).
pub fn reload(
    service: &ServiceDef,
    vars: &BTreeMap<String, String>,
    assigned: &BTreeMap<Usage, String>,
    log: &mut RunLog,
) -> Result<(), ComponentError> {
    if !service.test.is_empty() {
        run_service_command(service, &service.test, vars, log)?;
    }
    // A reload is graceful: old workers keep accepting for a moment. It is done when the
    // processes that served before the reload are gone.
    let master_identity = match vars.get("install").map(Path::new) {
        Some(dir) => match liveness(service, dir) {
            Liveness::Running(main) => {
                restore_pid_file(service, dir, &main, log)?;
                Some(main)
            }
            _ => {
                return Err(ComponentError::Failed(format!(
                    "{} is not running; start it with step 4 (services start)",
                    service.name
                )));
            }
        },
        None => None,
    };
    let master = master_identity.as_ref().map(|m| m.pid);
    let before = master
        .filter(|_| service.reload_replaces_workers)
        .map(process::children_of)
        .unwrap_or_default();
    match vars.get("install").filter(|_| systemd::selected()) {
        Some(install) => {
            let unit = systemd::unit_name(service, Path::new(install));
            run(&["systemctl".into(), "reload".into(), unit], vars, log)?;
        }
        None => match (
            service.reload.is_empty(),
            service.reload_signal,
            &master_identity,
        ) {
            (true, Some(signal), Some(main)) => {
                let signal = match signal {
                    ReloadSignal::Hup => process::Signal::Hangup,
                    ReloadSignal::Usr2 => process::Signal::User2,
                };
                if !process::signal_verified(main, signal) {
                    return Err(ComponentError::Failed(format!(
                        "{} could not be asked to reload: its process ended",
                        service.name
                    )));
                }
            }
            _ => run_service_command(service, &service.reload, vars, log)?,
        },
    }
    provision(service, vars, log)?;
    let deadline = Instant::now() + Duration::from_secs(15);
    while before.iter().any(|pid| process::exists(*pid)) {
        if Instant::now() > deadline {
            return Err(ComponentError::Failed(format!(
                "{} was reloaded but its old processes do not end",
                service.name
            )));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    for tls in &service.tls_ports {
        let Some(expected) = assigned.get(&tls.usage) else {
            continue;
        };
        let port = port_of(&tls.port, vars)?;
        let server_name = render(&tls.server_name, vars).map_err(ComponentError::BadInput)?;
        loop {
            let now = probe::presented_certificate(local_address(vars), port, &server_name)
                .map(|der| thumbprint(&der));
            if now.as_deref() == Ok(expected.as_str()) {
                log.tell(
                    Reason::new("said-port-presents")
                        .with("port", port)
                        .with("thumbprint", expected.as_str())
                        .with("usage", tls.usage.as_str()),
                );
                break;
            }
            if Instant::now() > deadline {
                return Err(ComponentError::Failed(format!(
                    "{} was reloaded but port {port} still does not present {expected}: {}",
                    service.name,
                    now.unwrap_or_else(|e| e)
                )));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    log.tell(Reason::new("said-service-reloaded").with("service", &service.name));
    Ok(())
}

/// Stops a service: its stop command, then, for what stays, signals sent only to processes
/// verified to be its own. A pid file naming another process is removed, never signalled.
pub fn stop_service(
    service: &ServiceDef,
    dir: &Path,
    vars: &BTreeMap<String, String>,
    log: &mut RunLog,
) -> Result<(), ComponentError> {
    match liveness(service, dir) {
        Liveness::Stopped => end_unrecorded(service, dir, log)?,
        Liveness::Stale(pid) => {
            report_stale(service, dir, pid, log);
            end_unrecorded(service, dir, log)?;
        }
        Liveness::Orphans(group) => end_orphans(service, &group, log)?,
        Liveness::Running(main) => {
            // The stop command (nginx -s quit) signals whatever the pid file names.
            restore_pid_file(service, dir, &main, log)?;
            let unit_path = Path::new(systemd::UNIT_DIR).join(systemd::unit_name(service, dir));
            if systemd::selected() && unit_path.exists() {
                run(
                    &[
                        "systemctl".into(),
                        "stop".into(),
                        systemd::unit_name(service, dir),
                    ],
                    vars,
                    log,
                )?;
            } else if service.stop.is_empty() {
                // No stop command (Kamailio): its verified main process is asked to end.
                process::signal_verified(&main, process::Signal::Terminate);
            } else if resolve_command(&service.stop, vars).is_err() {
                // Without the replica its stop command cannot be written out: its verified
                // main process is asked to end instead.
                process::signal_verified(&main, process::Signal::Terminate);
            } else if let Err(error) = run_service_command(service, &service.stop, vars, log) {
                // The stop command failed (pg_ctl on a postmaster.pid it cannot read, say): the
                // verified main process is asked to end instead; it is not left running.
                log.caution(
                    Reason::new("said-service-stop-command-failed")
                        .with("service", &service.name)
                        .with("detail", error.to_string()),
                );
                process::signal_verified(&main, process::Signal::Terminate);
            }
            let deadline = Instant::now() + Duration::from_secs(10);
            let stopped = |main: &ProcessIdentity| {
                !process::is_alive(main) && process::group_of(main).is_empty()
            };
            while !stopped(&main) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(50));
            }
            if !stopped(&main) {
                let mut rest = process::group_of(&main);
                if process::is_alive(&main) && !rest.contains(&main) {
                    rest.push(main.clone());
                }
                log.caution(
                    Reason::new("said-service-slow-stop")
                        .with("service", &service.name)
                        .with("pids", pids(&rest)),
                );
                let left = process::end_verified(&rest);
                if !left.is_empty() {
                    return Err(ComponentError::Failed(format!(
                        "{} (pids {left:?}) does not stop",
                        service.name
                    )));
                }
            }
            log.tell(Reason::new("said-service-stopped").with("service", &service.name));
        }
    }
    service.process(dir).forget();
    Ok(())
}

/// Ends the service's own processes that nothing records (its program for this install
/// directory, left by a step killed while it started them, even before they listen), so that
/// a start owns what runs and a stop leaves nothing of it.
fn end_unrecorded(
    service: &ServiceDef,
    dir: &Path,
    log: &mut RunLog,
) -> Result<(), ComponentError> {
    let own = service.process(dir).unrecorded_running();
    if own.is_empty() {
        return Ok(());
    }
    log.tell(
        Reason::new("said-service-unrecorded-ended")
            .with("service", &service.name)
            .with("pids", pids(&own)),
    );
    let left = process::end_verified(&own);
    if left.is_empty() {
        Ok(())
    } else {
        Err(ComponentError::Failed(format!(
            "{} (pids {left:?}) does not stop",
            service.name
        )))
    }
}

/// Makes the pid file name the verified process again before a command that trusts it (such
/// as `nginx -s quit|reload`) runs: a pid file rewritten from outside must not aim a signal.
fn restore_pid_file(
    service: &ServiceDef,
    dir: &Path,
    main: &ProcessIdentity,
    log: &mut RunLog,
) -> Result<(), ComponentError> {
    let process = service.process(dir);
    if process.restore_pid_file(main).map_err(|e| {
        ComponentError::Failed(format!("cannot write {}: {e}", process.pid_file.display()))
    })? {
        log.caution(
            Reason::new("said-pid-file-restored")
                .with("file", process.pid_file.display())
                .with("service", &service.name)
                .with("pid", main.pid),
        );
    }
    Ok(())
}

/// A pid file naming another process: reported, never signalled (the caller removes it).
fn report_stale(service: &ServiceDef, dir: &Path, pid: u32, log: &mut RunLog) {
    log.caution(
        Reason::new("said-pid-file-stale")
            .with("file", service.process(dir).pid_file.display())
            .with("service", &service.name)
            .with("pid", pid),
    );
}

/// Ends what is left of a service whose main process died (its orphaned workers still hold
/// its ports), by verified identity.
fn end_orphans(
    service: &ServiceDef,
    group: &[ProcessIdentity],
    log: &mut RunLog,
) -> Result<(), ComponentError> {
    log.caution(
        Reason::new("said-service-orphans")
            .with("service", &service.name)
            .with("pids", pids(group)),
    );
    let left = process::end_verified(group);
    if left.is_empty() {
        Ok(())
    } else {
        Err(ComponentError::Failed(format!(
            "processes of {} do not end (pids {left:?})",
            service.name
        )))
    }
}

/// Every port a service listens on (its TLS ports and its health page's).
fn ports_of(
    service: &ServiceDef,
    vars: &BTreeMap<String, String>,
) -> Result<Vec<u16>, ComponentError> {
    let mut ports = Vec::new();
    for template in service
        .tls_ports
        .iter()
        .map(|p| &p.port)
        .chain(service.health.iter().map(|h| &h.port))
    {
        let port = port_of(template, vars)?;
        if !ports.contains(&port) {
            ports.push(port);
        }
    }
    Ok(ports)
}

/// Clears what a previous run of the service left (orphaned workers, a stale pid file) and
/// refuses to start on a port another program holds, naming the port and the holder.
fn prepare_start(
    service: &ServiceDef,
    dir: &Path,
    vars: &BTreeMap<String, String>,
    log: &mut RunLog,
) -> Result<(), ComponentError> {
    match liveness(service, dir) {
        Liveness::Orphans(group) => {
            end_orphans(service, &group, log)?;
            service.process(dir).forget();
        }
        Liveness::Stale(pid) => {
            report_stale(service, dir, pid, log);
            service.process(dir).forget();
            end_unrecorded(service, dir, log)?;
        }
        Liveness::Stopped => {
            // A main process that died a moment ago may not be reaped yet: PostgreSQL takes
            // its pid, still in the table, for a server that runs. Wait for it to go.
            if let Some(pid) = pid_of(service, dir) {
                let deadline = Instant::now() + Duration::from_secs(10);
                while process::is_zombie(pid) && Instant::now() < deadline {
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
            service.process(dir).forget();
            end_unrecorded(service, dir, log)?;
        }
        Liveness::Running(_) => {}
    }
    let at = vars
        .get("listen_address")
        .and_then(|a| a.parse::<std::net::IpAddr>().ok());
    for port in ports_of(service, vars)? {
        // The service's own daemon, left running with no pid file and no record (a step killed
        // while it started it): found by the port's owner being the service's program for this
        // install directory, and stopped (verified), so the start below owns what runs.
        if let Some(own) = process::listener_at(at, port)
            .and_then(|holder| holder.pid)
            .and_then(|pid| service.process(dir).unrecorded_own(pid))
            .filter(|_| !matches!(liveness(service, dir), Liveness::Running(_)))
        {
            log.tell(
                Reason::new("said-service-unrecorded-found")
                    .with("service", &service.name)
                    .with("port", port)
                    .with("pids", pids(&own)),
            );
            let left = process::end_verified(&own);
            let deadline = Instant::now() + Duration::from_secs(5);
            while left.is_empty()
                && process::listener_at(at, port).is_some()
                && Instant::now() < deadline
            {
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        if let Some(holder) = process::listener_at(at, port) {
            return Err(ComponentError::PortBusy {
                service: service.name.clone(),
                port,
                holder,
            });
        }
    }
    Ok(())
}

fn port_of(template: &str, vars: &BTreeMap<String, String>) -> Result<u16, ComponentError> {
    render(template, vars)
        .map_err(ComponentError::BadInput)?
        .parse()
        .map_err(|_| ComponentError::BadInput(format!("{template} is not a port")))
}

/// Step 4: starts every service of the installed components. A service whose certificates are
/// not assigned yet is not started and the error says which usage to assign.
pub fn start_all(data: &DataDir, log: &mut RunLog) -> Result<Vec<String>, ComponentError> {
    let ctx = context(data)?;
    let manifest = InstallManifest::load(data)?;
    if manifest.components.is_empty() {
        return Err(ComponentError::BadInput(
            "no component is installed; run step 2 first: deploy-wizard components setup".into(),
        ));
    }
    let assignments = Assignments::load(data)?;
    // Every component's certificates are checked before anything starts: a refused step 4
    // leaves nothing running that it started (a store first in the order would be).
    for name in manifest.components.keys() {
        let Some(def) = ctx.catalog.get(name) else {
            continue;
        };
        let missing: Vec<Usage> = def
            .certificates
            .iter()
            .filter(|c| !c.usage.is_global() && assignments.current(c.usage).is_none())
            .map(|c| c.usage)
            .collect();
        if !missing.is_empty() {
            return Err(ComponentError::CertificatesMissing {
                component: name.clone(),
                usages: missing,
            });
        }
    }
    let mut started = Vec::new();
    for name in &crate::components::start_order(&manifest, &ctx.catalog) {
        if log.cancelled() {
            return Err(ComponentError::Failed(format!(
                "cancelled by the administrator before {name}; the services already started keep running"
            )));
        }
        let Some(def) = ctx.catalog.get(name) else {
            continue;
        };
        let dir = manifest.component_dir(data, name);
        let vars = ctx.vars(def, &dir);
        for service in &def.services {
            if service_running(service, &dir) {
                log.tell(
                    Reason::new("said-service-already-running").with("service", &service.name),
                );
                continue;
            }
            start_service(service, name, &dir, &vars, log)?;
            started.push(service.name.clone());
        }
    }
    Ok(started)
}

/// Starts one service of the component `component` installed in `dir` and waits until it
/// runs and its TLS ports listen; records who its process is.
fn start_service(
    service: &ServiceDef,
    component: &str,
    dir: &Path,
    vars: &BTreeMap<String, String>,
    log: &mut RunLog,
) -> Result<(), ComponentError> {
    prepare_start(service, dir, vars, log)?;
    let mut runner = Runner::of(service, vars);
    // The service's directories: made inside its component's directory without following a
    // link (a path from the topology, or a directory the service account replaced by a link,
    // can never make root chown or chmod something elsewhere). A service that runs as its own
    // user owns its working directories (PostgreSQL wants its data directory to itself: 0700);
    // directories the workers write to belong to the service user (the master stays root).
    let worker_account = vars
        .get("service_user")
        .filter(|user| !user.is_empty())
        .and_then(|user| crate::process::system_account(user));
    let owned = service
        .directories
        .iter()
        .map(|sub| (sub, runner.account.as_ref(), Some(0o700)))
        .chain(
            service
                .worker_directories
                .iter()
                .map(|sub| (sub, worker_account.as_ref(), None)),
        );
    for (sub, account, mode) in owned {
        let rendered = render(sub, vars).map_err(ComponentError::BadInput)?;
        let relative = crate::contained::inside(dir, &rendered).map_err(|problem| {
            ComponentError::BadInput(format!(
                "{rendered}: refused as a directory of {}: {problem} (it must stay inside {})",
                service.name,
                dir.display()
            ))
        })?;
        let owner = crate::contained::Owner {
            ids: account.map(|a| (a.uid, a.gid)),
            mode: account.and(mode),
        };
        crate::contained::make_dir(dir, &relative, owner).map_err(|e| {
            ComponentError::Failed(match account {
                Some(account) => format!(
                    "cannot give {} to {}: {e}",
                    dir.join(&relative).display(),
                    account.user
                ),
                None => format!("cannot create {}: {e}", dir.join(&relative).display()),
            })
        })?;
    }
    if !service.init.is_empty() && !dir.join(&service.init_creates).exists() {
        let env: Vec<(String, String)> = service
            .init_env
            .iter()
            .map(|(k, v)| Ok((k.clone(), render(v, vars)?)))
            .collect::<Result<_, String>>()
            .map_err(ComponentError::BadInput)?;
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        run_as(&resolve_command(&service.init, vars)?.1, &env, &runner, log)?;
        log.tell(Reason::new("said-service-initialised").with("service", &service.name));
    }
    let service_env: Vec<(String, String)> = service
        .env
        .iter()
        .map(|(k, v)| Ok((k.clone(), render(v, vars)?)))
        .collect::<Result<Vec<_>, String>>()
        .map_err(ComponentError::BadInput)?
        .into_iter()
        .filter(|(_, v)| !v.is_empty())
        .collect();
    let service_env: Vec<(&str, &str)> = service_env
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    if systemd::selected() {
        let unit = systemd::unit_name(service, dir);
        let text = systemd::unit_file(service, component, vars)?;
        let path = Path::new(systemd::UNIT_DIR).join(&unit);
        crate::atomic::write(&path, text.as_bytes())
            .map_err(|e| ComponentError::Failed(format!("cannot write {}: {e}", path.display())))?;
        log.tell(Reason::new("said-systemd-unit").with("unit", path.display()));
        run(&["systemctl".into(), "daemon-reload".into()], vars, log)?;
        run(&["systemctl".into(), "start".into(), unit], vars, log)?;
    } else {
        if !service.test.is_empty() {
            run_as(
                &resolve_command(&service.test, vars)?.1,
                &service_env,
                &runner,
                log,
            )?;
        }
        // A daemon that keeps its output open after the command ends writes it to a file.
        if service.start_output_to_file {
            runner.output_file = Some(dir.join(format!(".{}.start.out", service.name)));
        }
        run_as(
            &resolve_command(&service.start, vars)?.1,
            &service_env,
            &runner,
            log,
        )?;
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let ports_up = service.tls_ports.iter().all(|p| {
            port_of(&p.port, vars)
                .is_ok_and(|port| std::net::TcpStream::connect((local_address(vars), port)).is_ok())
        });
        let started = pid_of(service, dir).is_some_and(process::exists);
        // A daemon's main process leaves our process group when it detaches (setsid):
        // recorded before, its group would be ours, and its workers not known as its own. A
        // program that never detaches is recorded after a moment all the same.
        let detached = pid_of(service, dir)
            .and_then(process::identity)
            .is_some_and(|id| Some(id.pgid) != process::own_process_group())
            || Instant::now() + Duration::from_secs(13) > deadline;
        if started && ports_up && detached {
            break;
        }
        if Instant::now() > deadline {
            return Err(ComponentError::Failed(format!(
                "{} did not start listening in 15 s; see {}",
                service.name,
                dir.join("logs").display()
            )));
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let identity = service
        .process(dir)
        .record_started()
        .map_err(ComponentError::Failed)?;
    log.tell(
        Reason::new("said-service-running")
            .with("service", &service.name)
            .with("pid", identity.pid),
    );
    provision(service, vars, log)
}

/// Step 2's handle on the services of a component (see [`ServiceControl`]).
pub struct Services;

impl ServiceControl for Services {
    fn stop_and_unregister(
        &self,
        def: &ComponentDef,
        dir: &Path,
        log: &mut RunLog,
    ) -> Result<(), ComponentError> {
        let vars = BTreeMap::from([("install".to_string(), dir.display().to_string())]);
        for service in &def.services {
            stop_service(service, dir, &vars, log)?;
            let unit = Path::new(systemd::UNIT_DIR).join(systemd::unit_name(service, dir));
            if unit.exists() {
                std::fs::remove_file(&unit).map_err(|e| {
                    ComponentError::Failed(format!("cannot remove {}: {e}", unit.display()))
                })?;
                log.tell(
                    Reason::new("said-systemd-unit-removed")
                        .with("service", &def.name)
                        .with("unit", unit.display()),
                );
            }
        }
        Ok(())
    }

    fn reload_running(
        &self,
        data: &DataDir,
        def: &ComponentDef,
        vars: &BTreeMap<String, String>,
        changed: &[String],
        log: &mut RunLog,
    ) -> Result<Vec<String>, ComponentError> {
        let Some(dir) = vars.get("install").map(PathBuf::from) else {
            return Ok(Vec::new());
        };
        let mut reloaded = Vec::new();
        for service in &def.services {
            if !service_running(service, &dir) {
                continue;
            }
            if service
                .restart_on_change
                .iter()
                .any(|f| changed.contains(f))
            {
                stop_service(service, &dir, vars, log)?;
                start_service(service, &def.name, &dir, vars, log)?;
                log.tell(Reason::new("said-service-restarted").with("service", &service.name));
            } else {
                let assigned = crate::cert::assign::current_thumbprints(data)?;
                reload(service, vars, &assigned, log)?;
            }
            reloaded.push(service.name.clone());
        }
        Ok(reloaded)
    }
}

/// Stops every service of the installed components.
pub fn stop_all(data: &DataDir, log: &mut RunLog) -> Result<Vec<String>, ComponentError> {
    let catalog = crate::components::catalog::load(&data.root().join("catalog"))?;
    let manifest = InstallManifest::load(data)?;
    // The full variables where the replica is there (a stop command may need them).
    let ctx = context(data).ok();
    let mut stopped = Vec::new();
    let mut names = crate::components::start_order(&manifest, &catalog);
    names.reverse();
    for name in &names {
        let Some(def) = catalog.get(name) else {
            continue;
        };
        let dir = manifest.component_dir(data, name);
        let vars = match &ctx {
            Some(ctx) => ctx.vars(def, &dir),
            None => BTreeMap::from([("install".to_string(), dir.display().to_string())]),
        };
        for service in &def.services {
            let was_running = service_running(service, &dir);
            stop_service(service, &dir, &vars, log)?;
            if was_running {
                stopped.push(service.name.clone());
            } else {
                log.tell(Reason::new("said-service-not-running").with("service", &service.name));
            }
        }
    }
    Ok(stopped)
}

/// A TLS port as Service Status shows it.
#[derive(Debug, Clone, Serialize)]
pub struct PortStatus {
    /// Port.
    pub port: u16,
    /// Usage whose certificate it must present.
    pub usage: Usage,
    /// Who listens on it now (whatever the pid file says).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub listener: Option<Listener>,
    /// Thumbprint presented.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presented: Option<String>,
    /// Thumbprint assigned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assigned: Option<String>,
    /// Green only when the service runs and presents the assigned certificate.
    pub matches: bool,
    /// Why nothing was presented.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Whether the host firewall admits the port (a wizard rule names it); absent when the
    /// host has no active firewall.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admitted: Option<bool>,
}

/// A service as Service Status shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceStatus {
    /// Service name.
    pub name: String,
    /// Component.
    pub component: String,
    /// Running or not (its verified process is alive).
    pub running: bool,
    /// Its process.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid: Option<u32>,
    /// Processes of it left running after its main process died (they may hold its ports).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub orphans: Vec<u32>,
    /// A pid file naming a process that is not this service.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stale_pid: Option<u32>,
    /// TLS ports.
    pub ports: Vec<PortStatus>,
    /// Whether the health page answered 200.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub healthy: Option<bool>,
    /// A replication standby: how many bytes of its primary's write-ahead log it has not
    /// replayed yet (0: in sync).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replication_lag: Option<u64>,
}

/// The services of installed components that do not run (cheap: no network), for the step
/// cards: step 4 is not Complete while one it started is down.
pub fn down(data: &DataDir) -> Vec<String> {
    let Ok(catalog) = crate::components::catalog::load(&data.root().join("catalog")) else {
        return Vec::new();
    };
    let Ok(manifest) = InstallManifest::load(data) else {
        return Vec::new();
    };
    let mut down = Vec::new();
    for name in manifest.components.keys() {
        let Some(def) = catalog.get(name) else {
            continue;
        };
        let dir = manifest.component_dir(data, name);
        for service in &def.services {
            if !service_running(service, &dir) {
                down.push(service.name.clone());
            }
        }
    }
    down
}

/// Where to answer an ACME http-01 challenge instead of listening on `listen`, when this
/// server's web services already hold that port with their HTTP listener (the topology's
/// `http_port`): their `acme-challenge/` directory, which nginx serves under
/// `/.well-known/acme-challenge/`. Only a running web services process verified to be ours,
/// listening where the CA connects, counts; anything else holding the port is not answered
/// through.
pub fn http01_webroot(data: &DataDir, listen: std::net::SocketAddr) -> Option<PathBuf> {
    let ctx = context(data).ok()?;
    let manifest = InstallManifest::load(data).ok()?;
    let def = ctx.catalog.get("WebServices")?;
    manifest.components.get(&def.name)?;
    let dir = manifest.component_dir(data, &def.name);
    let vars = ctx.vars(def, &dir);
    let port: u16 = vars.get("web_http_port")?.parse().ok()?;
    if port != listen.port() {
        return None;
    }
    let service = def.services.first()?;
    let Liveness::Running(main) = liveness(service, &dir) else {
        return None;
    };
    let holder = process::listener_at(Some(listen.ip()), port)?.pid?;
    let ours = holder == main.pid || process::group_of(&main).iter().any(|p| p.pid == holder);
    ours.then(|| dir.join(crate::components::ACME_WEBROOT))
}

/// Service Status: every service, running or not, who listens on each of its TLS ports and
/// what each presents.
pub fn status(data: &DataDir) -> Result<Vec<ServiceStatus>, ComponentError> {
    let ctx = context(data)?;
    let manifest = InstallManifest::load(data)?;
    let current = crate::cert::assign::current_thumbprints(data)?;
    let firewall = crate::components::firewall::admitted();
    let mut out = Vec::new();
    for name in &crate::components::start_order(&manifest, &ctx.catalog) {
        let Some(def) = ctx.catalog.get(name) else {
            continue;
        };
        let dir = manifest.component_dir(data, name);
        let vars = ctx.vars(def, &dir);
        for service in &def.services {
            let live = liveness(service, &dir);
            let running = matches!(live, Liveness::Running(_));
            let mut ports = Vec::new();
            // A component the topology no longer asks for here (step 2 removes it) may not
            // render any more: its ports and health are then unknown, not an error.
            for tls in &service.tls_ports {
                let Ok(port) = port_of(&tls.port, &vars) else {
                    continue;
                };
                let assigned = current.get(&tls.usage).cloned();
                let listener = process::listener_on(port);
                let (presented, error) = if listener.is_some() {
                    let server_name = render(&tls.server_name, &vars).unwrap_or_default();
                    match probe::presented_certificate(local_address(&vars), port, &server_name) {
                        Ok(der) => (Some(thumbprint(&der)), None),
                        Err(e) => (None, Some(e)),
                    }
                } else if running {
                    (None, Some(format!("nothing listens on port {port}")))
                } else {
                    (None, Some("the service is not running".to_string()))
                };
                let matches = running && presented.is_some() && presented == assigned;
                ports.push(PortStatus {
                    port,
                    usage: tls.usage,
                    listener,
                    presented,
                    assigned,
                    matches,
                    error,
                    admitted: firewall.as_ref().map(|a| a.tcp.contains(&port)),
                });
            }
            let probe_target = service.health.as_ref().and_then(|health| {
                Some((
                    health,
                    port_of(&health.port, &vars).ok()?,
                    render(&health.server_name, &vars).ok()?,
                ))
            });
            let mut lag = None;
            let healthy = match (probe_target, running) {
                (Some((health, port, server_name)), true) => {
                    Some(match health.protocol {
                        HealthProtocol::Https => {
                            probe::https_get(local_address(&vars), port, &server_name, &health.path)
                                .is_ok_and(|(code, _)| code == 200)
                        }
                        HealthProtocol::SipOptions => {
                            probe::sip_options(local_address(&vars), port, &server_name)
                                .is_ok_and(|code| code == 200)
                        }
                        HealthProtocol::TurnAllocate => turn_healthy(&vars, port, &server_name),
                        // The chat service is degraded when its store does not answer.
                        HealthProtocol::Xmpp => {
                            probe::xmpp_starttls(local_address(&vars), port, &server_name).is_ok()
                                && store_query(&vars, "SELECT 1").is_ok()
                        }
                        HealthProtocol::Postgresql => store_healthy(&vars),
                        HealthProtocol::PostgresqlStandby => {
                            lag = standby_lag(&vars);
                            lag.is_some()
                        }
                    })
                }
                _ => None,
            };
            let (pid, orphans, stale_pid) = match live {
                Liveness::Running(id) => (Some(id.pid), Vec::new(), None),
                Liveness::Orphans(group) => (None, group.iter().map(|p| p.pid).collect(), None),
                Liveness::Stale(pid) => (None, Vec::new(), Some(pid)),
                Liveness::Stopped => (None, Vec::new(), None),
            };
            out.push(ServiceStatus {
                name: service.name.clone(),
                component: name.clone(),
                running,
                pid,
                orphans,
                stale_pid,
                ports,
                healthy,
                replication_lag: lag,
            });
        }
    }
    Ok(out)
}
