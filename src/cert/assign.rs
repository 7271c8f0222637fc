//! Assignments: which certificate is current (and which was previous) for each usage, and
//! rolls that make a new certificate current at an effective date.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::CertError;
use super::usage::Usage;
use crate::data_dir::DataDir;

/// A roll waiting for its date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingRoll {
    /// Certificate that becomes current.
    pub thumbprint: String,
    /// When.
    #[serde(with = "time::serde::rfc3339")]
    pub effective: OffsetDateTime,
}

/// One usage's certificates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    /// In use now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<String>,
    /// In use before the current one (still accepted by peers during a roll).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// A roll not yet effective.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<PendingRoll>,
}

/// Every usage's assignment (`assignments.json`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignments {
    /// By usage.
    #[serde(default)]
    pub usages: BTreeMap<Usage, Assignment>,
}

fn file(data: &DataDir) -> std::path::PathBuf {
    data.root().join("assignments.json")
}

impl Assignments {
    /// Reads `assignments.json` and applies every roll whose date has come.
    pub fn load(data: &DataDir) -> Result<Self, CertError> {
        let mut assignments: Assignments = match std::fs::read(file(data)) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                CertError::Failed(format!("{} is damaged: {e}", file(data).display()))
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Assignments::default(),
            Err(e) => return Err(CertError::io("cannot read assignments.json")(e)),
        };
        assignments.apply_due_rolls(OffsetDateTime::now_utc());
        Ok(assignments)
    }

    /// Writes `assignments.json` atomically.
    pub fn save(&self, data: &DataDir) -> Result<(), CertError> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("assignments serialise");
        bytes.push(b'\n');
        data.write_own_file(&file(data), &bytes)
            .map_err(CertError::io("cannot write assignments.json"))
    }

    /// Promotes rolls whose effective date is at or before `now`; true if any was.
    pub fn apply_due_rolls(&mut self, now: OffsetDateTime) -> bool {
        let mut changed = false;
        for assignment in self.usages.values_mut() {
            changed |= assignment.apply_due_roll(now);
        }
        changed
    }

    /// The current certificate of `usage`.
    pub fn current(&self, usage: Usage) -> Option<&str> {
        self.usages.get(&usage).and_then(|a| a.current.as_deref())
    }
}

/// Every usage's assignment on this server, the global ones (OAuthTokenIssuer) as replicated
/// from the CMS: the one place local and replicated assignments are merged.
pub fn all_assignments(data: &DataDir) -> Result<BTreeMap<Usage, Assignment>, CertError> {
    let mut all = Assignments::load(data)?.usages;
    all.retain(|usage, _| !usage.is_global());
    if let Some(replica) = crate::store::LocalConfigurationStore::open(data)? {
        all.insert(
            Usage::OAuthTokenIssuer,
            super::global::replicated_assignment(&replica)?,
        );
    }
    Ok(all)
}

/// The current thumbprint of every assigned usage, global ones included.
pub fn current_thumbprints(data: &DataDir) -> Result<BTreeMap<Usage, String>, CertError> {
    Ok(all_assignments(data)?
        .into_iter()
        .filter_map(|(usage, a)| a.current.map(|t| (usage, t)))
        .collect())
}

impl Assignment {
    /// Makes the pending roll current if its date has come.
    pub fn apply_due_roll(&mut self, now: OffsetDateTime) -> bool {
        match &self.pending {
            Some(roll) if roll.effective <= now => {
                let roll = self.pending.take().expect("matched");
                if self.current.as_deref() != Some(roll.thumbprint.as_str()) {
                    self.previous = self.current.take();
                    self.current = Some(roll.thumbprint);
                }
                true
            }
            _ => false,
        }
    }

    /// Makes `thumbprint` current now; the old current becomes previous.
    pub fn assign_now(&mut self, thumbprint: &str) {
        self.pending = None;
        if self.current.as_deref() != Some(thumbprint) {
            self.previous = self.current.take();
            self.current = Some(thumbprint.to_string());
        }
    }

    /// Undoes `assign_now(new)` when `new` could not be put in service: `current` is the
    /// certificate still served again (and `previous` what it was before it).
    pub fn undo(&mut self, new: &str, served: &str, previous: Option<String>) {
        if self.current.as_deref() == Some(new) {
            self.current = Some(served.to_string());
            self.previous = previous;
        }
    }

    /// Schedules `thumbprint` to become current at `effective` (at once if the date is past).
    pub fn roll(&mut self, thumbprint: &str, effective: OffsetDateTime) {
        self.pending = Some(PendingRoll {
            thumbprint: thumbprint.to_string(),
            effective,
        });
        self.apply_due_roll(OffsetDateTime::now_utc());
    }
}

/// Parses `--effective-date`: RFC 3339 (`2026-12-01T08:00:00Z`), or a date (`2026-12-01`,
/// midnight UTC), or a date and time without zone (`2026-12-01T08:00`, UTC).
pub fn parse_effective_date(text: &str) -> Result<OffsetDateTime, CertError> {
    use time::format_description::well_known::Rfc3339;
    let text = text.trim();
    if let Ok(t) = OffsetDateTime::parse(text, &Rfc3339) {
        return Ok(t);
    }
    let date_format = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(d) = time::Date::parse(text, &date_format) {
        return Ok(d.midnight().assume_utc());
    }
    let minute_format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    if let Ok(t) = time::PrimitiveDateTime::parse(text, &minute_format) {
        return Ok(t.assume_utc());
    }
    Err(CertError::BadInput(format!(
        "{text:?} is not a date: use 2026-12-01, 2026-12-01T08:00 (UTC) or 2026-12-01T08:00:00+01:00"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Duration;

    #[test]
    fn roll_waits_for_its_date_then_keeps_the_old_one_as_previous() {
        let mut a = Assignment::default();
        a.assign_now("OLD");
        let later = OffsetDateTime::now_utc() + Duration::days(2);
        a.roll("NEW", later);
        assert_eq!(a.current.as_deref(), Some("OLD"));
        assert!(!a.apply_due_roll(OffsetDateTime::now_utc()));
        assert!(a.apply_due_roll(later));
        assert_eq!(
            (a.current.as_deref(), a.previous.as_deref()),
            (Some("NEW"), Some("OLD"))
        );
    }

    #[test]
    fn past_roll_is_effective_at_once() {
        let mut a = Assignment::default();
        a.assign_now("OLD");
        a.roll("NEW", OffsetDateTime::now_utc() - Duration::hours(1));
        assert_eq!(
            (a.current.as_deref(), a.previous.as_deref()),
            (Some("NEW"), Some("OLD"))
        );
    }

    #[test]
    fn effective_dates_parse_in_three_forms() {
        assert!(parse_effective_date("2026-12-01").is_ok());
        assert!(parse_effective_date("2026-12-01T08:00").is_ok());
        assert!(parse_effective_date("2026-12-01T08:00:00+01:00").is_ok());
        assert!(
            parse_effective_date("tomorrow")
                .unwrap_err()
                .to_string()
                .contains("is not a date")
        );
    }
}
