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
                "Every service was already running".to_string()
            } else {
                format!("Started {}", started.join(", "))
            };
            Ok(Output::new(text, json!({ "started": started, "run": run })))
        }
        ServicesCommand::Stop => {
            let (stopped, run) = deploy::stop_services(data, None)?;
            let text = if stopped.is_empty() {
                "No service was running".to_string()
            } else {
                format!("Stopped {}", stopped.join(", "))
            };
            Ok(Output::new(text, json!({ "stopped": stopped, "run": run })))
        }
        ServicesCommand::Status => {
            let statuses = services::status(data)?;
            let mut lines = Vec::new();
            for s in &statuses {
                lines.push(format!(
                    "{} ({}): {}{}{}",
                    s.name,
                    s.component,
                    if s.running { "running" } else { "not running" },
                    match s.healthy {
                        Some(true) => ", healthy",
                        Some(false) => ", degraded: its health check fails",
                        None => "",
                    },
                    match s.replication_lag {
                        Some(0) => ", standby in sync with its primary".to_string(),
                        Some(bytes) => format!(", standby {bytes} bytes behind its primary"),
                        None => String::new(),
                    }
                ));
                for p in &s.ports {
                    let state = if p.matches { "ok" } else { "MISMATCH" };
                    lines.push(format!(
                        "  port {} {}: presents {}, assigned {} [{}]{}",
                        p.port,
                        p.usage,
                        p.presented.as_deref().unwrap_or("nothing"),
                        p.assigned.as_deref().unwrap_or("nothing"),
                        state,
                        p.error
                            .as_ref()
                            .map(|e| format!(" ({e})"))
                            .unwrap_or_default()
                    ));
                }
            }
            let text = if lines.is_empty() {
                "No service is installed.".to_string()
            } else {
                lines.join("\n")
            };
            Ok(Output::new(text, json!({ "services": statuses })))
        }
    }
}
