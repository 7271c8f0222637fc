//! Translations: Fluent files `i18n/en` and `i18n/fr`, embedded at build time, and the
//! [`fl!`](crate::fl) macro that looks a message up in the current language.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// A language the wizard speaks.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English.
    En,
    /// French.
    Fr,
}

impl Lang {
    /// Both languages.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// `en` or `fr`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// Parses `en`/`fr` (and locale names such as `fr_FR.UTF-8`).
    pub fn from_code(code: &str) -> Option<Lang> {
        let code = code.to_ascii_lowercase();
        if code.starts_with("fr") {
            Some(Lang::Fr)
        } else if code.starts_with("en") || code == "c" || code == "posix" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of the environment (`LC_ALL`, `LC_MESSAGES`, `LANG`), English by default.
    pub fn from_environment() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|var| std::env::var(var).ok().filter(|v| !v.is_empty()))
            .find_map(|value| Lang::from_code(&value))
            .unwrap_or(Lang::En)
    }

    /// The Fluent source of this language.
    pub fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../i18n/en/deploy_wizard.ftl"),
            Lang::Fr => include_str!("../i18n/fr/deploy_wizard.ftl"),
        }
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);
/// Each language's messages, parsed on first use (a window in English never parses French).
static BUNDLES: [OnceLock<FluentBundle<FluentResource>>; 2] = [OnceLock::new(), OnceLock::new()];

/// Sets the language of every later [`fl!`](crate::fl) call.
pub fn set_language(lang: Lang) {
    CURRENT.store(lang as u8, Ordering::Relaxed);
}

/// The current language.
pub fn language() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Fr,
        _ => Lang::En,
    }
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    BUNDLES[lang as usize].get_or_init(|| {
        let resource = FluentResource::try_new(lang.source().to_string())
            .unwrap_or_else(|(_, errors)| panic!("i18n/{}: {errors:?}", lang.code()));
        let id = lang.code().parse().expect("a valid language id");
        let mut bundle = FluentBundle::new_concurrent(vec![id]);
        bundle.set_use_isolating(false);
        bundle
            .add_resource(resource)
            .unwrap_or_else(|errors| panic!("i18n/{}: {errors:?}", lang.code()));
        bundle
    })
}

/// Parses the current language's messages ahead of their first use (the window does it on
/// another thread while it connects to the display).
pub fn prepare() {
    bundle(language());
}

/// The message `id` in `lang` with `args`; a missing id shows as the id itself.
pub fn translate_in(lang: Lang, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_string();
    };
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&fluent_args), &mut errors)
        .into_owned()
}

/// The message `id` in the current language.
pub fn translate(id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
    translate_in(language(), id, args)
}

/// Every message id of a language's file.
pub fn message_ids(lang: Lang) -> Vec<String> {
    let resource = FluentResource::try_new(lang.source().to_string()).unwrap_or_else(|(r, _)| r);
    resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
            _ => None,
        })
        .collect()
}

/// Looks up a message in the current language: `fl!("id")`, `fl!("id", name = value, …)`.
#[macro_export]
macro_rules! fl {
    ($id:literal) => {
        $crate::i18n::translate($id, &[])
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::translate(
            $id,
            &[$((stringify!($name), ::fluent_bundle::FluentValue::from($value))),+],
        )
    };
}
