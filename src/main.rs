#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;
use deploy_wizard::cli::{self, Cli};
use deploy_wizard::data_dir::DataDir;
use deploy_wizard::i18n::{self, Lang};
use deploy_wizard::settings::Settings;

fn main() -> ExitCode {
    let args = Cli::parse();
    let data = match DataDir::resolve(args.data_dir.as_deref()) {
        Ok(data) => data,
        Err(error) => {
            eprintln!("deploy-wizard: {error}");
            return ExitCode::from(2);
        }
    };
    let lang = args
        .lang
        .or_else(|| {
            Settings::load(&data)
                .language
                .as_deref()
                .and_then(Lang::from_code)
        })
        .unwrap_or_else(Lang::from_environment);
    i18n::set_language(lang);
    let Some(command) = args.command else {
        return match deploy_wizard::gui::run(data) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("deploy-wizard: cannot open the window: {error}");
                ExitCode::from(1)
            }
        };
    };
    match cli::run(command, &data) {
        Ok(output) => {
            if let Some(stream) = output.stream {
                use std::io::Write;
                let stdout = std::io::stdout();
                let mut out = std::io::BufWriter::new(stdout.lock());
                // A closed stdout (a reader that left) is not this command's failure; a
                // certificate that cannot be read ends the listing with its reason.
                let written = stream(&mut out, args.json).and_then(|()| out.flush());
                if let Err(error) = written
                    && error.kind() != std::io::ErrorKind::BrokenPipe
                {
                    drop(out);
                    eprintln!("deploy-wizard: {error}");
                    return ExitCode::from(1);
                }
                return ExitCode::SUCCESS;
            }
            if args.json {
                print_json(&output.json);
            } else if !output.text.is_empty() {
                print_text(&output.text);
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            if args.json {
                print_json(&error.to_json());
            }
            eprintln!("deploy-wizard: {}", error.message);
            ExitCode::from(error.failure.exit_code() as u8)
        }
    }
}

/// Writes a command's text to stdout; a reader that went away (`status | head -1`) ends the
/// job quietly instead of a panic.
fn print_text(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{text}").and_then(|()| out.flush());
}

/// Writes `value` as pretty JSON straight to stdout (a large document is never held twice).
fn print_json(value: &serde_json::Value) {
    use std::io::Write;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    // A closed stdout (a pipe whose reader left) is not this command's failure.
    if serde_json::to_writer_pretty(&mut out, value).is_ok() {
        let _ = writeln!(out);
    }
    let _ = out.flush();
}
