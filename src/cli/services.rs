//! `services start | stop | status`: step 4 and Service Status.

use clap::Subcommand;
use serde_json::json;

use super::{CliError, Output};
use crate::data_dir::DataDir;
use crate::{deploy, services};

/// Service commands.
#[derive(Debug, Subcommand)]
pub enum ServicesCommand {
    /// Step 4: start every service of the installed components.
    Start,
    /// Stop every service.
    Stop,
    /// Each service, running or not, and the certificate each TLS port presents.
    Status,
}

pub(super) fn run(command: ServicesCommand, data: &DataDir) -> Result<Output, CliError> {
    match command {
        ServicesCommand::Start => {
            let (started, run) = deploy::start_services(data, None)?;
            let text = if started.is_empty() {
                crate::fl!("cli-services-none-started")
            } else {
                crate::fl!("cli-services-started", services = started.join(", "))
            };
            Ok(Output::new(text, json!({ "started": started, "run": run })))
        }
        ServicesCommand::Stop => {
            let (stopped, run) = deploy::stop_services(data, None)?;
            let text = if stopped.is_empty() {
                crate::fl!("cli-services-none-stopped")
            } else {
                crate::fl!("cli-services-stopped", services = stopped.join(", "))
            };
            Ok(Output::new(text, json!({ "stopped": stopped, "run": run })))
        }
        ServicesCommand::Status => {
            let statuses = services::status(data)?;
            let text = if statuses.is_empty() {
                crate::fl!("cli-services-none-installed")
            } else {
                statuses
                    .iter()
                    .flat_map(status_lines)
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            Ok(Output::new(text, json!({ "services": statuses })))
        }
    }
}

/// One service as `services status` prints it: its state (with what the JSON says of orphans and
/// a stale pid file), then a line per TLS port.
fn status_lines(s: &services::ServiceStatus) -> Vec<String> {
    let mut state = if s.running {
        crate::fl!("cli-service-running")
    } else {
        crate::fl!("cli-service-not-running")
    };
    match s.healthy {
        Some(true) => state.push_str(&crate::fl!("cli-service-healthy")),
        Some(false) => state.push_str(&crate::fl!("cli-service-degraded")),
        None => {}
    }
    match s.replication_lag {
        Some(0) => state.push_str(&crate::fl!("cli-service-standby-in-sync")),
        Some(bytes) => state.push_str(&crate::fl!("cli-service-standby-behind", bytes = bytes)),
        None => {}
    }
    if !s.orphans.is_empty() {
        let pids: Vec<String> = s.orphans.iter().map(u32::to_string).collect();
        state.push_str(&crate::fl!(
            "cli-service-orphans",
            count = s.orphans.len(),
            pids = pids.join(", ")
        ));
    }
    if let Some(pid) = s.stale_pid {
        state.push_str(&crate::fl!("cli-service-stale-pid", pid = pid));
    }
    let mut lines = vec![crate::fl!(
        "cli-service-line",
        service = s.name.as_str(),
        component = s.component.as_str(),
        state = state
    )];
    for p in &s.ports {
        let nothing = crate::fl!("cli-service-nothing");
        let mut line = "  ".to_string()
            + &crate::fl!(
                "cli-service-port",
                port = p.port,
                usage = p.usage.to_string(),
                presented = p.presented.clone().unwrap_or_else(|| nothing.clone()),
                assigned = p.assigned.clone().unwrap_or_else(|| nothing.clone()),
                state = if p.matches {
                    crate::fl!("cli-service-port-ok")
                } else {
                    crate::fl!("cli-service-port-mismatch")
                }
            );
        if let Some(error) = &p.error {
            line.push_str(&format!(" ({error})"));
        }
        lines.push(line);
    }
    lines
}
