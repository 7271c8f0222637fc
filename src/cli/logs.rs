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
                crate::fl!("cli-logs-none")
            } else {
                runs.iter()
                    .map(|r| {
                        format!(
                            "{}  {:<10} {}",
                            r.id,
                            r.outcome.map_or("unfinished", Outcome::as_str),
                            title(r)
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
            // The first line of the run's text is its header, worded here with the title in
            // the current language; the commands and their lines follow as the log renders them.
            let rendered = run.to_text(lang);
            let body = rendered.split_once('\n').map_or("", |(_, body)| body);
            let mut text = crate::fl!(
                "cli-logs-run-header",
                id = run.id.as_str(),
                title = title(&run),
                outcome = run.outcome.map_or("unfinished", Outcome::as_str)
            );
            text.push('\n');
            text.push_str(body);
            if let Some(path) = &html {
                crate::atomic::write(path, log::render_html(&run, lang).as_bytes()).map_err(
                    io_error(&crate::fl!(
                        "cli-logs-cannot-write",
                        path = path.display().to_string()
                    )),
                )?;
                text.push_str(&crate::fl!(
                    "cli-logs-wrote",
                    path = path.display().to_string()
                ));
            }
            Ok(Output::new(text.trim_end(), json!(run)))
        }
    }
}

/// A run's title: in English as its file keeps it, in another language from the kind in its id.
fn title(run: &Run) -> String {
    match crate::i18n::language() {
        crate::i18n::Lang::En => run.title.clone(),
        _ => crate::wording::run_title(&run.id, &run.title),
    }
}
