//! Step 4, Start Services, and Service Status: the services of installed components, run by
//! the `process` backend (the service's own command, detached, with a pid file), and for every
//! TLS port the certificate it presents compared with the one assigned.

pub mod probe;
pub mod systemd;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::cert::Usage;
use crate::cert::assign::Assignments;
use crate::cert::info::thumbprint;
use crate::components::catalog::{ComponentDef, ServiceDef};
use crate::components::render::render;
use crate::components::{ComponentError, InstallManifest, context};
use crate::data_dir::DataDir;
use crate::log::RunLog;

/// Whether this process runs as root (Linux: from /proc).
pub fn running_as_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

/// The full path of a program on PATH.
pub fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

fn pid_of(service: &ServiceDef, dir: &Path) -> Option<u32> {
    std::fs::read_to_string(dir.join(&service.pid_file))
        .ok()?
        .trim()
        .parse()
        .ok()
}

fn alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

/// The processes whose parent is `pid` (Linux: from /proc).
fn children_of(pid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|child| {
            std::fs::read_to_string(format!("/proc/{child}/stat"))
                .ok()
                // The command name (field 2) may hold spaces; the parent pid follows its ')'.
                .and_then(|stat| {
                    stat.rsplit_once(')')
                        .map(|(_, rest)| rest.split_whitespace().nth(1) == Some(&pid.to_string()))
                })
                .unwrap_or(false)
        })
        .collect()
}

/// Whether the service runs (its pid file names a live process).
pub fn service_running(service: &ServiceDef, dir: &Path) -> bool {
    pid_of(service, dir).is_some_and(alive)
}

/// Whether any service of the component runs.
pub fn component_running(def: &ComponentDef, dir: &Path) -> bool {
    def.services.iter().any(|s| service_running(s, dir))
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

fn run(
    command: &[String],
    vars: &BTreeMap<String, String>,
    log: &mut RunLog,
) -> Result<(), ComponentError> {
    let (resolved, argv) = resolve_command(command, vars)?;
    let (program, args) = argv
        .split_first()
        .expect("resolve_command refuses empty commands");
    log.info(&format!("$ {}", argv.join(" ")));
    let output = Command::new(&resolved)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| ComponentError::Failed(format!("cannot run {program}: {e}")))?;
    for line in String::from_utf8_lossy(&output.stderr)
        .lines()
        .chain(String::from_utf8_lossy(&output.stdout).lines())
    {
        log.info(line);
    }
    if !output.status.success() {
        return Err(ComponentError::Failed(format!(
            "{} failed ({})",
            argv.join(" "),
            output.status
        )));
    }
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
        run(&service.test, vars, log)?;
    }
    // A reload is graceful: old workers keep accepting for a moment. It is done when the
    // processes that served before the reload are gone.
    let master = vars
        .get("install")
        .and_then(|dir| pid_of(service, Path::new(dir)));
    let before = master.map(children_of).unwrap_or_default();
    match vars.get("install").filter(|_| systemd::selected()) {
        Some(install) => {
            let unit = systemd::unit_name(service, Path::new(install));
            run(&["systemctl".into(), "reload".into(), unit], vars, log)?;
        }
        None => run(&service.reload, vars, log)?,
    }
    let deadline = Instant::now() + Duration::from_secs(15);
    while before.iter().any(|pid| alive(*pid)) {
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
            let now = probe::presented_certificate(port, &server_name).map(|der| thumbprint(&der));
            if now.as_deref() == Ok(expected.as_str()) {
                log.info(&format!("port {port} presents {expected} ({})", tls.usage));
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
    log.info(&format!(
        "{} reloaded its configuration and certificates",
        service.name
    ));
    Ok(())
}

/// The current thumbprint of every usage (local assignments, and global ones from the replica).
pub fn assigned_thumbprints(data: &DataDir) -> Result<BTreeMap<Usage, String>, ComponentError> {
    let assignments = Assignments::load(data)?;
    let mut out: BTreeMap<Usage, String> = assignments
        .usages
        .iter()
        .filter_map(|(u, a)| a.current.clone().map(|t| (*u, t)))
        .collect();
    if let Some(replica) = crate::store::LocalConfigurationStore::open(data)?
        && let Some(current) = crate::cert::global::replicated_assignment(&replica)?.current
    {
        out.insert(Usage::OAuthTokenIssuer, current);
    }
    Ok(out)
}

/// Stops a service and waits for its process to end (by pid, as the pid file names it).
pub fn stop_service(
    service: &ServiceDef,
    dir: &Path,
    vars: &BTreeMap<String, String>,
    log: &mut RunLog,
) -> Result<(), ComponentError> {
    let Some(pid) = pid_of(service, dir).filter(|p| alive(*p)) else {
        return Ok(());
    };
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
    } else {
        run(&service.stop, vars, log)?;
    }
    let deadline = Instant::now() + Duration::from_secs(10);
    while alive(pid) && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    if alive(pid) {
        log.warn(&format!(
            "{} did not stop in 10 s; ending process {pid}",
            service.name
        ));
        let _ = Command::new("kill").arg(pid.to_string()).status();
        std::thread::sleep(Duration::from_millis(500));
    }
    if alive(pid) {
        return Err(ComponentError::Failed(format!(
            "{} (pid {pid}) does not stop",
            service.name
        )));
    }
    log.info(&format!("{} stopped", service.name));
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
    let mut started = Vec::new();
    for name in manifest.components.keys() {
        if log.cancelled() {
            return Err(ComponentError::Failed(format!(
                "cancelled by the administrator before {name}; the services already started keep running"
            )));
        }
        let Some(def) = ctx.catalog.get(name) else {
            continue;
        };
        let dir = manifest.component_dir(data, name);
        let missing: Vec<&str> = def
            .certificates
            .iter()
            .filter(|c| !c.usage.is_global() && assignments.current(c.usage).is_none())
            .map(|c| c.usage.as_str())
            .collect();
        if !missing.is_empty() {
            return Err(ComponentError::BadInput(format!(
                "{name} needs its certificates before it starts: assign {} (step 3), then run step 2 again",
                missing.join(", ")
            )));
        }
        let vars = ctx.vars(def, &dir);
        for service in &def.services {
            if service_running(service, &dir) {
                log.info(&format!("{} is already running", service.name));
                continue;
            }
            for sub in &service.directories {
                std::fs::create_dir_all(dir.join(sub)).map_err(|e| {
                    ComponentError::Failed(format!(
                        "cannot create {}: {e}",
                        dir.join(sub).display()
                    ))
                })?;
            }
            if systemd::selected() {
                let unit = systemd::unit_name(service, &dir);
                let text = systemd::unit_file(service, name, &vars)?;
                let path = Path::new(systemd::UNIT_DIR).join(&unit);
                crate::atomic::write(&path, text.as_bytes()).map_err(|e| {
                    ComponentError::Failed(format!("cannot write {}: {e}", path.display()))
                })?;
                log.info(&format!("systemd unit {}", path.display()));
                run(&["systemctl".into(), "daemon-reload".into()], &vars, log)?;
                run(&["systemctl".into(), "start".into(), unit], &vars, log)?;
            } else {
                if !service.test.is_empty() {
                    run(&service.test, &vars, log)?;
                }
                run(&service.start, &vars, log)?;
            }
            let deadline = Instant::now() + Duration::from_secs(15);
            loop {
                let ports_up = service.tls_ports.iter().all(|p| {
                    port_of(&p.port, &vars)
                        .is_ok_and(|port| std::net::TcpStream::connect(("127.0.0.1", port)).is_ok())
                });
                if service_running(service, &dir) && ports_up {
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
            log.info(&format!(
                "{} is running (pid {})",
                service.name,
                pid_of(service, &dir).unwrap_or_default()
            ));
            started.push(service.name.clone());
        }
    }
    Ok(started)
}

/// Stops every service of the installed components.
pub fn stop_all(data: &DataDir, log: &mut RunLog) -> Result<Vec<String>, ComponentError> {
    let catalog = crate::components::catalog::load(&data.root().join("catalog"))?;
    let manifest = InstallManifest::load(data)?;
    let mut stopped = Vec::new();
    for name in manifest.components.keys() {
        let Some(def) = catalog.get(name) else {
            continue;
        };
        let dir = manifest.component_dir(data, name);
        let vars = BTreeMap::from([("install".to_string(), dir.display().to_string())]);
        for service in &def.services {
            if service_running(service, &dir) {
                stop_service(service, &dir, &vars, log)?;
                stopped.push(service.name.clone());
            } else {
                log.info(&format!("{} is not running", service.name));
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
    /// Thumbprint presented.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub presented: Option<String>,
    /// Thumbprint assigned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assigned: Option<String>,
    /// Green only when they are the same.
    pub matches: bool,
    /// Why nothing was presented.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// A service as Service Status shows it.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceStatus {
    /// Service name.
    pub name: String,
    /// Component.
    pub component: String,
    /// Running or not.
    pub running: bool,
    /// Its process.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pid: Option<u32>,
    /// TLS ports.
    pub ports: Vec<PortStatus>,
    /// Whether the health page answered 200.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub healthy: Option<bool>,
}

/// Service Status: every service, running or not, and what each TLS port presents.
pub fn status(data: &DataDir) -> Result<Vec<ServiceStatus>, ComponentError> {
    let ctx = context(data)?;
    let manifest = InstallManifest::load(data)?;
    let assignments = Assignments::load(data)?;
    let mut out = Vec::new();
    for name in manifest.components.keys() {
        let Some(def) = ctx.catalog.get(name) else {
            continue;
        };
        let dir = manifest.component_dir(data, name);
        let vars = ctx.vars(def, &dir);
        for service in &def.services {
            let running = service_running(service, &dir);
            let mut ports = Vec::new();
            for tls in &service.tls_ports {
                let port = port_of(&tls.port, &vars)?;
                let assigned = assignments.current(tls.usage).map(str::to_string);
                let (presented, error) = if running {
                    let server_name =
                        render(&tls.server_name, &vars).map_err(ComponentError::BadInput)?;
                    match probe::presented_certificate(port, &server_name) {
                        Ok(der) => (Some(thumbprint(&der)), None),
                        Err(e) => (None, Some(e)),
                    }
                } else {
                    (None, Some("the service is not running".to_string()))
                };
                let matches = presented.is_some() && presented == assigned;
                ports.push(PortStatus {
                    port,
                    usage: tls.usage,
                    presented,
                    assigned,
                    matches,
                    error,
                });
            }
            let healthy = match (&service.health, running) {
                (Some(health), true) => {
                    let port = port_of(&health.port, &vars)?;
                    let server_name =
                        render(&health.server_name, &vars).map_err(ComponentError::BadInput)?;
                    Some(
                        probe::https_get(port, &server_name, &health.path)
                            .is_ok_and(|(code, _)| code == 200),
                    )
                }
                _ => None,
            };
            out.push(ServiceStatus {
                name: service.name.clone(),
                component: name.clone(),
                running,
                pid: pid_of(service, &dir).filter(|p| alive(*p)),
                ports,
                healthy,
            });
        }
    }
    Ok(out)
}
