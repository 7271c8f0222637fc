//! `components plan | setup [--install-path DIR] | remove`: step 2.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;

use super::{CliError, Output};
use crate::components::{self, ComponentError};
use crate::data_dir::DataDir;
use crate::deploy;

/// Component commands.
#[derive(Debug, Subcommand)]
pub enum ComponentsCommand {
    /// What step 2 would add, update and remove, and whether the prerequisites hold.
    Plan {
        /// Install path (chosen once; default under the data dir).
        #[arg(long, value_name = "DIR")]
        install_path: Option<PathBuf>,
    },
    /// Step 2: install and update what this server's roles need, remove what they no longer do.
    Setup {
        /// Install path (chosen once; default under the data dir).
        #[arg(long, value_name = "DIR")]
        install_path: Option<PathBuf>,
    },
    /// Stop and remove every installed component (only the files step 2 wrote).
    Remove,
    /// Install the programs step 2's prerequisites miss, with apt or dnf (as root).
    InstallPrograms {
        /// Only say which packages and which command line.
        #[arg(long)]
        dry_run: bool,
    },
}

impl From<ComponentError> for CliError {
    fn from(error: ComponentError) -> Self {
        let detail = match &error {
            ComponentError::Prerequisites(unmet) => json!({ "unmet_prerequisites": unmet }),
            _ => serde_json::Value::Null,
        };
        CliError {
            failure: error.failure(),
            message: super::with_hint(&error),
            detail,
        }
    }
}

impl From<deploy::StepError<ComponentError>> for CliError {
    fn from(error: deploy::StepError<ComponentError>) -> Self {
        CliError::from(error.error).with_run(error.run)
    }
}

fn names(list: &[String]) -> String {
    if list.is_empty() {
        "none".into()
    } else {
        list.join(", ")
    }
}

pub(super) fn run(command: ComponentsCommand, data: &DataDir) -> Result<Output, CliError> {
    match command {
        ComponentsCommand::Plan { install_path } => {
            let (plan, ctx, manifest) = components::plan(data, install_path.as_deref())?;
            let unmet = components::unmet_prerequisites(data, &plan, &ctx, &manifest);
            let mut text = format!(
                "Install path: {}\nAdd:       {}\nUpdate:    {}\nRemove:    {}\nUnchanged: {}",
                plan.install_path.display(),
                names(&plan.add),
                names(&plan.update),
                names(&plan.remove),
                names(&plan.unchanged)
            );
            if unmet.is_empty() {
                text.push_str("\nPrerequisites: satisfied");
            } else {
                let why = crate::log::Reason::new("why-prerequisites")
                    .with_parts(unmet.iter().map(|u| u.why.clone()).collect());
                text.push('\n');
                text.push_str(&crate::wording::reason(&why));
            }
            Ok(Output::new(
                text,
                json!({ "plan": plan, "unmet_prerequisites": unmet }),
            ))
        }
        ComponentsCommand::Setup { install_path } => {
            let (report, run) = deploy::setup_components(data, install_path.as_deref(), None)?;
            let mut text = format!(
                "Installed: {}; updated: {}; removed: {}; unchanged: {}\n{} file(s) written, {} removed",
                names(&report.plan.add),
                names(&report.plan.update),
                names(&report.plan.remove),
                names(&report.plan.unchanged),
                report.written,
                report.removed
            );
            if !report.reloaded.is_empty() {
                text.push_str(&format!("\nReloaded: {}", report.reloaded.join(", ")));
            }
            if report.plan.reboot_required {
                text.push_str("\nRestart this server before starting the services.");
            }
            Ok(Output::new(text, json!({ "report": report, "run": run })))
        }
        ComponentsCommand::InstallPrograms { dry_run: true } => {
            let plan = deploy::programs_to_install(data)?;
            let text = match (plan.packages.is_empty(), plan.command.is_empty()) {
                (true, _) => "Nothing to install: every program step 2 needs is here".to_string(),
                (false, true) => format!(
                    "Missing packages: {} (this system has neither apt nor dnf)",
                    plan.packages.join(" ")
                ),
                (false, false) => format!(
                    "Missing packages: {}\nWould run: {}{}",
                    plan.packages.join(" "),
                    plan.command.join(" "),
                    if plan.root { "" } else { " (as root)" }
                ),
            };
            Ok(Output::new(text, json!(plan)))
        }
        ComponentsCommand::InstallPrograms { dry_run: false } => {
            let (plan, run) = deploy::install_programs(data, None)?;
            Ok(Output::new(
                format!("Installed {}\nRun log: {run}", plan.packages.join(" ")),
                json!({ "plan": plan, "run": run }),
            ))
        }
        ComponentsCommand::Remove => {
            let (removed, run) = deploy::remove_components(data, None)?;
            Ok(Output::new(
                format!("Removed every component ({removed} file(s))"),
                json!({ "removed": removed, "run": run }),
            ))
        }
    }
}
