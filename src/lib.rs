//! deploy-wizard: the Deployment Wizard and Certificate Wizard of a unified-communications
//! deployment, as a library with two faces (a GUI and a CLI) over the same core commands.
//!
//! How the pieces fit:
//! - [`topology`] — the published description of the deployment: model, validation with
//!   `line:column` and JSON paths, and which server of it this machine is.
//! - [`store`] — the central management store (a directory, an HTTPS URL, or an exported zip)
//!   and this server's local configuration store (the replica step 1 installs).
//! - [`deploy`] — the deployment steps as logged runs, their recorded states, and `status`.
//! - [`log`] — run logs: events streamed live and stored as JSON Lines, rendered as text or
//!   HTML, with every line passed through a secret [`log::Redactor`].
//! - [`cli`] — the clap command tree; [`gui`] — the iced window. Neither touches files itself:
//!   both call the core.
//!
//! Every change to the machine goes through a core command, and every command's log shows the
//! CLI line that reproduces it.

#![forbid(unsafe_code)]

pub mod atomic;
pub mod cert;
pub mod cli;
pub mod components;
pub mod data_dir;
pub mod deploy;
pub mod gui;
pub mod https;
pub mod i18n;
pub mod input;
pub mod integration;
pub mod lock;
pub mod log;
pub mod process;
pub mod services;
pub mod settings;
pub mod store;
pub mod topology;
pub mod wording;

/// How an error should end the program: bad input (exit 2) or a failed action (exit 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The administrator gave something wrong: fix the input and run again.
    BadInput,
    /// The action was attempted and failed; the reason says why.
    ActionFailed,
}

impl Failure {
    /// The process exit code.
    pub fn exit_code(self) -> i32 {
        match self {
            Failure::BadInput => 2,
            Failure::ActionFailed => 1,
        }
    }
}
