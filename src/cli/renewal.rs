//! `cert renew` and `renewal enable [--at HH:MM] [--window HH:MM-HH:MM] | disable | status |
//! hook (--on-failure CMD | --clear)`: renewal by hand and on a schedule (a systemd timer where
//! systemd runs, a cron entry otherwise). Times are UTC.

use clap::Subcommand;
use serde_json::json;
use time::{OffsetDateTime, Time};

use super::{CliError, Output};
use crate::Failure;
use crate::cert::parse_usages;
use crate::data_dir::DataDir;
use crate::deploy::renewal::{self, RenewAction, RenewOptions, Selection};
use crate::settings::Settings;

/// Renewal schedule commands.
#[derive(Debug, Subcommand)]
pub enum RenewalCommand {
    /// Install the twice-daily check (`cert renew --all --scheduled`): a systemd timer and
    /// service where systemd runs, a cron entry otherwise.
    Enable {
        /// The first check of the day, HH:MM UTC (the second is twelve hours later).
        #[arg(long, value_name = "HH:MM", default_value = "03:17")]
        at: String,
        /// Deploy renewed certificates only between these times (UTC); renewal itself runs at
        /// any check.
        #[arg(long, value_name = "HH:MM-HH:MM")]
        window: Option<String>,
    },
    /// Remove the schedule.
    Disable,
    /// Whether the schedule is installed and healthy, the next check, the next certificate
    /// due, and how the last renewals went.
    Status,
    /// The command run when a renewal or its deployment fails (details in its environment:
    /// DEPLOY_WIZARD_RENEWAL_SERVER, _USAGES, _THUMBPRINT, _EXPIRES, _REASON).
    Hook {
        /// The command (run by /bin/sh -c).
        #[arg(
            long,
            value_name = "CMD",
            conflicts_with = "clear",
            required_unless_present = "clear"
        )]
        on_failure: Option<String>,
        /// Run no command on failure.
        #[arg(long)]
        clear: bool,
    },
}

fn bad(message: impl Into<String>) -> CliError {
    CliError::new(Failure::BadInput, message)
}

/// `HH:MM`.
fn parse_time(text: &str) -> Result<Time, CliError> {
    let (h, m) = text.split_once(':').ok_or_else(|| {
        bad(format!(
            "{text:?} is not a time: write HH:MM, such as 03:17"
        ))
    })?;
    let hour: u8 = h
        .parse()
        .map_err(|_| bad(format!("{text:?}: the hour is not a number")))?;
    let minute: u8 = m
        .parse()
        .map_err(|_| bad(format!("{text:?}: the minutes are not a number")))?;
    Time::from_hms(hour, minute, 0)
        .map_err(|_| bad(format!("{text:?} is not a time of day (00:00 to 23:59)")))
}

/// A delay: a number and a unit, `30s`, `90m`, `24h`, `2d` (at most 30 days).
fn parse_duration(text: &str) -> Result<time::Duration, CliError> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: i64 = number.parse().map_err(|_| {
        bad(format!(
            "{text:?} is not a delay: write a number and s, m, h or d, such as 24h"
        ))
    })?;
    let seconds = match unit {
        "s" => number,
        "m" => number * 60,
        "h" | "" => number * 3600,
        "d" => number * 86_400,
        _ => {
            return Err(bad(format!(
                "{text:?}: the unit must be s, m, h or d (such as 24h)"
            )));
        }
    };
    if !(0..=30 * 86_400).contains(&seconds) {
        return Err(bad(format!("{text:?} is longer than 30 days")));
    }
    Ok(time::Duration::seconds(seconds))
}

/// `HH:MM-HH:MM`; a window may pass midnight (22:00-04:00).
fn parse_window(text: &str) -> Result<(Time, Time), CliError> {
    let (from, to) = text.split_once('-').ok_or_else(|| {
        bad(format!(
            "{text:?} is not a window: write HH:MM-HH:MM, such as 22:00-04:00"
        ))
    })?;
    let (from, to) = (parse_time(from.trim())?, parse_time(to.trim())?);
    if from == to {
        return Err(bad(format!("{text:?} is an empty window")));
    }
    Ok((from, to))
}

fn inside(window: (Time, Time), now: Time) -> bool {
    let (from, to) = window;
    if from < to {
        from <= now && now < to
    } else {
        now >= from || now < to
    }
}

/// `cert renew` flags.
#[derive(Debug, clap::Args)]
pub struct RenewArgs {
    /// Certificate types, comma-separated.
    #[arg(
        long = "type",
        value_name = "T[,T]",
        conflicts_with = "all",
        required_unless_present = "all"
    )]
    types: Vec<String>,
    /// Every certificate this server uses.
    #[arg(long)]
    all: bool,
    /// Say what would be renewed; change nothing.
    #[arg(long)]
    dry_run: bool,
    /// Renew even what is not due.
    #[arg(long, conflicts_with = "redeploy")]
    force: bool,
    /// Only deploy renewed certificates whose deployment failed; ask no CA.
    #[arg(long)]
    redeploy: bool,
    /// Run as the schedule does: deploy only inside the deployment window, if one is set.
    #[arg(long)]
    scheduled: bool,
    /// How long after its renewal an OAuthTokenIssuer roll takes effect (30s, 90m, 24h, 2d;
    /// default 24h), so every server has it by step 1 first.
    #[arg(long, value_name = "DELAY")]
    roll_delay: Option<String>,
}

/// `cert renew`.
pub(super) fn renew(data: &DataDir, args: RenewArgs) -> Result<Output, CliError> {
    let RenewArgs {
        types,
        all,
        dry_run,
        force,
        redeploy,
        scheduled,
        roll_delay,
    } = args;
    let roll_delay = roll_delay.as_deref().map(parse_duration).transpose()?;
    let selection = if all {
        Selection::All
    } else {
        Selection::Usages(parse_usages(&types).map_err(bad)?)
    };
    let window = Settings::load(data)
        .renewal
        .window
        .as_deref()
        .map(parse_window)
        .transpose()?;
    let deploy_now =
        !scheduled || window.is_none_or(|w| inside(w, OffsetDateTime::now_utc().time()));
    let items = renewal::renew(
        data,
        &RenewOptions {
            selection,
            dry_run,
            force,
            redeploy,
            deploy_now,
            roll_delay,
        },
        None,
    )?;
    let date = |t: OffsetDateTime| t.date().to_string();
    let mut lines = Vec::new();
    for item in &items {
        let usages = crate::cert::usage::join(&item.usages, ", ");
        let line = match item.action {
            RenewAction::NotDue => format!(
                "{usages}: {} not due until {} (expires {})",
                item.before,
                date(item.due_at),
                date(item.expires)
            ),
            RenewAction::WouldRenew => format!("{usages}: {} is due: would renew", item.before),
            RenewAction::Renewed => format!(
                "{usages}: renewed {} → {}{}",
                item.before,
                item.after.clone().unwrap_or_default(),
                item.reason
                    .as_ref()
                    .map(|r| format!(" ({r})"))
                    .unwrap_or_default()
            ),
            RenewAction::Redeployed => format!(
                "{usages}: deployed {} (renewed earlier; no new CA request)",
                item.after.clone().unwrap_or_default()
            ),
            RenewAction::StoredNotDeployed => format!(
                "{usages}: renewed {} stored, not deployed yet: {}",
                item.after.clone().unwrap_or_default(),
                item.reason.clone().unwrap_or_default()
            ),
            RenewAction::RequestWritten | RenewAction::Skipped => {
                format!("{usages}: {}", item.reason.clone().unwrap_or_default())
            }
            RenewAction::Failed => format!(
                "{usages}: FAILED: {} (the current certificate {} stays, until {})",
                item.reason.clone().unwrap_or_default(),
                item.before,
                date(item.expires)
            ),
        };
        lines.push(line);
    }
    let failed = items.iter().any(|i| i.action == RenewAction::Failed);
    let text = if lines.is_empty() {
        "No certificate is assigned to the selected usages".to_string()
    } else {
        lines.join("\n")
    };
    if failed {
        return Err(CliError {
            failure: Failure::ActionFailed,
            message: text,
            detail: json!({ "certificates": items }),
        });
    }
    Ok(Output::new(text, json!({ "certificates": items })))
}

/// The scheduler this machine has, and where its files go (tests point both elsewhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheduler {
    Systemd,
    Cron,
}

fn scheduler() -> Scheduler {
    match std::env::var("DEPLOY_WIZARD_SCHEDULER").as_deref() {
        Ok("systemd") => Scheduler::Systemd,
        Ok("cron") => Scheduler::Cron,
        _ if std::path::Path::new("/run/systemd/system").is_dir() => Scheduler::Systemd,
        _ => Scheduler::Cron,
    }
}

fn dir(env: &str, default: &str) -> (std::path::PathBuf, bool) {
    match std::env::var_os(env).filter(|v| !v.is_empty()) {
        Some(dir) => (dir.into(), true),
        None => (default.into(), false),
    }
}

const UNIT: &str = "deploy-wizard-renew";

/// A path that can stand in a unit file's or crontab's command line as it is.
fn plain_path(path: &std::path::Path, what: &str) -> Result<String, CliError> {
    let text = path
        .to_str()
        .ok_or_else(|| bad(format!("the {what} {} is not UTF-8", path.display())))?;
    if !path.is_absolute()
        || text
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "%\"'\\$`;&|<>".contains(c))
    {
        return Err(bad(format!(
            "the {what} {text} cannot stand in a schedule's command line (an absolute path without white space, quotes, %, $ or shell characters is needed)"
        )));
    }
    Ok(text.to_string())
}

fn command_line(data: &DataDir) -> Result<String, CliError> {
    let exe = std::env::current_exe().map_err(super::io_error("cannot find this program"))?;
    Ok(format!(
        "{} --data-dir {} cert renew --all --scheduled",
        plain_path(&exe, "program")?,
        plain_path(data.root(), "data directory")?
    ))
}

/// The unit files (service, timer) for `at`.
fn units(command: &str, at: Time) -> (String, String) {
    let second = at.replace_hour((at.hour() + 12) % 24).expect("an hour");
    let service = format!(
        "# Written by deploy-wizard (renewal enable); `deploy-wizard renewal disable` removes it.\n\
         [Unit]\nDescription=deploy-wizard: renew the certificates that are due\n\
         Wants=network-online.target\nAfter=network-online.target\n\n\
         [Service]\nType=oneshot\nExecStart={command}\n"
    );
    let timer = format!(
        "# Written by deploy-wizard (renewal enable); `deploy-wizard renewal disable` removes it.\n\
         [Unit]\nDescription=deploy-wizard: check the certificates for renewal twice a day\n\n\
         [Timer]\nOnCalendar=*-*-* {:02}:{:02}:00 UTC\nOnCalendar=*-*-* {:02}:{:02}:00 UTC\n\
         RandomizedDelaySec=300\nPersistent=true\n\n[Install]\nWantedBy=timers.target\n",
        at.hour(),
        at.minute(),
        second.hour(),
        second.minute()
    );
    (service, timer)
}

fn cron_entry(command: &str, at: Time) -> String {
    let user = crate::process::current_user().unwrap_or_else(|| "root".into());
    format!(
        "# Written by deploy-wizard (renewal enable); `deploy-wizard renewal disable` removes it.\n\
         # Twice a day: renew the certificates that are due (times UTC).\n\
         CRON_TZ=UTC\n{} {},{} * * * {user} {command} >/dev/null 2>&1\n",
        at.minute(),
        at.hour() % 12,
        at.hour() % 12 + 12
    )
}

fn systemctl(args: &[&str]) -> Result<(), CliError> {
    let out = std::process::Command::new("systemctl")
        .args(args)
        .output()
        .map_err(super::io_error("cannot run systemctl"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(CliError::new(
            Failure::ActionFailed,
            format!(
                "systemctl {} failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ),
        ))
    }
}

/// The next check after `now`.
fn next_check(at: Time, now: OffsetDateTime) -> OffsetDateTime {
    let second = at.replace_hour((at.hour() + 12) % 24).expect("an hour");
    [at, second]
        .iter()
        .flat_map(|t| [0, 1].map(|days| now.replace_time(*t) + time::Duration::days(days)))
        .filter(|t| *t > now)
        .min()
        .expect("one of them is later")
}

pub(super) fn run(command: RenewalCommand, data: &DataDir) -> Result<Output, CliError> {
    let mut settings = Settings::load(data);
    let save = |settings: &Settings| {
        settings
            .save(data)
            .map_err(super::io_error("cannot save the settings"))
    };
    match command {
        RenewalCommand::Enable { at, window } => {
            let time = parse_time(&at)?;
            if let Some(window) = &window {
                parse_window(window)?;
            }
            let command = command_line(data)?;
            let written = match scheduler() {
                Scheduler::Systemd => {
                    let (dir, elsewhere) = dir("DEPLOY_WIZARD_SYSTEMD_DIR", "/etc/systemd/system");
                    let (service, timer) = units(&command, time);
                    let files = [
                        (dir.join(format!("{UNIT}.service")), service),
                        (dir.join(format!("{UNIT}.timer")), timer),
                    ];
                    for (path, text) in &files {
                        crate::atomic::write(path, text.as_bytes()).map_err(super::io_error(
                            &format!("cannot write {}", path.display()),
                        ))?;
                    }
                    if !elsewhere {
                        systemctl(&["daemon-reload"])?;
                        systemctl(&["enable", "--now", &format!("{UNIT}.timer")])?;
                    }
                    files.map(|(p, _)| p.display().to_string()).to_vec()
                }
                Scheduler::Cron => {
                    let (dir, _) = dir("DEPLOY_WIZARD_CRON_DIR", "/etc/cron.d");
                    let path = dir.join(UNIT);
                    crate::atomic::write(&path, cron_entry(&command, time).as_bytes())
                        .map_err(super::io_error(&format!("cannot write {}", path.display())))?;
                    vec![path.display().to_string()]
                }
            };
            settings.renewal.at = Some(format!("{:02}:{:02}", time.hour(), time.minute()));
            settings.renewal.window = window.clone();
            save(&settings)?;
            Ok(Output::new(
                format!(
                    "Renewal runs twice a day from {} UTC: {}{}",
                    settings.renewal.at.clone().unwrap_or_default(),
                    written.join(", "),
                    window
                        .map(|w| format!("; renewed certificates are deployed between {w} UTC"))
                        .unwrap_or_default()
                ),
                json!({ "files": written, "at": settings.renewal.at, "window": settings.renewal.window }),
            ))
        }
        RenewalCommand::Disable => {
            let mut removed = Vec::new();
            let (systemd_dir, elsewhere) = dir("DEPLOY_WIZARD_SYSTEMD_DIR", "/etc/systemd/system");
            let timer = systemd_dir.join(format!("{UNIT}.timer"));
            if timer.exists() && !elsewhere && scheduler() == Scheduler::Systemd {
                systemctl(&["disable", "--now", &format!("{UNIT}.timer")])?;
            }
            let (cron_dir, _) = dir("DEPLOY_WIZARD_CRON_DIR", "/etc/cron.d");
            for path in [
                timer,
                systemd_dir.join(format!("{UNIT}.service")),
                cron_dir.join(UNIT),
            ] {
                if path.exists() {
                    std::fs::remove_file(&path).map_err(super::io_error(&format!(
                        "cannot remove {}",
                        path.display()
                    )))?;
                    removed.push(path.display().to_string());
                }
            }
            settings.renewal.at = None;
            settings.renewal.window = None;
            save(&settings)?;
            Ok(Output::new(
                if removed.is_empty() {
                    "No renewal schedule was installed".to_string()
                } else {
                    format!("Removed {}", removed.join(", "))
                },
                json!({ "removed": removed }),
            ))
        }
        RenewalCommand::Hook { on_failure, clear } => {
            settings.renewal.hook = if clear { None } else { on_failure };
            save(&settings)?;
            Ok(Output::new(
                match &settings.renewal.hook {
                    Some(hook) => format!("On a failed renewal: {hook}"),
                    None => "No command runs on a failed renewal".into(),
                },
                json!({ "hook": settings.renewal.hook }),
            ))
        }
        RenewalCommand::Status => status(data, &settings),
    }
}

fn status(data: &DataDir, settings: &Settings) -> Result<Output, CliError> {
    let scheduler = scheduler();
    let files: Vec<std::path::PathBuf> = match scheduler {
        Scheduler::Systemd => {
            let (dir, _) = dir("DEPLOY_WIZARD_SYSTEMD_DIR", "/etc/systemd/system");
            vec![
                dir.join(format!("{UNIT}.service")),
                dir.join(format!("{UNIT}.timer")),
            ]
        }
        Scheduler::Cron => {
            let (dir, _) = dir("DEPLOY_WIZARD_CRON_DIR", "/etc/cron.d");
            vec![dir.join(UNIT)]
        }
    };
    let installed = files.iter().all(|f| f.is_file());
    // Healthy: installed, and its command line is this program on this data dir.
    let expected = command_line(data).ok();
    let healthy = installed
        && expected.as_ref().is_some_and(|command| {
            files.iter().any(|f| {
                std::fs::read_to_string(f).is_ok_and(|text| text.contains(command.as_str()))
            })
        });
    let now = OffsetDateTime::now_utc();
    let next = settings
        .renewal
        .at
        .as_deref()
        .and_then(|at| parse_time(at).ok())
        .filter(|_| installed)
        .map(|at| next_check(at, now));
    let dry = renewal::renew(
        data,
        &RenewOptions {
            selection: Selection::All,
            dry_run: true,
            force: false,
            redeploy: false,
            deploy_now: false,
            roll_delay: None,
        },
        None,
    )?;
    let next_due = dry.iter().min_by_key(|i| i.due_at);
    let state = crate::cert::renewal::RenewalState::load(data)?;
    let failures: Vec<_> = state
        .usages
        .iter()
        .filter_map(|(usage, r)| r.last_error.as_ref().map(|e| (usage, e)))
        .collect();
    let rfc = |t: OffsetDateTime| {
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    };
    let mut text = format!(
        "Schedule: {} ({})\n",
        match (installed, healthy) {
            (false, _) => "not installed: `deploy-wizard renewal enable` installs it".to_string(),
            (true, true) => "installed and healthy".to_string(),
            (true, false) =>
                "installed, but it does not run this program on this data directory: run `renewal enable` again".to_string(),
        },
        match scheduler {
            Scheduler::Systemd => "systemd timer",
            Scheduler::Cron => "cron",
        }
    );
    if let Some(next) = next {
        text.push_str(&format!("Next check: {}\n", rfc(next)));
    }
    if let Some(window) = &settings.renewal.window {
        text.push_str(&format!("Deployment window: {window} UTC\n"));
    }
    if let Some(item) = next_due {
        text.push_str(&format!(
            "Next due: {} ({}) on {}\n",
            crate::cert::usage::join(&item.usages, ", "),
            item.before,
            rfc(item.due_at)
        ));
    }
    if failures.is_empty() {
        text.push_str("Last result: no failure");
    } else {
        for (usage, error) in &failures {
            text.push_str(&format!("Last result for {usage}: FAILED: {error}\n"));
        }
    }
    Ok(Output::new(
        text.trim_end(),
        json!({
            "scheduler": match scheduler { Scheduler::Systemd => "systemd", Scheduler::Cron => "cron" },
            "installed": installed,
            "healthy": healthy,
            "files": files,
            "next_check": next.map(rfc),
            "window": settings.renewal.window,
            "hook": settings.renewal.hook,
            "next_due": next_due,
            "renewal": state.usages,
        }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_may_pass_midnight() {
        let window = parse_window("22:00-04:00").unwrap();
        assert!(inside(window, Time::from_hms(23, 0, 0).unwrap()));
        assert!(inside(window, Time::from_hms(3, 59, 0).unwrap()));
        assert!(!inside(window, Time::from_hms(12, 0, 0).unwrap()));
        let day = parse_window("09:00-17:30").unwrap();
        assert!(inside(day, Time::from_hms(17, 29, 0).unwrap()));
        assert!(!inside(day, Time::from_hms(17, 30, 0).unwrap()));
        assert!(parse_window("25:00-01:00").is_err());
        assert!(parse_window("10:00-10:00").is_err());
    }

    #[test]
    fn the_schedule_runs_twice_a_day() {
        let at = parse_time("03:17").unwrap();
        let (_, timer) = units(
            "/usr/bin/deploy-wizard --data-dir /d cert renew --all --scheduled",
            at,
        );
        assert!(timer.contains("OnCalendar=*-*-* 03:17:00 UTC\nOnCalendar=*-*-* 15:17:00 UTC"));
        let now = OffsetDateTime::UNIX_EPOCH.replace_time(Time::from_hms(16, 0, 0).unwrap());
        assert_eq!(next_check(at, now).time(), at);
        assert_eq!((next_check(at, now) - now).whole_minutes(), 11 * 60 + 17);
    }
}
