//! `cert renew`: renews the certificates that are due, as they were requested (CA, key,
//! exportable, template, organisation; names from the topology as it is now), assigns each to
//! the same usages (which re-renders, reloads and proves what the ports present), and keeps
//! per usage how it went. Deployment is its own re-runnable part: a renewed certificate whose
//! deployment failed (or waits for the deployment window) is deployed by the next run, or by
//! `--redeploy`, without asking the CA again. A failure backs off (10 minutes, doubling, at
//! most 12 hours), never removes the working certificate or assignment, and runs the
//! administrator's failure hook with the details in its environment.

use std::collections::BTreeMap;

use serde::Serialize;
use time::OffsetDateTime;
use tokio::sync::mpsc::UnboundedSender;

use super::certificates::{assign_usages, request};
use crate::cert::acme::AcmeOptions;
use crate::cert::assign::current_thumbprints;
use crate::cert::renewal::{CaRecord, RenewalState};
use crate::cert::request::{CaChoice, RequestSpec};
use crate::cert::store::CertStore;
use crate::cert::usage::{Usage, required_usages};
use crate::cert::{CertError, query};
use crate::data_dir::DataDir;
use crate::log::{Reason, RunEvent};
use crate::settings::Settings;

/// Which certificates a run considers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Selection {
    /// Every usage this server needs.
    All,
    /// These usages.
    Usages(Vec<Usage>),
}

/// What `cert renew` was asked.
#[derive(Debug, Clone)]
pub struct RenewOptions {
    /// Which usages.
    pub selection: Selection,
    /// Say what would be renewed, change nothing.
    pub dry_run: bool,
    /// Renew even when not due.
    pub force: bool,
    /// Only deploy renewed certificates not deployed yet; ask no CA.
    pub redeploy: bool,
    /// Whether deploying is allowed now (outside the deployment window it waits).
    pub deploy_now: bool,
    /// How long after its renewal an OAuthTokenIssuer roll takes effect (default: the
    /// settings', 24 hours), so that every server has it by step 1 first.
    pub roll_delay: Option<time::Duration>,
}

/// What happened to one certificate (the usages it serves).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum RenewAction {
    /// Not due yet.
    NotDue,
    /// Due: a run without `--dry-run` would renew it.
    WouldRenew,
    /// Renewed and deployed.
    Renewed,
    /// A renewed certificate deployed (no new CA request).
    Redeployed,
    /// Renewed and stored; deployment waits for the window (or a rerun).
    StoredNotDeployed,
    /// An offline CA: a new request was written for the administrator.
    RequestWritten,
    /// Not attempted (imported certificate, back-off, not this server's to renew).
    Skipped,
    /// The renewal or its deployment failed; the working certificate stays.
    Failed,
}

/// One line of the run.
#[derive(Debug, Clone, Serialize)]
pub struct RenewItem {
    /// The usages the certificate serves.
    pub usages: Vec<Usage>,
    /// The certificate before.
    pub before: String,
    /// The new one, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// When it is (was) due.
    #[serde(with = "time::serde::rfc3339")]
    pub due_at: OffsetDateTime,
    /// When the certificate before expires.
    #[serde(with = "time::serde::rfc3339")]
    pub expires: OffsetDateTime,
    /// What happened.
    pub action: RenewAction,
    /// Why (skips, failures, the request file of an offline CA), in English.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The same as data, for the faces to word.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why: Option<Reason>,
    /// How the failure hook went, after a failure.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hook: Option<Reason>,
    /// The run logs it made.
    pub runs: Vec<String>,
}

impl RenewItem {
    /// Says why (the English text kept beside the data).
    fn because(&mut self, why: Reason) {
        self.reason = Some(why.words(crate::i18n::Lang::En));
        self.why = Some(why);
    }
}

/// The CA of a record, as the administrator knows it (lab CA name, ACME directory, request
/// file).
fn ca_label(record: &CaRecord) -> String {
    match record {
        CaRecord::Lab { name } => name.clone(),
        CaRecord::Acme { directory, .. } => directory.clone(),
        CaRecord::Offline { file } => file.display().to_string(),
    }
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// The typed reason of an error, or its English text when it has none yet.
fn reason_of(error: &impl crate::log::Explain) -> Reason {
    error
        .reason()
        .unwrap_or_else(|| Reason::new("why-detail").with("detail", error.to_string()))
}

/// The CA choice a record asks again.
fn ca_choice(record: &CaRecord) -> Result<CaChoice, Reason> {
    Ok(match record {
        CaRecord::Lab { name } => CaChoice::Lab(name.clone()),
        CaRecord::Offline { file } => CaChoice::Offline(file.clone()),
        CaRecord::Acme {
            directory,
            eab_kid,
            eab_hmac_file,
            roots,
            http01_listen,
        } => {
            // The account exists (kept from the first request): the external account binding
            // is only read again when its file is still there.
            let eab = match (eab_kid, eab_hmac_file) {
                (Some(kid), Some(file)) => {
                    crate::input::read_limited(file, crate::input::InputKind::Secret)
                        .ok()
                        .and_then(|bytes| String::from_utf8(bytes).ok())
                        .map(|hmac| (kid.clone(), hmac.trim().to_string()))
                }
                _ => None,
            };
            CaChoice::Acme(AcmeOptions {
                directory: directory.clone(),
                eab,
                eab_hmac_file: eab_hmac_file.clone(),
                roots: roots.clone(),
                http01_listen: http01_listen.parse().map_err(|_| {
                    Reason::new("why-renewal-recorded-address").with("listen", http01_listen)
                })?,
            })
        }
    })
}

/// The longest the failure hook may take; past it, it is stopped and its outcome says so.
const HOOK_LIMIT: std::time::Duration = std::time::Duration::from_secs(120);

/// Runs the failure hook (`renewal hook --on-failure`) with the details in its environment;
/// what it did goes to stderr of the hook itself, its outcome into the item's `hook`.
fn run_hook(data: &DataDir, item: &RenewItem, server: &str) -> Option<Reason> {
    let hook = Settings::load(data).renewal.hook?;
    // A cleared environment plus the passed list and the renewal's details: no secret given
    // to the wizard reaches the hook. Its output goes where the wizard's goes; it has a time
    // limit.
    let mut command = crate::process::run::command("/bin/sh");
    if let Some(home) = std::env::var_os("HOME") {
        command.env("HOME", home);
    }
    command
        .arg("-c")
        .arg(&hook)
        .stdout(std::process::Stdio::inherit())
        .stderr(std::process::Stdio::inherit())
        .env("DEPLOY_WIZARD_RENEWAL_SERVER", server)
        .env(
            "DEPLOY_WIZARD_RENEWAL_USAGES",
            crate::cert::usage::join(&item.usages, ","),
        )
        .env("DEPLOY_WIZARD_RENEWAL_THUMBPRINT", &item.before)
        .env("DEPLOY_WIZARD_RENEWAL_EXPIRES", rfc3339(item.expires))
        .env(
            "DEPLOY_WIZARD_RENEWAL_REASON",
            item.reason.clone().unwrap_or_default(),
        );
    let status = crate::process::run::status_within(&mut command, HOOK_LIMIT);
    Some(match status {
        Ok(s) if s.success() => Reason::new("said-renewal-hook-ran"),
        Ok(s) => Reason::new("why-renewal-hook-ended").with("status", s),
        Err(e) => Reason::new("why-renewal-hook-not-run").with("detail", e),
    })
}

/// Asks an ACME CA for its suggested renewal window of `cert` (ACME Renewal Information), once
/// its last answer's Retry-After has passed; kept in the state. A CA that offers none, or does
/// not answer, leaves the certificate due at two thirds of its lifetime (or the window it gave
/// before).
fn ask_renewal_window(
    data: &DataDir,
    store: &CertStore,
    state: &mut RenewalState,
    cert: &crate::cert::store::StoredCert,
    now: OffsetDateTime,
) {
    let thumb = cert.thumbprint.as_str();
    if state.windows.get(thumb).is_some_and(|w| w.ask_again > now) {
        return;
    }
    let Some(Ok(CaChoice::Acme(options))) = cert.meta.request.as_ref().map(|r| ca_choice(&r.ca))
    else {
        return;
    };
    let Ok(der) = store.leaf(thumb) else {
        return;
    };
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return;
    };
    let asked = runtime.block_on(async {
        tokio::time::timeout(
            std::time::Duration::from_secs(20),
            crate::cert::acme::renewal_window(data, &options, &der),
        )
        .await
    });
    if let Ok(Ok(Some(window))) = asked {
        let mut random = [0u8; 4];
        let _ = getrandom::fill(&mut random);
        state.set_window(
            thumb,
            window.start,
            window.end,
            window.ask_again,
            window.explanation,
            f64::from(u32::from_le_bytes(random)) / (f64::from(u32::MAX) + 1.0),
        );
    }
}

/// Renews what `options` selects; one item per certificate.
pub fn renew(
    data: &DataDir,
    options: &RenewOptions,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<Vec<RenewItem>, CertError> {
    let ctx = query::context(data)?;
    let needed = required_usages(&ctx.place);
    let selected: Vec<Usage> = match &options.selection {
        Selection::All => needed.clone(),
        Selection::Usages(usages) => {
            if let Some(other) = usages.iter().find(|u| !needed.contains(u)) {
                return Err(CertError::BadInput(format!(
                    "{other} is not a certificate type of {}; its types are {}",
                    ctx.place.server,
                    crate::cert::usage::join(&needed, ", ")
                )));
            }
            usages.clone()
        }
    };
    let current = current_thumbprints(data)?;
    // Usages sharing a certificate are renewed together, into one certificate again.
    let mut groups: BTreeMap<String, Vec<Usage>> = BTreeMap::new();
    for usage in &selected {
        if let Some(thumb) = current.get(usage) {
            groups.entry(thumb.clone()).or_default().push(*usage);
        }
    }
    let store = CertStore::open(data);
    let settings = Settings::load(data);
    let mut state = RenewalState::load(data)?;
    let mut items = Vec::new();
    let global_writable = super::writable_cms(data).is_ok();
    for (thumb, usages) in groups {
        let now = OffsetDateTime::now_utc();
        let cert = store.get(&thumb)?;
        if !options.redeploy
            && let Some(CaRecord::Acme { .. }) = cert.meta.request.as_ref().map(|r| &r.ca)
        {
            ask_renewal_window(data, &store, &mut state, &cert, now);
        }
        let mut item = RenewItem {
            usages: usages.clone(),
            before: thumb.clone(),
            after: None,
            due_at: state.due(
                &thumb,
                &cert.info,
                &crate::cert::renewal::policies_of(&usages, &settings),
            ),
            expires: cert.info.not_after,
            action: RenewAction::NotDue,
            reason: None,
            why: None,
            hook: None,
            runs: Vec::new(),
        };
        let global = usages.iter().any(|u| u.is_global());
        if global && !global_writable {
            item.action = RenewAction::Skipped;
            item.because(Reason::new("why-renewal-global-elsewhere"));
            items.push(item);
            continue;
        }
        let undeployed = usages
            .iter()
            .find_map(|u| state.usages.get(u).and_then(|r| r.undeployed.clone()))
            .filter(|t| store.get(t).is_ok());
        if let Some(new) = undeployed {
            item.after = Some(new.clone());
            if options.dry_run || !options.deploy_now {
                item.action = RenewAction::StoredNotDeployed;
                item.because(Reason::new("why-renewal-waiting-window"));
            } else {
                deploy(
                    data,
                    &mut state,
                    &mut item,
                    &new,
                    true,
                    options,
                    sink.clone(),
                );
            }
            items.push(item);
            continue;
        }
        if options.redeploy {
            item.action = RenewAction::Skipped;
            item.because(Reason::new("why-renewal-nothing-to-redeploy"));
            items.push(item);
            continue;
        }
        if !options.force && now < item.due_at {
            items.push(item);
            continue;
        }
        if let Some(until) = usages
            .iter()
            .filter_map(|u| state.usages.get(u).and_then(|r| r.next_try))
            .max()
            .filter(|until| !options.force && *until > now)
        {
            item.action = RenewAction::Skipped;
            item.because(Reason::new("why-renewal-backing-off").with("until", rfc3339(until)));
            items.push(item);
            continue;
        }
        let Some(record) = cert.meta.request.clone() else {
            item.action = RenewAction::Skipped;
            item.because(Reason::new("why-renewal-imported"));
            items.push(item);
            continue;
        };
        if options.dry_run {
            item.action = RenewAction::WouldRenew;
            items.push(item);
            continue;
        }
        let spec = RequestSpec {
            usages: usages.clone(),
            friendly_name: None,
            ..record.spec.clone()
        };
        let outcome = ca_choice(&record.ca)
            .map_err(|reason| (reason, None))
            .and_then(|ca| {
                request(data, &spec, &ca, false, sink.clone())
                    .map_err(|e| (reason_of(&e.error), e.run))
            });
        match outcome {
            Err((reason, run)) => {
                item.runs.extend(run);
                let why = Reason::new("why-renewal-request-failed")
                    .with("ca", ca_label(&record.ca))
                    .with_parts(vec![reason]);
                fail(data, &mut state, &mut item, why, &ctx.place.server, now);
            }
            Ok(requested) => {
                item.runs.push(requested.run.clone());
                if let Some(pending) = requested.pending {
                    item.action = RenewAction::RequestWritten;
                    item.because(
                        Reason::new("said-renewal-offline-request")
                            .with("file", pending.request_file.display())
                            .with("id", &pending.id),
                    );
                } else if let Some(new) = requested.certificate {
                    for usage in &usages {
                        state.of(*usage).undeployed = Some(new.thumbprint.clone());
                    }
                    state.save(data)?;
                    item.after = Some(new.thumbprint.clone());
                    if options.deploy_now {
                        deploy(
                            data,
                            &mut state,
                            &mut item,
                            &new.thumbprint,
                            false,
                            options,
                            sink.clone(),
                        );
                    } else {
                        item.action = RenewAction::StoredNotDeployed;
                        item.because(Reason::new("why-renewal-waiting-window"));
                    }
                }
            }
        }
        state.save(data)?;
        items.push(item);
    }
    // The windows of certificates no longer in use are forgotten.
    let live: Vec<String> = current_thumbprints(data)?.into_values().collect();
    state.keep_windows_of(&live);
    state.save(data)?;
    Ok(items)
}

/// Assigns a renewed certificate to its usages (a roll for the global OAuthTokenIssuer, so
/// every server takes it by step 1 first).
fn deploy(
    data: &DataDir,
    state: &mut RenewalState,
    item: &mut RenewItem,
    thumbprint: &str,
    again: bool,
    options: &RenewOptions,
    sink: Option<UnboundedSender<RunEvent>>,
) {
    let now = OffsetDateTime::now_utc();
    let global = item.usages.iter().any(|u| u.is_global());
    // What each usage had, to put back if the new certificate cannot be put in service.
    let before = crate::cert::assign::Assignments::load(data).ok();
    let delay = options.roll_delay.unwrap_or_else(|| {
        time::Duration::hours(i64::from(Settings::load(data).renewal.oauth_roll_hours()))
    });
    let roll = global.then(|| now + delay);
    match assign_usages(data, &item.usages, thumbprint, roll, sink) {
        Ok(assigned) => {
            item.runs.push(assigned.run);
            item.action = if again {
                RenewAction::Redeployed
            } else {
                RenewAction::Renewed
            };
            if let Some(date) = roll {
                item.because(Reason::new("said-renewal-roll").with("date", rfc3339(date)));
            }
            for usage in &item.usages {
                state.of(*usage).succeeded(now);
            }
        }
        Err(error) => {
            item.runs.extend(error.run.clone());
            // The services still present the certificate before: the assignment says so again
            // (a local one; a global roll is only published once it succeeds).
            if let Some(before) = before
                && !global
                && let Ok(mut now_assigned) = crate::cert::assign::Assignments::load(data)
            {
                for usage in &item.usages {
                    if let (Some(then), Some(assignment)) =
                        (before.usages.get(usage), now_assigned.usages.get_mut(usage))
                        && let Some(served) = &then.current
                    {
                        assignment.undo(thumbprint, served, then.previous.clone());
                    }
                }
                let _ = now_assigned.save(data);
            }
            let reason =
                Reason::new("why-renewal-not-deployed").with_parts(vec![reason_of(&error.error)]);
            let server = query::context(data)
                .map(|c| c.place.server)
                .unwrap_or_default();
            fail(data, state, item, reason, &server, now);
            // Kept: the next run (or --redeploy) deploys it.
            for usage in &item.usages {
                state.of(*usage).undeployed = Some(thumbprint.to_string());
            }
        }
    }
}

fn fail(
    data: &DataDir,
    state: &mut RenewalState,
    item: &mut RenewItem,
    why: Reason,
    server: &str,
    now: OffsetDateTime,
) {
    item.action = RenewAction::Failed;
    for usage in &item.usages {
        state.of(*usage).failed(now, &why);
    }
    item.because(why);
    item.hook = run_hook(data, item, server);
}
