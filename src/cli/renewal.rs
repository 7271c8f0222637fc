//! `cert renew` and `renewal enable [--at HH:MM] [--window HH:MM-HH:MM] | disable | status |
//! hook (--on-failure CMD | --clear)`: renewal by hand and on a schedule (a systemd timer where
//! systemd runs, a cron entry otherwise). Times are UTC.

use clap::Subcommand;
use serde_json::json;
use time::OffsetDateTime;

use super::{CliError, Output};
use crate::Failure;
use crate::cert::parse_usages;
use crate::data_dir::DataDir;
use crate::deploy::renewal::{self, RenewAction, RenewOptions, Selection};
use crate::deploy::schedule::{self, Scheduler, inside, parse_duration, parse_window};
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
    /// When the certificate of these usages is due (by default at two thirds of its lifetime;
    /// an ACME CA's renewal window, where it gives one, wins).
    #[command(group(clap::ArgGroup::new("when").required(true).args(["percent", "days_before", "default"])))]
    Policy {
        /// Certificate types, comma-separated.
        #[arg(long = "type", value_name = "T[,T]", required = true)]
        types: Vec<String>,
        /// Renew once this share of the lifetime has passed (1-99).
        #[arg(long, value_name = "P")]
        percent: Option<u32>,
        /// Renew this many days before expiry (1-3650).
        #[arg(long, value_name = "N")]
        days_before: Option<u32>,
        /// Back to two thirds of the lifetime.
        #[arg(long)]
        default: bool,
    },
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
        // The reason in the environment's language (its English text for older records).
        let why = item
            .why
            .as_ref()
            .map(crate::wording::reason)
            .or_else(|| item.reason.clone());
        let usages = usages.as_str();
        let before = item.before.as_str();
        let after = item.after.as_deref().unwrap_or_default();
        let line = match item.action {
            RenewAction::NotDue => crate::fl!(
                "cli-renewal-not-due",
                usages = usages,
                thumbprint = before,
                due = date(item.due_at),
                expires = date(item.expires)
            ),
            RenewAction::WouldRenew => {
                crate::fl!(
                    "cli-renewal-would-renew",
                    usages = usages,
                    thumbprint = before
                )
            }
            RenewAction::Renewed => match why {
                Some(reason) => crate::fl!(
                    "cli-renewal-renewed-why",
                    usages = usages,
                    before = before,
                    after = after,
                    reason = reason
                ),
                None => crate::fl!(
                    "cli-renewal-renewed",
                    usages = usages,
                    before = before,
                    after = after
                ),
            },
            RenewAction::Redeployed => {
                crate::fl!(
                    "cli-renewal-redeployed",
                    usages = usages,
                    thumbprint = after
                )
            }
            RenewAction::StoredNotDeployed => crate::fl!(
                "cli-renewal-stored",
                usages = usages,
                thumbprint = after,
                reason = why.unwrap_or_default()
            ),
            RenewAction::RequestWritten | RenewAction::Skipped => crate::fl!(
                "cli-renewal-reason",
                usages = usages,
                reason = why.unwrap_or_default()
            ),
            RenewAction::Failed => {
                let reason = why.unwrap_or_default();
                let expires = date(item.expires);
                match &item.hook {
                    Some(hook) => crate::fl!(
                        "cli-renewal-failed-hook",
                        usages = usages,
                        reason = reason,
                        thumbprint = before,
                        expires = expires,
                        hook = crate::wording::reason(hook)
                    ),
                    None => crate::fl!(
                        "cli-renewal-failed",
                        usages = usages,
                        reason = reason,
                        thumbprint = before,
                        expires = expires
                    ),
                }
            }
        };
        lines.push(line);
    }
    let failed = items.iter().any(|i| i.action == RenewAction::Failed);
    let text = if lines.is_empty() {
        crate::fl!("cli-renewal-none")
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

pub(super) fn run(command: RenewalCommand, data: &DataDir) -> Result<Output, CliError> {
    match command {
        RenewalCommand::Enable { at, window } => {
            let enabled = schedule::enable(data, &at, window.as_deref())?;
            let files: Vec<String> = enabled
                .files
                .iter()
                .map(|f| f.display().to_string())
                .collect();
            let (at, files) = (enabled.at.as_str(), files.join(", "));
            let text = match &enabled.window {
                Some(window) => crate::fl!(
                    "cli-renewal-enabled-window",
                    at = at,
                    files = files,
                    window = window.as_str()
                ),
                None => crate::fl!("cli-renewal-enabled", at = at, files = files),
            };
            Ok(Output::new(text, json!(enabled)))
        }
        RenewalCommand::Disable => {
            let removed = schedule::disable(data)?;
            Ok(Output::new(
                if removed.is_empty() {
                    crate::fl!("cli-renewal-none-installed")
                } else {
                    crate::fl!(
                        "cli-renewal-removed",
                        files = removed
                            .iter()
                            .map(|f| f.display().to_string())
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                },
                json!({ "removed": removed }),
            ))
        }
        RenewalCommand::Hook { on_failure, clear } => {
            let hook = if clear { None } else { on_failure };
            schedule::set_hook(data, hook.as_deref())?;
            let hook = Settings::load(data).renewal.hook;
            Ok(Output::new(
                match &hook {
                    Some(hook) => crate::fl!("cli-renewal-hook", hook = hook.as_str()),
                    None => crate::fl!("cli-renewal-no-hook"),
                },
                json!({ "hook": hook }),
            ))
        }
        RenewalCommand::Policy {
            types,
            percent,
            days_before,
            default: _,
        } => {
            use crate::settings::RenewPolicy;
            let usages = parse_usages(&types).map_err(bad)?;
            let policy = match (percent, days_before) {
                (Some(p), _) => Some(RenewPolicy::LifetimePercent(
                    u8::try_from(p)
                        .ok()
                        .filter(|p| (1..=99).contains(p))
                        .ok_or_else(|| {
                            bad(crate::fl!(
                                "cli-renewal-bad-percent",
                                percent = p.to_string()
                            ))
                        })?,
                )),
                (_, Some(d)) => Some(RenewPolicy::DaysBefore(d)),
                _ => None,
            };
            schedule::set_policy(data, &usages, policy)?;
            let which = crate::cert::usage::join(&usages, ", ");
            Ok(Output::new(
                match policy {
                    Some(RenewPolicy::LifetimePercent(p)) => {
                        crate::fl!("cli-renewal-policy-percent", usages = which, percent = p)
                    }
                    Some(RenewPolicy::DaysBefore(d)) => {
                        crate::fl!("cli-renewal-policy-days", usages = which, days = d)
                    }
                    None => crate::fl!("cli-renewal-policy-default", usages = which),
                },
                json!({ "usages": usages, "policy": policy }),
            ))
        }
        RenewalCommand::Status => {
            let status = schedule::status(data)?;
            let rfc = |t: OffsetDateTime| {
                t.format(&time::format_description::well_known::Rfc3339)
                    .unwrap_or_default()
            };
            let state = match (status.installed, status.healthy) {
                (false, _) => crate::fl!("cli-renewal-schedule-not-installed"),
                (true, true) => crate::fl!("cli-renewal-schedule-healthy"),
                (true, false) => crate::fl!("cli-renewal-schedule-unhealthy"),
            };
            let scheduler = match status.scheduler {
                Scheduler::Systemd => crate::fl!("cli-renewal-scheduler-systemd"),
                Scheduler::Cron => crate::fl!("cli-renewal-scheduler-cron"),
            };
            let mut lines = vec![crate::fl!(
                "cli-renewal-schedule",
                state = state,
                scheduler = scheduler
            )];
            if let Some(next) = status.next_check {
                lines.push(crate::fl!("cli-renewal-next-check", time = rfc(next)));
            }
            if let Some(window) = &status.window {
                lines.push(crate::fl!("cli-renewal-window", window = window.as_str()));
            }
            if let Some(item) = &status.next_due {
                lines.push(crate::fl!(
                    "cli-renewal-next-due",
                    usages = crate::cert::usage::join(&item.usages, ", "),
                    thumbprint = item.before.as_str(),
                    time = rfc(item.due_at)
                ));
            }
            for (usage, policy) in &Settings::load(data).renewal.policies {
                let usage = usage.as_str();
                lines.push(match policy {
                    crate::settings::RenewPolicy::LifetimePercent(p) => crate::fl!(
                        "cli-renewal-policy-for-percent",
                        usage = usage,
                        percent = *p
                    ),
                    crate::settings::RenewPolicy::DaysBefore(d) => {
                        crate::fl!("cli-renewal-policy-for-days", usage = usage, days = *d)
                    }
                });
            }
            if status.failures.is_empty() {
                lines.push(crate::fl!("cli-renewal-last-ok"));
            } else {
                for (usage, error, why) in &status.failures {
                    let error = why
                        .as_ref()
                        .map(crate::wording::reason)
                        .unwrap_or_else(|| error.clone());
                    lines.push(crate::fl!(
                        "cli-renewal-last-failed",
                        usage = usage.to_string(),
                        reason = error
                    ));
                }
            }
            let mut value = json!(status);
            value["next_check"] = json!(status.next_check.map(rfc));
            Ok(Output::new(lines.join("\n").trim_end(), value))
        }
    }
}
