//! What the administrator chose once and the wizard remembers: the CMS location (for step 1
//! reruns and the "Needs rerun" check), the install path, the language.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::data_dir::DataDir;

/// Settings stored in the data dir's `settings.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// CMS directory or https URL last used by step 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cms: Option<String>,
    /// Extra PEM roots for an https CMS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cms_root: Option<PathBuf>,
    /// The file holding the replication password of an https CMS that serves protected
    /// documents (the path only; the password stays in its owner-only file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cms_password_file: Option<PathBuf>,
    /// Where components are installed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub install_path: Option<PathBuf>,
    /// `en` or `fr`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The window's last size (width, height), restored when it opens again.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<(f32, f32)>,
    /// Unattended renewal.
    #[serde(skip_serializing_if = "RenewalSettings::is_default")]
    pub renewal: RenewalSettings,
}

/// Unattended renewal: when the schedule runs, when renewed certificates may be deployed, and
/// who hears of a failure.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct RenewalSettings {
    /// The first of the two daily checks, `HH:MM` (the second is twelve hours later).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
    /// The deployment window, `HH:MM-HH:MM` (local time): scheduled runs deploy only inside it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<String>,
    /// A command run (by `/bin/sh -c`) when a renewal or its deployment fails.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hook: Option<String>,
    /// Hours between an OAuthTokenIssuer renewal and its roll's effective date (default 24).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub oauth_roll_hours: Option<u32>,
    /// When a usage's certificate is due, by usage name, where the administrator chose
    /// (otherwise at two thirds of its lifetime; a CA's renewal window always wins).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub policies: std::collections::BTreeMap<String, RenewPolicy>,
}

/// When a certificate is due for renewal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RenewPolicy {
    /// Once this share of its lifetime has passed (1–99 %).
    LifetimePercent(u8),
    /// This many days before it expires (1–3650).
    DaysBefore(u32),
}

impl RenewalSettings {
    fn is_default(&self) -> bool {
        self == &Self::default()
    }

    /// Hours before a renewed OAuthTokenIssuer takes effect.
    pub fn oauth_roll_hours(&self) -> u32 {
        self.oauth_roll_hours.unwrap_or(24)
    }
}

impl Settings {
    /// Reads the settings; a missing or unreadable file gives the defaults.
    pub fn load(data: &DataDir) -> Self {
        std::fs::read(data.settings_file())
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Writes the settings atomically.
    pub fn save(&self, data: &DataDir) -> std::io::Result<()> {
        let mut bytes = serde_json::to_vec_pretty(self).expect("settings serialise");
        bytes.push(b'\n');
        data.write_own_file(&data.settings_file(), &bytes)
    }
}
