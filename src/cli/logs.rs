//! `logs list | logs show RUN [--html FILE]`.

use std::path::PathBuf;

use clap::Subcommand;
use serde_json::json;

use super::{CliError, Output, io_error};
use crate::data_dir::DataDir;
use crate::log::{self, Outcome, Run};

/// Run log commands.
#[derive(Debug, Subcommand)]
pub enum LogsCommand {
    /// Every run, newest first.
    List,
    /// One run (an id, a unique prefix of one, or `last`).
    Show {
        /// Run id.
        run: String,
        /// Also write the run as a self-contained HTML page.
        #[arg(long, value_name = "FILE")]
        html: Option<PathBuf>,
    },
}

pub(super) fn run(command: LogsCommand, data: &DataDir) -> Result<Output, CliError> {
    match command {
        LogsCommand::List => {
            let runs = log::list_runs(data)?;
            let text = if runs.is_empty() {
                "No runs yet.".to_string()
            } else {
                runs.iter()
                    .map(|r| {
                        format!(
                            "{}  {:<10} {}",
                            r.id,
                            r.outcome.map_or("unfinished", Outcome::as_str),
                            r.title
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            let list: Vec<_> = runs
                .iter()
                .map(|r| json!({ "id": r.id, "title": r.title, "outcome": r.outcome, "started": r.started.format(&time::format_description::well_known::Rfc3339).ok() }))
                .collect();
            Ok(Output::new(text, json!({ "runs": list })))
        }
        LogsCommand::Show { run, html } => {
            let run: Run = Run::find(data, &run)?;
            let lang = crate::i18n::language();
            let mut text = run.to_text(lang);
            if let Some(path) = &html {
                crate::atomic::write(path, log::render_html(&run, lang).as_bytes())
                    .map_err(io_error(&format!("cannot write {}", path.display())))?;
                text.push_str(&format!("Wrote {}", path.display()));
            }
            Ok(Output::new(text.trim_end(), json!(run)))
        }
    }
}
