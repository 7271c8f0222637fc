//! `checklist persistent-chat`: the Persistent Chat deployment checklist with live states.

use clap::Subcommand;
use serde_json::json;

use super::{CliError, Output};
use crate::data_dir::DataDir;
use crate::deploy::persistent_chat::checklist;

/// Checklists.
#[derive(Debug, Subcommand)]
pub enum ChecklistCommand {
    /// The five tasks of a Persistent Chat deployment, each with its state.
    PersistentChat,
}

pub(super) fn run(command: ChecklistCommand, data: &DataDir) -> Result<Output, CliError> {
    let ChecklistCommand::PersistentChat = command;
    let tasks = checklist(data)?;
    let text = tasks
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let task = crate::fl!(
                "cli-checklist-task",
                number = i + 1,
                state = crate::wording::checklist_state(t.state),
                title = crate::wording::checklist_title(t.id)
            );
            let roles = crate::fl!("pc-roles", roles = crate::wording::checklist_roles(t.id));
            // The task's reason and roles under its title, indented.
            format!(
                "{task}\n   {}\n   {roles}",
                crate::wording::checklist_reason(&t.reason)
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    Ok(Output::new(text, json!({ "tasks": tasks })))
}
