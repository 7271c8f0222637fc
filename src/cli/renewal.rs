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
                why.as_ref().map(|r| format!(" ({r})")).unwrap_or_default()
            ),
            RenewAction::Redeployed => format!(
                "{usages}: deployed {} (renewed earlier; no new CA request)",
                item.after.clone().unwrap_or_default()
            ),
            RenewAction::StoredNotDeployed => format!(
                "{usages}: renewed {} stored, not deployed yet: {}",
                item.after.clone().unwrap_or_default(),
                why.unwrap_or_default()
            ),
            RenewAction::RequestWritten | RenewAction::Skipped => {
                format!("{usages}: {}", why.unwrap_or_default())
            }
            RenewAction::Failed => format!(
                "{usages}: FAILED: {} (the current certificate {} stays, until {}){}",
                why.unwrap_or_default(),
                item.before,
                date(item.expires),
                item.hook
                    .as_ref()
                    .map(|h| format!("; {}", crate::wording::reason(h)))
                    .unwrap_or_default()
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

pub(super) fn run(command: RenewalCommand, data: &DataDir) -> Result<Output, CliError> {
    match command {
        RenewalCommand::Enable { at, window } => {
            let enabled = schedule::enable(data, &at, window.as_deref())?;
            let files: Vec<String> = enabled
                .files
                .iter()
                .map(|f| f.display().to_string())
                .collect();
            Ok(Output::new(
                format!(
                    "Renewal runs twice a day from {} UTC: {}{}",
                    enabled.at,
                    files.join(", "),
                    enabled
                        .window
                        .as_ref()
                        .map(|w| format!("; renewed certificates are deployed between {w} UTC"))
                        .unwrap_or_default()
                ),
                json!(enabled),
            ))
        }
        RenewalCommand::Disable => {
            let removed = schedule::disable(data)?;
            Ok(Output::new(
                if removed.is_empty() {
                    "No renewal schedule was installed".to_string()
                } else {
                    format!(
                        "Removed {}",
                        removed
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
                    Some(hook) => format!("On a failed renewal: {hook}"),
                    None => "No command runs on a failed renewal".into(),
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
                    u8::try_from(p).ok().filter(|p| (1..=99).contains(p)).ok_or_else(|| {
                        bad(format!(
                            "--percent {p}: give the share of the lifetime after which to renew, from 1 to 99"
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
                        format!("{which}: renewed once {p}% of the lifetime has passed")
                    }
                    Some(RenewPolicy::DaysBefore(d)) => {
                        format!("{which}: renewed {d} days before expiry")
                    }
                    None => format!("{which}: renewed at two thirds of the lifetime"),
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
            let mut text = format!(
                "Schedule: {} ({})\n",
                match (status.installed, status.healthy) {
                    (false, _) =>
                        "not installed: `deploy-wizard renewal enable` installs it".to_string(),
                    (true, true) => "installed and healthy".to_string(),
                    (true, false) =>
                        "installed, but it does not run this program on this data directory: run `renewal enable` again".to_string(),
                },
                match status.scheduler {
                    Scheduler::Systemd => "systemd timer",
                    Scheduler::Cron => "cron",
                }
            );
            if let Some(next) = status.next_check {
                text.push_str(&format!("Next check: {}\n", rfc(next)));
            }
            if let Some(window) = &status.window {
                text.push_str(&format!("Deployment window: {window} UTC\n"));
            }
            if let Some(item) = &status.next_due {
                text.push_str(&format!(
                    "Next due: {} ({}) on {}\n",
                    crate::cert::usage::join(&item.usages, ", "),
                    item.before,
                    rfc(item.due_at)
                ));
            }
            for (usage, policy) in &Settings::load(data).renewal.policies {
                text.push_str(&match policy {
                    crate::settings::RenewPolicy::LifetimePercent(p) => {
                        format!("Policy for {usage}: once {p}% of the lifetime has passed\n")
                    }
                    crate::settings::RenewPolicy::DaysBefore(d) => {
                        format!("Policy for {usage}: {d} days before expiry\n")
                    }
                });
            }
            if status.failures.is_empty() {
                text.push_str("Last result: no failure");
            } else {
                for (usage, error, why) in &status.failures {
                    let error = why
                        .as_ref()
                        .map(crate::wording::reason)
                        .unwrap_or_else(|| error.clone());
                    text.push_str(&format!("Last result for {usage}: FAILED: {error}\n"));
                }
            }
            let mut value = json!(status);
            value["next_check"] = json!(status.next_check.map(rfc));
            Ok(Output::new(text.trim_end(), value))
        }
    }
}
