//! `checklist persistent-chat`: the Persistent Chat deployment checklist with live states.

use clap::Subcommand;
use serde_json::json;

use super::{CliError, Output};
use crate::data_dir::DataDir;
use crate::deploy::persistent_chat::{TaskState, checklist};

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
            let state = match t.state {
                TaskState::Done => "done",
                TaskState::Partial => "partial",
                TaskState::NotDone => "to do",
                TaskState::CannotVerify => "check yourself",
            };
            format!(
                "{}. [{state}] {}\n   {}\n   Needs: {}",
                i + 1,
                t.title,
                t.detail,
                t.roles
            )
        })
        .collect::<Vec<_>>()
        .join("\n");
    Ok(Output::new(text, json!({ "tasks": tasks })))
}
