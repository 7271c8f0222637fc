//! What renewal needs to know: how each certificate was requested (kept with it in the store,
//! without any secret), when it is due, and how the last renewals of each usage went
//! (`renewal.json`: failures, back-off, a renewed certificate not deployed yet).

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use super::CertError;
use super::info::CertInfo;
use super::request::RequestSpec;
use super::usage::Usage;
use crate::data_dir::DataDir;
use crate::log::Reason;
use crate::settings::RenewPolicy;

/// The CA a certificate came from, as a renewal asks it again (no secret: an ACME account's
/// key stays in the account file, an external account's HMAC key in the file it came from).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CaRecord {
    /// A lab CA of the CMS.
    Lab {
        /// Its name.
        name: String,
    },
    /// An ACME directory.
    Acme {
        /// Directory URL.
        directory: String,
        /// External account key id, if the account needed one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        eab_kid: Option<String>,
        /// The file holding its HMAC key.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        eab_hmac_file: Option<PathBuf>,
        /// Extra roots trusted for the directory's TLS.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        roots: Option<PathBuf>,
        /// Where the http-01 responder listened.
        http01_listen: String,
    },
    /// An offline CA: a renewal writes a new request to this file.
    Offline {
        /// The request file.
        file: PathBuf,
    },
}

/// How a certificate was requested: what `cert renew` asks again (the names come from the
/// topology as it is then).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RequestRecord {
    /// The request's choices (usages, key, hash, exportable, template, organisation, SIP
    /// domains, additional names); the friendly name is made anew.
    pub spec: RequestSpec,
    /// The CA.
    pub ca: CaRecord,
}

/// When a certificate is due: at two thirds of its lifetime (or the CA's suggested window,
/// when it gives one).
pub fn due_at(info: &CertInfo) -> OffsetDateTime {
    due_by(info, None)
}

/// When a certificate is due by the administrator's `policy` (two thirds of its lifetime
/// without one); never before it is valid.
pub fn due_by(info: &CertInfo, policy: Option<RenewPolicy>) -> OffsetDateTime {
    let lifetime = info.not_after - info.not_before;
    let due = match policy {
        None => info.not_before + lifetime * 2 / 3,
        Some(RenewPolicy::LifetimePercent(percent)) => {
            info.not_before + lifetime * f64::from(percent.clamp(1, 99)) / 100.0
        }
        Some(RenewPolicy::DaysBefore(days)) => info.not_after - Duration::days(i64::from(days)),
    };
    due.max(info.not_before)
}

/// The administrator's policies of `usages` (usages sharing a certificate are renewed
/// together: the earliest due date of theirs counts — see [`RenewalState::due`]).
pub fn policies_of(usages: &[Usage], settings: &crate::settings::Settings) -> Vec<RenewPolicy> {
    usages
        .iter()
        .filter_map(|u| settings.renewal.policies.get(u.as_str()).copied())
        .collect()
}

/// How one usage's renewals went.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct UsageRenewal {
    /// When the last renewal was tried.
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub last_attempt: Option<OffsetDateTime>,
    /// When it last succeeded (renewed and deployed).
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub last_renewed: Option<OffsetDateTime>,
    /// Why the last attempt failed, while it has not succeeded since (English, for people
    /// reading the file and for the failure hook).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_error: Option<String>,
    /// The same as data, worded by the faces in their language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_reason: Option<Reason>,
    /// Failures in a row.
    #[serde(default)]
    pub failures: u32,
    /// Not before this time again (exponential back-off after failures).
    #[serde(default, with = "time::serde::rfc3339::option")]
    pub next_try: Option<OffsetDateTime>,
    /// A renewed certificate stored but not deployed yet (its reload failed):
    /// `cert renew --redeploy` assigns it without asking the CA again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub undeployed: Option<String>,
}

impl UsageRenewal {
    /// Records a failure and when to try again: 10 minutes, doubling, at most 12 hours.
    pub fn failed(&mut self, now: OffsetDateTime, why: &Reason) {
        self.last_attempt = Some(now);
        self.last_error = Some(why.words(crate::i18n::Lang::En));
        self.last_reason = Some(why.clone());
        self.failures = self.failures.saturating_add(1);
        let minutes = 10i64.saturating_mul(1 << self.failures.min(8).saturating_sub(1));
        self.next_try = Some(now + Duration::minutes(minutes.min(12 * 60)));
    }

    /// Records a success.
    pub fn succeeded(&mut self, now: OffsetDateTime) {
        *self = UsageRenewal {
            last_attempt: Some(now),
            last_renewed: Some(now),
            ..UsageRenewal::default()
        };
    }
}

/// A CA's suggested renewal window for one certificate (ACME Renewal Information), and the
/// moment chosen in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RenewalWindow {
    /// The window's start.
    #[serde(with = "time::serde::rfc3339")]
    pub start: OffsetDateTime,
    /// Its end.
    #[serde(with = "time::serde::rfc3339")]
    pub end: OffsetDateTime,
    /// The moment renewal is due: chosen at random in the window once (RFC 9773 §4.2: so
    /// that a CA's clients do not all come at once), again only when the window moves.
    #[serde(with = "time::serde::rfc3339")]
    pub due: OffsetDateTime,
    /// Not asked again before (the CA's Retry-After).
    #[serde(with = "time::serde::rfc3339")]
    pub ask_again: OffsetDateTime,
    /// The CA's explanation, when it gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

/// `renewal.json`: every usage's renewal record.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct RenewalState {
    /// By usage.
    #[serde(default)]
    pub usages: BTreeMap<Usage, UsageRenewal>,
    /// The CAs' suggested renewal windows, by certificate thumbprint.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub windows: BTreeMap<String, RenewalWindow>,
}

fn file(data: &DataDir) -> PathBuf {
    data.root().join("renewal.json")
}

impl RenewalState {
    /// Reads the state (empty when there is none yet).
    pub fn load(data: &DataDir) -> Result<Self, CertError> {
        match std::fs::read(file(data)) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map_err(|e| CertError::Failed(format!("renewal.json is damaged: {e}"))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(CertError::io("cannot read renewal.json")(e)),
        }
    }

    /// Writes the state atomically.
    pub fn save(&self, data: &DataDir) -> Result<(), CertError> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("the state serialises");
        bytes.push(b'\n');
        data.write_own_file(&file(data), &bytes)
            .map_err(CertError::io("cannot write renewal.json"))
    }

    /// When the certificate `thumbprint` is due: the moment chosen in its CA's suggested window
    /// when the CA gave one, else two thirds of its lifetime.
    /// Without a window, the earliest date the `policies` of its usages give (two thirds of
    /// its lifetime for none).
    pub fn due(
        &self,
        thumbprint: &str,
        info: &CertInfo,
        policies: &[RenewPolicy],
    ) -> OffsetDateTime {
        self.windows
            .get(thumbprint)
            .map(|w| w.due)
            .unwrap_or_else(|| {
                policies
                    .iter()
                    .map(|p| due_by(info, Some(*p)))
                    .min()
                    .unwrap_or_else(|| due_at(info))
            })
    }

    /// Keeps the CA's window for `thumbprint`; a moment in it is chosen when it is new or
    /// moved (`random` in [0, 1)), and only forgotten windows of certificates no longer here
    /// are dropped by [`RenewalState::keep_windows_of`].
    pub fn set_window(
        &mut self,
        thumbprint: &str,
        start: OffsetDateTime,
        end: OffsetDateTime,
        ask_again: OffsetDateTime,
        explanation: Option<String>,
        random: f64,
    ) {
        let due = match self.windows.get(thumbprint) {
            Some(known) if known.start == start && known.end == end => known.due,
            _ => start + (end - start) * random.clamp(0.0, 1.0),
        };
        self.windows.insert(
            thumbprint.to_string(),
            RenewalWindow {
                start,
                end,
                due,
                ask_again,
                explanation,
            },
        );
    }

    /// Drops the windows of certificates not in `thumbprints`.
    pub fn keep_windows_of(&mut self, thumbprints: &[String]) {
        self.windows.retain(|t, _| thumbprints.contains(t));
    }

    /// The record of `usage` (a default one when it has none).
    pub fn of(&mut self, usage: Usage) -> &mut UsageRenewal {
        self.usages.entry(usage).or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_suggested_window_decides_when_a_certificate_is_due() {
        let mut state = RenewalState::default();
        let start = OffsetDateTime::UNIX_EPOCH + Duration::days(10);
        let end = start + Duration::days(2);
        let again = OffsetDateTime::UNIX_EPOCH + Duration::hours(6);
        state.set_window("AB", start, end, again, None, 0.25);
        assert_eq!(state.windows["AB"].due, start + Duration::hours(12));
        // The same window asked again keeps its moment (only the next question moves).
        state.set_window("AB", start, end, again + Duration::hours(6), None, 0.9);
        assert_eq!(state.windows["AB"].due, start + Duration::hours(12));
        assert_eq!(state.windows["AB"].ask_again, again + Duration::hours(6));
        // A window moved earlier (a revocation ahead) gets a new moment in it.
        let sooner = OffsetDateTime::UNIX_EPOCH + Duration::days(1);
        state.set_window("AB", sooner, sooner, again, None, 0.9);
        assert_eq!(state.windows["AB"].due, sooner);
        state.keep_windows_of(&["CD".to_string()]);
        assert!(state.windows.is_empty());
    }

    #[test]
    fn back_off_doubles_from_ten_minutes_to_twelve_hours() {
        let now = OffsetDateTime::UNIX_EPOCH;
        let mut record = UsageRenewal::default();
        let mut waits = Vec::new();
        for _ in 0..9 {
            record.failed(
                now,
                &Reason::new("why-ca-unreachable")
                    .with("ca", "https://ca.example/dir")
                    .with("detail", "connection refused"),
            );
            waits.push((record.next_try.unwrap() - now).whole_minutes());
        }
        assert_eq!(waits, [10, 20, 40, 80, 160, 320, 640, 720, 720]);
        assert!(
            record
                .last_error
                .as_deref()
                .is_some_and(|e| e.contains("https://ca.example/dir cannot be reached")),
            "{record:?}"
        );
        record.succeeded(now);
        assert_eq!(record.failures, 0);
        assert!(
            record.last_error.is_none()
                && record.last_reason.is_none()
                && record.next_try.is_none()
        );
    }
}
