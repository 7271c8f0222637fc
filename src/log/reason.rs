//! Reasons as data: the core says *why* with a message id of `i18n/*/deploy_wizard.ftl` and its
//! arguments, never with a sentence in one language. The faces word a [`Reason`] in their
//! language; run logs keep it beside the English text (for people reading the raw file), so the
//! log viewer words a past failure in the window's language too.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// Why something happened, as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    /// The message id.
    pub id: String,
    /// Its arguments, already formatted (names, numbers, lists joined).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub args: BTreeMap<String, String>,
    /// Reasons listed under this one (each failed check of a certificate).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<Reason>,
}

impl Reason {
    /// A reason without arguments.
    pub fn new(id: &str) -> Self {
        Reason {
            id: id.to_string(),
            args: BTreeMap::new(),
            parts: Vec::new(),
        }
    }

    /// Lists `parts` under this reason.
    pub fn with_parts(mut self, parts: Vec<Reason>) -> Self {
        self.parts = parts;
        self
    }

    /// Adds an argument.
    pub fn with(mut self, name: &str, value: impl ToString) -> Self {
        self.args.insert(name.to_string(), value.to_string());
        self
    }

    /// The reason worded in `lang` (its parts after a colon, or as a list).
    pub fn words(&self, lang: Lang) -> String {
        let args: Vec<(&str, fluent_bundle::FluentValue<'_>)> = self
            .args
            .iter()
            .map(|(name, value)| {
                // A count selects the plural form: Fluent matches plural categories on numbers.
                let value = match (name.as_str(), value.parse::<f64>()) {
                    ("count", Ok(number)) => fluent_bundle::FluentValue::from(number),
                    _ => fluent_bundle::FluentValue::from(value.as_str()),
                };
                (name.as_str(), value)
            })
            .collect();
        let mut text = crate::i18n::translate_in(lang, &self.id, &args);
        match self.parts.as_slice() {
            // "FILE: the password is wrong…" on one line; several parts as a list.
            [one] if text.ends_with(':') => {
                text.push(' ');
                text.push_str(&one.words(lang));
            }
            parts => {
                for part in parts {
                    text.push_str("\n  - ");
                    text.push_str(&part.words(lang));
                }
            }
        }
        text
    }
}

/// A refusal: its English text and its reason as data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refusal {
    /// The English text (logs, raw files).
    pub english: String,
    /// The same as data.
    pub why: Reason,
}

impl Refusal {
    /// A refusal.
    pub fn new(english: impl Into<String>, why: Reason) -> Self {
        Refusal {
            english: english.into(),
            why,
        }
    }
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.english)
    }
}

impl std::error::Error for Refusal {}

impl Explain for Refusal {
    fn reason(&self) -> Option<Reason> {
        Some(self.why.clone())
    }
}

/// An error that can say why as data. Errors whose variants are not typed yet answer `None`,
/// and their English text is shown as it is.
pub trait Explain: std::fmt::Display {
    /// The typed reason, when there is one.
    fn reason(&self) -> Option<Reason> {
        None
    }
}

impl Explain for std::io::Error {}
impl Explain for String {}
