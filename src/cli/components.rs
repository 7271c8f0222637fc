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
        crate::fl!("cli-components-none")
    } else {
        list.join(", ")
    }
}

/// `label value` lines with the values aligned after the longest label.
fn aligned(rows: &[(String, String)]) -> String {
    let width = rows
        .iter()
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0);
    rows.iter()
        .map(|(label, value)| format!("{label:<width$} {value}"))
        .collect::<Vec<_>>()
        .join("\n")
}

pub(super) fn run(command: ComponentsCommand, data: &DataDir) -> Result<Output, CliError> {
    match command {
        ComponentsCommand::Plan { install_path } => {
            let (plan, ctx, manifest) = components::plan(data, install_path.as_deref())?;
            let unmet = components::unmet_prerequisites(data, &plan, &ctx, &manifest);
            let mut text = crate::fl!(
                "cli-components-install-path",
                path = plan.install_path.display().to_string()
            );
            text.push('\n');
            text.push_str(&aligned(&[
                (crate::fl!("cli-components-label-add"), names(&plan.add)),
                (
                    crate::fl!("cli-components-label-update"),
                    names(&plan.update),
                ),
                (
                    crate::fl!("cli-components-label-remove"),
                    names(&plan.remove),
                ),
                (
                    crate::fl!("cli-components-label-unchanged"),
                    names(&plan.unchanged),
                ),
            ]));
            if unmet.is_empty() {
                text.push('\n');
                text.push_str(&crate::fl!("cli-components-prerequisites-satisfied"));
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
                "{}\n{}",
                crate::fl!(
                    "cli-components-setup-summary",
                    added = names(&report.plan.add),
                    updated = names(&report.plan.update),
                    removed = names(&report.plan.remove),
                    unchanged = names(&report.plan.unchanged)
                ),
                crate::fl!(
                    "cli-components-files",
                    written = report.written,
                    removed = report.removed
                )
            );
            if !report.reloaded.is_empty() {
                text.push('\n');
                text.push_str(&crate::fl!(
                    "cli-components-reloaded",
                    services = report.reloaded.join(", ")
                ));
            }
            if report.plan.reboot_required {
                text.push('\n');
                text.push_str(&crate::fl!("cli-components-restart-required"));
            }
            Ok(Output::new(text, json!({ "report": report, "run": run })))
        }
        ComponentsCommand::InstallPrograms { dry_run: true } => {
            let plan = deploy::programs_to_install(data)?;
            let (packages, command) = (plan.packages.join(" "), plan.command.join(" "));
            let text = match (plan.packages.is_empty(), plan.command.is_empty()) {
                (true, _) => crate::fl!("cli-components-nothing-to-install"),
                (false, true) => crate::fl!(
                    "cli-components-missing-packages-no-manager",
                    packages = packages
                ),
                (false, false) => format!(
                    "{}\n{}",
                    crate::fl!("cli-components-missing-packages", packages = packages),
                    if plan.root {
                        crate::fl!("cli-components-would-run", command = command)
                    } else {
                        crate::fl!("cli-components-would-run-as-root", command = command)
                    }
                ),
            };
            Ok(Output::new(text, json!(plan)))
        }
        ComponentsCommand::InstallPrograms { dry_run: false } => {
            let (plan, run) = deploy::install_programs(data, None)?;
            let text = format!(
                "{}\n{}",
                crate::fl!(
                    "cli-components-installed-packages",
                    packages = plan.packages.join(" ")
                ),
                crate::fl!("cli-main-run-log", run = run.as_str())
            );
            Ok(Output::new(text, json!({ "plan": plan, "run": run })))
        }
        ComponentsCommand::Remove => {
            let (removed, run) = deploy::remove_components(data, None)?;
            Ok(Output::new(
                crate::fl!("cli-components-removed", count = removed),
                json!({ "removed": removed, "run": run }),
            ))
        }
    }
}
