//! The renewal schedule: a twice-daily `cert renew --all --scheduled` installed as a systemd
//! timer and service where systemd runs, a cron entry otherwise (times UTC), the deployment
//! window, the failure hook, and the schedule's status. `DEPLOY_WIZARD_SCHEDULER`,
//! `DEPLOY_WIZARD_SYSTEMD_DIR` and `DEPLOY_WIZARD_CRON_DIR` point it elsewhere (tests); with
//! the systemd directory pointed elsewhere, systemctl is not asked.

use std::path::PathBuf;

use serde::Serialize;
use time::{OffsetDateTime, Time};

use super::renewal::{self, RenewItem, RenewOptions, Selection};
use crate::cert::CertError;
use crate::cert::usage::Usage;
use crate::data_dir::DataDir;
use crate::log::{Reason, Refusal};
use crate::settings::Settings;

fn bad(message: impl Into<String>) -> CertError {
    CertError::BadInput(message.into())
}

/// `HH:MM`.
pub fn parse_time(text: &str) -> Result<Time, CertError> {
    // The value as typed, quoted as the English text shows it.
    let quoted = format!("{text:?}");
    let refused = |english: String, why: Reason| {
        CertError::from(Refusal::new(english, why.with("value", &quoted)))
    };
    let not_a_time = || {
        refused(
            format!("{quoted} is not a time: write HH:MM, such as 03:17"),
            Reason::new("why-time-not-hhmm"),
        )
    };
    let (h, m) = text.split_once(':').ok_or_else(not_a_time)?;
    // Digits only, one or two for the hour and two for the minutes (u8's parser would take
    // "+3" and "03 ").
    if !(1..=2).contains(&h.len())
        || m.len() != 2
        || !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit())
    {
        return Err(not_a_time());
    }
    let hour: u8 = h.parse().map_err(|_| {
        refused(
            format!("{quoted}: the hour is not a number"),
            Reason::new("why-time-hour-not-number"),
        )
    })?;
    let minute: u8 = m.parse().map_err(|_| {
        refused(
            format!("{quoted}: the minutes are not a number"),
            Reason::new("why-time-minutes-not-number"),
        )
    })?;
    Time::from_hms(hour, minute, 0).map_err(|_| {
        refused(
            format!("{quoted} is not a time of day (00:00 to 23:59)"),
            Reason::new("why-time-out-of-range"),
        )
    })
}

/// A delay: a number and a unit, `30s`, `90m`, `24h`, `2d` (at most 30 days).
pub fn parse_duration(text: &str) -> Result<time::Duration, CertError> {
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
pub fn parse_window(text: &str) -> Result<(Time, Time), CertError> {
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

/// Whether `now` is inside `window`.
pub fn inside(window: (Time, Time), now: Time) -> bool {
    let (from, to) = window;
    if from < to {
        from <= now && now < to
    } else {
        now >= from || now < to
    }
}

/// The scheduler this machine has, and where its files go (tests point both elsewhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Scheduler {
    Systemd,
    Cron,
}

/// The scheduler of this machine.
pub fn scheduler() -> Scheduler {
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
fn plain_path(path: &std::path::Path, what: &str) -> Result<String, CertError> {
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

fn command_line(data: &DataDir) -> Result<String, CertError> {
    let exe = std::env::current_exe().map_err(CertError::io("cannot find this program"))?;
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

fn systemctl(args: &[&str]) -> Result<(), CertError> {
    let out = crate::process::run::output_within(
        crate::process::run::command("systemctl").args(args),
        std::time::Duration::from_secs(60),
    )
    .map_err(|e| CertError::Failed(e.to_string()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(CertError::Failed(format!(
            "systemctl {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        )))
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

/// What `enable` did.
#[derive(Debug, Clone, Serialize)]
pub struct Enabled {
    /// The files written.
    pub files: Vec<PathBuf>,
    /// The first check of the day, HH:MM UTC.
    pub at: String,
    /// The deployment window, if any.
    pub window: Option<String>,
    /// Whether systemctl enabled the timer (false: files only, or cron).
    pub activated: bool,
}

/// Installs the schedule (replacing one already there) and remembers its times.
pub fn enable(data: &DataDir, at: &str, window: Option<&str>) -> Result<Enabled, CertError> {
    // Every value is checked before anything is written.
    let time = parse_time(at)?;
    if let Some(window) = window {
        parse_window(window)?;
    }
    let command = command_line(data)?;
    let write = |path: &PathBuf, text: &str| {
        crate::atomic::write(path, text.as_bytes())
            .map_err(CertError::io(format!("cannot write {}", path.display())))
    };
    let mut activated = false;
    let files = match scheduler() {
        Scheduler::Systemd => {
            let (dir, elsewhere) = dir("DEPLOY_WIZARD_SYSTEMD_DIR", "/etc/systemd/system");
            let (service, timer) = units(&command, time);
            let files = [
                (dir.join(format!("{UNIT}.service")), service),
                (dir.join(format!("{UNIT}.timer")), timer),
            ];
            for (path, text) in &files {
                write(path, text)?;
            }
            if !elsewhere {
                systemctl(&["daemon-reload"])?;
                systemctl(&["enable", "--now", &format!("{UNIT}.timer")])?;
                activated = true;
            }
            files.map(|(p, _)| p).to_vec()
        }
        Scheduler::Cron => {
            let (dir, _) = dir("DEPLOY_WIZARD_CRON_DIR", "/etc/cron.d");
            let path = dir.join(UNIT);
            write(&path, &cron_entry(&command, time))?;
            vec![path]
        }
    };
    let mut settings = Settings::load(data);
    settings.renewal.at = Some(format!("{:02}:{:02}", time.hour(), time.minute()));
    settings.renewal.window = window.map(str::to_string);
    settings
        .save(data)
        .map_err(CertError::io("cannot save the settings"))?;
    Ok(Enabled {
        files,
        at: settings.renewal.at.unwrap_or_default(),
        window: settings.renewal.window,
        activated,
    })
}

/// Removes the schedule; returns the files removed.
pub fn disable(data: &DataDir) -> Result<Vec<PathBuf>, CertError> {
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
            std::fs::remove_file(&path)
                .map_err(CertError::io(format!("cannot remove {}", path.display())))?;
            removed.push(path);
        }
    }
    let mut settings = Settings::load(data);
    settings.renewal.at = None;
    settings.renewal.window = None;
    settings
        .save(data)
        .map_err(CertError::io("cannot save the settings"))?;
    Ok(removed)
}

/// Longest failure hook accepted.
const MAX_HOOK: usize = 4096;

/// Sets (or, with `None`, clears) the command run on a failed renewal.
pub fn set_hook(data: &DataDir, hook: Option<&str>) -> Result<(), CertError> {
    let hook = hook.map(str::trim).filter(|h| !h.is_empty());
    if let Some(hook) = hook
        && (hook.len() > MAX_HOOK || hook.chars().any(char::is_control))
    {
        return Err(bad(format!(
            "the failure hook must be one command line of at most {MAX_HOOK} bytes, without a line break or another control character"
        )));
    }
    let mut settings = Settings::load(data);
    settings.renewal.hook = hook.map(str::to_string);
    settings
        .save(data)
        .map_err(CertError::io("cannot save the settings"))
}

/// Sets (or, with `None`, removes) when the certificates of `usages` are due: checked before
/// anything is saved (1–99 % of the lifetime, 1–3650 days before expiry).
pub fn set_policy(
    data: &DataDir,
    usages: &[Usage],
    policy: Option<crate::settings::RenewPolicy>,
) -> Result<(), CertError> {
    use crate::settings::RenewPolicy;
    match policy {
        Some(RenewPolicy::LifetimePercent(p)) if !(1..=99).contains(&p) => {
            return Err(bad(format!(
                "--percent {p}: give the share of the lifetime after which to renew, from 1 to 99"
            )));
        }
        Some(RenewPolicy::DaysBefore(d)) if !(1..=3650).contains(&d) => {
            return Err(bad(format!(
                "--days-before {d}: give how many days before expiry to renew, from 1 to 3650"
            )));
        }
        _ => {}
    }
    if usages.is_empty() {
        return Err(bad("give the certificate types with --type"));
    }
    let mut settings = Settings::load(data);
    for usage in usages {
        match policy {
            Some(policy) => {
                settings
                    .renewal
                    .policies
                    .insert(usage.as_str().to_string(), policy);
            }
            None => {
                settings.renewal.policies.remove(usage.as_str());
            }
        }
    }
    settings
        .save(data)
        .map_err(CertError::io("cannot save the settings"))
}

/// The schedule as `renewal status` and the window show it.
#[derive(Debug, Clone, Serialize)]
pub struct ScheduleStatus {
    /// systemd or cron.
    pub scheduler: Scheduler,
    /// Its files are there.
    pub installed: bool,
    /// Installed, and running this program on this data directory.
    pub healthy: bool,
    /// Its files.
    pub files: Vec<PathBuf>,
    /// The next check.
    #[serde(with = "time::serde::rfc3339::option")]
    pub next_check: Option<OffsetDateTime>,
    /// The first check of the day.
    pub at: Option<String>,
    /// The deployment window.
    pub window: Option<String>,
    /// The failure hook.
    pub hook: Option<String>,
    /// The certificate due first.
    pub next_due: Option<RenewItem>,
    /// The usages whose last renewal failed, and why (in English, and as data).
    pub failures: Vec<(Usage, String, Option<crate::log::Reason>)>,
}

/// Reads the schedule's state.
pub fn status(data: &DataDir) -> Result<ScheduleStatus, CertError> {
    let settings = Settings::load(data);
    let scheduler = scheduler();
    let files: Vec<PathBuf> = match scheduler {
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
    let expected = command_line(data).ok();
    let healthy = installed
        && expected.as_ref().is_some_and(|command| {
            files.iter().any(|f| {
                std::fs::read_to_string(f).is_ok_and(|text| text.contains(command.as_str()))
            })
        });
    let next_check = settings
        .renewal
        .at
        .as_deref()
        .and_then(|at| parse_time(at).ok())
        .filter(|_| installed)
        .map(|at| next_check(at, OffsetDateTime::now_utc()));
    // With no local configuration store yet there is nothing to renew.
    let dry = if crate::store::LocalConfigurationStore::open(data)
        .ok()
        .flatten()
        .is_some()
    {
        renewal::renew(
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
        )?
    } else {
        Vec::new()
    };
    let state = crate::cert::renewal::RenewalState::load(data)?;
    Ok(ScheduleStatus {
        scheduler,
        installed,
        healthy,
        files,
        next_check,
        at: settings.renewal.at.clone(),
        window: settings.renewal.window.clone(),
        hook: settings.renewal.hook.clone(),
        next_due: dry.into_iter().min_by_key(|i| i.due_at),
        failures: state
            .usages
            .iter()
            .filter_map(|(usage, r)| {
                r.last_error
                    .clone()
                    .map(|e| (*usage, e, r.last_reason.clone()))
            })
            .collect(),
    })
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

    /// A refused time reads in English as it always did, and in French from the catalogue.
    #[test]
    fn a_refused_time_is_worded_in_both_languages() {
        use crate::i18n::Lang;
        use crate::log::Explain;
        for (text, english) in [
            ("25:99", "\"25:99\" is not a time of day (00:00 to 23:59)"),
            ("3:1", "\"3:1\" is not a time: write HH:MM, such as 03:17"),
            ("", "\"\" is not a time: write HH:MM, such as 03:17"),
        ] {
            let error = parse_time(text).unwrap_err();
            assert_eq!(error.to_string(), english);
            assert_eq!(error.failure(), crate::Failure::BadInput);
            let why = error.reason().expect("a reason");
            assert_eq!(why.words(Lang::En), english);
            assert!(why.words(Lang::Fr).contains("n'est pas une heure"));
        }
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
