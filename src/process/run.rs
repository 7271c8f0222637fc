//! Running outside programs: every one with a cleared environment plus an explicit list (the
//! wizard's own variables — export passwords, PFX passwords, EAB keys — never reach a daemon, a
//! hook or a tool), and every one within a time limit named in its failure.

use std::ffi::OsStr;
use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Output, Stdio};
use std::time::{Duration, Instant};

/// The variables a started program inherits from the wizard: where programs are, and the
/// language and time zone. Nothing else: a secret passed to the wizard in its environment stays
/// in the wizard.
pub const PASSED_ENV: [&str; 5] = ["PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ"];

/// PATH when the wizard has none.
const DEFAULT_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// A command for `program` with a cleared environment plus [`PASSED_ENV`] and nothing on its
/// standard input. Whatever else it needs is added explicitly by the caller.
pub fn command(program: impl AsRef<OsStr>) -> Command {
    let mut command = Command::new(program);
    command.env_clear().stdin(Stdio::null());
    for name in PASSED_ENV {
        if let Some(value) = std::env::var_os(name) {
            command.env(name, value);
        }
    }
    if std::env::var_os("PATH").is_none() {
        command.env("PATH", DEFAULT_PATH);
    }
    command
}

/// Why a program did not run to its end.
#[derive(Debug)]
pub enum RunError {
    /// It could not be started.
    Start { program: String, error: String },
    /// It did not end within its time limit and was killed (the process the wizard started,
    /// by its handle).
    TimedOut { program: String, limit: Duration },
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Start { program, error } => write!(f, "cannot run {program}: {error}"),
            RunError::TimedOut { program, limit } if limit.as_secs() == 0 => write!(
                f,
                "{program} did not finish within {} ms and was stopped",
                limit.as_millis()
            ),
            RunError::TimedOut { program, limit } => write!(
                f,
                "{program} did not finish within {} s and was stopped",
                limit.as_secs()
            ),
        }
    }
}

impl std::error::Error for RunError {}

fn program_name(command: &Command) -> String {
    Path::new(command.get_program())
        .file_name()
        .unwrap_or(command.get_program())
        .to_string_lossy()
        .into_owned()
}

/// Waits for `child` until `limit` has passed since `started`; kills it then.
fn wait_within(
    child: &mut Child,
    program: &str,
    started: Instant,
    limit: Duration,
) -> Result<ExitStatus, RunError> {
    let mut pause = Duration::from_millis(1);
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) => {}
            Err(e) => {
                return Err(RunError::Start {
                    program: program.to_string(),
                    error: e.to_string(),
                });
            }
        }
        if started.elapsed() >= limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(RunError::TimedOut {
                program: program.to_string(),
                limit,
            });
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(25));
    }
}

/// Runs `command` to its end within `limit`, capturing its output (like `Command::output`).
pub fn output_within(command: &mut Command, limit: Duration) -> Result<Output, RunError> {
    let program = program_name(command);
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| RunError::Start {
            program: program.clone(),
            error: e.to_string(),
        })?;
    let readers = [
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    ]
    .map(|pipe| {
        std::thread::spawn(move || {
            let mut text = Vec::new();
            if let Some(mut pipe) = pipe {
                // At most 1 MiB of what a tool prints is kept; the rest is read and dropped.
                let _ = pipe.by_ref().take(1 << 20).read_to_end(&mut text);
                let _ = std::io::copy(&mut pipe, &mut std::io::sink());
            }
            text
        })
    });
    let status = wait_within(&mut child, &program, started, limit);
    let [stdout, stderr] = readers.map(|r| r.join().unwrap_or_default());
    Ok(Output {
        status: status?,
        stdout,
        stderr,
    })
}

/// Runs `command` to its end within `limit`, its output going where the command says (a
/// daemon's start command writes to a file: a pipe would be held open by the daemon).
pub fn status_within(command: &mut Command, limit: Duration) -> Result<ExitStatus, RunError> {
    let program = program_name(command);
    let started = Instant::now();
    let mut child = command.spawn().map_err(|e| RunError::Start {
        program: program.clone(),
        error: e.to_string(),
    })?;
    wait_within(&mut child, &program, started, limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_started_program_sees_only_the_passed_environment() {
        // The test process's own environment holds many variables; none but the passed ones
        // (and what is added explicitly) reach the child.
        let out = output_within(
            command("/usr/bin/env").env("ADDED", "yes"),
            Duration::from_secs(10),
        )
        .unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        for line in text.lines() {
            let name = line.split('=').next().unwrap();
            assert!(
                PASSED_ENV.contains(&name) || name == "ADDED",
                "{name} reached the child: {text}"
            );
        }
        assert!(text.contains("ADDED=yes"), "{text}");
        assert!(text.contains("PATH="), "{text}");
    }

    #[test]
    fn a_program_past_its_limit_is_stopped_and_named() {
        let started = Instant::now();
        let error =
            output_within(command("sleep").arg("30"), Duration::from_millis(200)).unwrap_err();
        assert!(started.elapsed() < Duration::from_secs(10));
        assert_eq!(
            error.to_string(),
            "sleep did not finish within 200 ms and was stopped"
        );
        let error = status_within(&mut command("/nonexistent/program"), Duration::from_secs(1))
            .unwrap_err();
        assert!(
            error.to_string().starts_with("cannot run program: "),
            "{error}"
        );
    }
}
