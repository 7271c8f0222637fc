//! A run as one self-contained HTML page (no scripts, no outside resources) that an
//! administrator can attach to a ticket.

use super::{Level, Outcome, Run};
use crate::i18n::Lang;

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn time(at: time::OffsetDateTime) -> String {
    at.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:2em;color:#1b1b1b}\
h1{font-size:1.3em}.meta{color:#555}details{border:1px solid #ddd;border-radius:6px;margin:.6em 0;padding:.4em .8em}\
summary{cursor:pointer}code{font-family:ui-monospace,monospace}.ok{color:#107c10}.warning{color:#9d5d00}\
.failed,.error{color:#c50f1f}.unfinished{color:#555}ol{list-style:none;padding-left:1em;font-family:ui-monospace,monospace;font-size:.9em}\
li.warning{background:#fff4ce}li.error{background:#fde7e9}";

/// Renders `run` as a standalone HTML document.
/// Typed lines are worded in `lang`.
pub fn render_html(run: &Run, lang: Lang) -> String {
    let outcome = run.outcome.map_or("unfinished", Outcome::as_str);
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{title} — {id}</title>\
<style>{STYLE}</style></head><body>\n<h1>{title}</h1>\n<p class=\"meta\">Run <code>{id}</code> · started {started} · \
<span class=\"{outcome}\">{outcome}</span></p>\n",
        title = escape(&run.title),
        id = escape(&run.id),
        started = time(run.started),
        lang = lang.code(),
    );
    for command in &run.commands {
        let (class, mark) = match command.outcome {
            Some(Outcome::Ok) => ("ok", "✔"),
            Some(Outcome::Warning) => ("warning", "⚠"),
            Some(Outcome::Failed) => ("failed", "✘"),
            None => ("unfinished", "…"),
        };
        out.push_str(&format!(
            "<details open><summary><span class=\"{class}\">{mark}</span> <code>{}</code></summary>\n<ol>\n",
            escape(&command.cli)
        ));
        for line in &command.lines {
            let level = match line.level {
                Level::Info => "info",
                Level::Warning => "warning",
                Level::Error => "error",
            };
            out.push_str(&format!(
                "<li class=\"{level}\"><time>{}</time> {}</li>\n",
                time(line.at),
                escape(&line.words(lang))
            ));
        }
        out.push_str("</ol></details>\n");
    }
    out.push_str("</body></html>\n");
    out
}
