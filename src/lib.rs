//! deploy-wizard: the Deployment Wizard and Certificate Wizard of a unified-communications
//! deployment, as a library with two faces (a GUI and a CLI) over the same core commands.
//!
//! # The floors
//! Every module imports only modules on the floors below it; no two modules import each other.
//!
//! | floor | modules | why it exists |
//! |---|---|---|
//! | faces | [`gui`], [`cli`], [`wording`] | the window and the command line; `wording` turns the core's typed outcomes into sentences from `i18n/en` and `i18n/fr` for both |
//! | commands | [`deploy`] | every change to the machine as a logged run: the four steps, the certificate commands (`deploy::certificates`), the server-to-server commands (`deploy::integration`), the one path of a global change (publish to the CMS, replicate), status and the Persistent Chat checklist |
//! | integration | [`integration`] | server-to-server data kept in the CMS: OAuth configuration, partner applications and the checks of their metadata |
//! | services | [`services`] | step 4 and Service Status: start, stop, reload, TLS and health probes; implements step 2's `components::ServiceControl` |
//! | components | [`components`] | step 2: the catalog (data), plans, prerequisites, rendering with checked values, the install manifest |
//! | processes | [`process`] | who a pid really is (recorded identities, process groups), who holds a port, signals only to verified processes |
//! | certificates | [`cert`] | usages and names, keys and request specifications, lab/ACME/offline CAs, the store, formats, checks, assignments, read-only queries |
//! | stores | [`store`] | the CMS (directory, HTTPS, sealed export) and this server's replica (step 1) |
//! | runs | [`log`] | run logs (JSON Lines, HTML, redaction) and the plumbing every command shares (`log::run_logged`) |
//! | topology | [`topology`] | the model, validation with line:column, this server's place |
//! | plumbing | [`https`], [`input`], [`atomic`], [`contained`], [`lock`], [`data_dir`], [`settings`], [`i18n`] | the HTTPS client, size-limited outside input, atomic writes, paths kept inside a component's directory, directory locks, data locations, remembered choices, translations |
//!
//! Every change to the machine goes through a command, and every command's log shows the CLI
//! line that reproduces it. The core returns data; only the faces choose words.

#![forbid(unsafe_code)]

pub mod atomic;
pub mod cert;
pub mod cli;
pub mod components;
pub mod contained;
pub mod data_dir;
pub mod deploy;
pub mod directory;
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
