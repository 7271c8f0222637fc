//! `pool status [--pool FQDN] | start [--pool FQDN] [--wait SECONDS]`: a pool as one.

use std::time::Duration;

use clap::Subcommand;
use serde_json::json;

use super::{CliError, Output};
use crate::data_dir::DataDir;
use crate::deploy::pool::{self, PoolError, PoolStatus};

/// Pool commands.
#[derive(Debug, Subcommand)]
pub enum PoolCommand {
    /// Ask every server of the pool whether it answers (SIP OPTIONS, web health), and whether
    /// the pool is started: a majority of an Enterprise pool of three or more servers.
    Status {
        /// The pool (default: this server's).
        #[arg(long, value_name = "FQDN")]
        pool: Option<String>,
    },
    /// Start an Enterprise pool of three or more servers as a whole (Start-CsPool): after step
    /// 4 on its servers, wait until a majority of them answer; fail naming those that do not.
    Start {
        /// The pool (default: this server's).
        #[arg(long, value_name = "FQDN")]
        pool: Option<String>,
        /// How long to wait for the quorum, in seconds.
        #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(0..=3600))]
        wait: u64,
    },
}

impl From<PoolError> for CliError {
    fn from(error: PoolError) -> Self {
        let detail = match &error {
            PoolError::NoQuorum(status) => json!(status),
            _ => serde_json::Value::Null,
        };
        CliError {
            failure: error.failure(),
            message: super::with_hint(&error),
            detail,
        }
    }
}

fn table(status: &PoolStatus) -> String {
    let mut text = String::new();
    for server in &status.servers {
        let address = server
            .address
            .clone()
            .unwrap_or_else(|| crate::fl!("cli-pool-no-address"));
        let (name, address) = (server.server.as_str(), address);
        text.push_str(&if server.up {
            crate::fl!("cli-pool-server-answers", server = name, address = address)
        } else {
            crate::fl!("cli-pool-server-silent", server = name, address = address)
        });
        text.push('\n');
        for check in &server.checks {
            // Fluent trims a value's leading spaces: the indentation is kept here.
            text.push_str("  ");
            text.push_str(&crate::fl!(
                "cli-pool-check",
                what = check.what,
                port = check.port,
                detail = check.detail.as_str()
            ));
            text.push('\n');
        }
    }
    text.push_str(&crate::wording::reason(&status.why()));
    text
}

pub(super) fn run(command: PoolCommand, data: &DataDir) -> Result<Output, CliError> {
    match command {
        PoolCommand::Status { pool } => {
            let status = pool::status(data, pool.as_deref())?;
            Ok(Output::new(table(&status), json!(status)))
        }
        PoolCommand::Start { pool, wait } => {
            let (status, run) = pool::start(data, pool.as_deref(), Duration::from_secs(wait), None)
                .map_err(|e| CliError::from(e.error).with_run(e.run))?;
            let text = format!(
                "{}\n{}",
                table(&status),
                crate::fl!("cli-main-run-log", run = run.id.as_str())
            );
            Ok(Output::new(
                text,
                json!({ "status": status, "run": run.id }),
            ))
        }
    }
}
