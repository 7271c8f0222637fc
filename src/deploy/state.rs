//! Per-step state: how each deployment step last ended and at which replica revision it last
//! succeeded, which is what "Needs rerun" is computed from.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::data_dir::DataDir;
use crate::log::Outcome;

/// The four deployment steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StepId {
    /// Step 1: Install Local Configuration Store.
    LocalStore,
    /// Step 2: Setup or Remove Components.
    Components,
    /// Step 3: Request, Install or Assign Certificates.
    Certificates,
    /// Step 4: Start Services.
    Services,
}

impl StepId {
    /// Every step, in order.
    pub const ALL: [StepId; 4] = [
        StepId::LocalStore,
        StepId::Components,
        StepId::Certificates,
        StepId::Services,
    ];

    /// 1 to 4.
    pub fn number(self) -> u8 {
        match self {
            StepId::LocalStore => 1,
            StepId::Components => 2,
            StepId::Certificates => 3,
            StepId::Services => 4,
        }
    }

    /// English title, as used in run logs and the CLI.
    pub fn title(self) -> &'static str {
        match self {
            StepId::LocalStore => "Step 1: Install Local Configuration Store",
            StepId::Components => "Step 2: Setup or Remove Components",
            StepId::Certificates => "Step 3: Request, Install or Assign Certificates",
            StepId::Services => "Step 4: Start Services",
        }
    }
}

/// How a step last ran.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StepRecord {
    /// Outcome of the last run.
    pub last_outcome: Outcome,
    /// Id of the last run.
    pub last_run: String,
    /// When it ran.
    #[serde(with = "time::serde::rfc3339")]
    pub last_run_at: OffsetDateTime,
    /// Replica revision at the last success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub succeeded_revision: Option<u64>,
    /// When the step last succeeded.
    #[serde(
        default,
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub succeeded_at: Option<OffsetDateTime>,
}

/// Every step's record, stored in `state.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StepStates {
    /// Records by step.
    #[serde(default)]
    pub steps: BTreeMap<StepId, StepRecord>,
}

impl StepStates {
    /// Reads `state.json`; missing means no step has run.
    pub fn load(data: &DataDir) -> std::io::Result<Self> {
        match std::fs::read(data.state_file()) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{} is damaged: {e}", data.state_file().display()),
                )
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(e),
        }
    }

    /// Records a run of `step`; `revision` is the replica revision it worked on.
    pub fn record(&mut self, step: StepId, run: &str, outcome: Outcome, revision: Option<u64>) {
        let now = OffsetDateTime::now_utc();
        let entry = self.steps.entry(step).or_insert_with(|| StepRecord {
            last_outcome: outcome,
            last_run: run.to_string(),
            last_run_at: now,
            succeeded_revision: None,
            succeeded_at: None,
        });
        entry.last_outcome = outcome;
        entry.last_run = run.to_string();
        entry.last_run_at = now;
        if outcome != Outcome::Failed {
            entry.succeeded_revision = revision;
            entry.succeeded_at = Some(now);
        }
    }

    /// Writes `state.json` atomically.
    pub fn save(&self, data: &DataDir) -> std::io::Result<()> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("step states serialise");
        bytes.push(b'\n');
        data.write_own_file(&data.state_file(), &bytes)
    }
}
