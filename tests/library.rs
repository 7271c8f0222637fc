//! Core behaviours checked through the library API: secret redaction in run files and HTML,
//! the live event stream, and translations that are complete in both languages.

use std::collections::BTreeSet;

use deploy_wizard::data_dir::DataDir;
use deploy_wizard::i18n::{self, Lang};
use deploy_wizard::log::{Outcome, Redactor, Run, RunEvent, RunLog, render_html};

#[test]
fn registered_secret_never_reaches_jsonl_or_html() {
    const SECRET: &str = "Tr0ub4dor&3-marker";
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let redactor = Redactor::new();
    redactor.register(SECRET);
    let mut log = RunLog::start(
        &data,
        "secret-test",
        &format!("Title with {SECRET}"),
        redactor,
        None,
    )
    .unwrap();
    log.begin(&format!(
        "deploy-wizard cert export ABC --password-file /tmp/p # {SECRET}"
    ));
    log.info(&format!("the password is {SECRET}, twice: {SECRET}"));
    log.warn(&format!("multi\nline {SECRET}\nend"));
    log.end(Outcome::Failed, Some(&format!("wrong password {SECRET}")));
    let summary = log.finish().unwrap();
    assert_eq!(summary.outcome, Outcome::Failed);

    let jsonl = std::fs::read_to_string(&summary.path).unwrap();
    assert!(!jsonl.contains(SECRET), "{jsonl}");
    assert!(
        !jsonl.contains("Tr0ub4dor"),
        "no part of the secret leaks: {jsonl}"
    );
    assert!(
        jsonl.contains("the password is ********, twice: ********"),
        "{jsonl}"
    );

    let run = Run::read(&summary.path).unwrap();
    let html = render_html(&run, Lang::En);
    assert!(!html.contains("Tr0ub4dor"), "{html}");
    assert!(html.contains("wrong password ********"), "{html}");
}

#[test]
fn html_escapes_markup_in_lines() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let mut log = RunLog::start(&data, "escape-test", "Escaping", Redactor::new(), None).unwrap();
    log.begin("deploy-wizard status");
    log.info("<script>alert(1)</script> & friends");
    let summary = log.finish().unwrap();
    let html = render_html(&Run::read(&summary.path).unwrap(), Lang::En);
    assert!(!html.contains("<script>"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; friends"),
        "{html}"
    );
}

#[test]
fn events_stream_live_and_match_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel();
    let mut log = RunLog::start(
        &data,
        "stream-test",
        "Streaming",
        Redactor::new(),
        Some(sender),
    )
    .unwrap();
    let result: Result<(), String> = log.command("deploy-wizard one", |log| {
        log.info("working");
        Ok(())
    });
    assert!(result.is_ok());
    let failed: Result<(), String> = log.command("deploy-wizard two", |_| Err("it broke".into()));
    assert!(failed.is_err());
    let summary = log.finish().unwrap();

    let mut events = Vec::new();
    while let Ok(event) = receiver.try_recv() {
        events.push(event);
    }
    let kinds: Vec<&str> = events
        .iter()
        .map(|e| match e {
            RunEvent::RunStarted { .. } => "run_started",
            RunEvent::CommandStarted { .. } => "command_started",
            RunEvent::Output { .. } => "output",
            RunEvent::CommandFinished { .. } => "command_finished",
            RunEvent::RunFinished { .. } => "run_finished",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "run_started",
            "command_started",
            "output",
            "command_finished",
            "command_started",
            "output",
            "command_finished",
            "run_finished"
        ]
    );
    let file_lines = std::fs::read_to_string(&summary.path)
        .unwrap()
        .lines()
        .count();
    assert_eq!(file_lines, events.len());

    let run = Run::read(&summary.path).unwrap();
    assert_eq!(run.outcome, Some(Outcome::Failed));
    assert_eq!(run.commands[0].outcome, Some(Outcome::Ok));
    assert_eq!(run.commands[1].reason.as_deref(), Some("it broke"));
}

#[test]
fn a_run_cut_short_by_a_crash_still_reads() {
    let dir = tempfile::tempdir().unwrap();
    let data = DataDir::new(dir.path());
    let mut log = RunLog::start(&data, "crash-test", "Crash", Redactor::new(), None).unwrap();
    log.begin("deploy-wizard store install --from-cms /cms");
    log.info("before the crash");
    let path = data.logs().join(format!("{}.jsonl", log.id()));
    std::mem::forget(log); // no run_finished: as if the process were killed
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("{\"event\":\"output\",\"comm"); // half a line
    std::fs::write(&path, text).unwrap();
    let run = Run::read(&path).unwrap();
    assert_eq!(run.outcome, None);
    assert_eq!(run.commands[0].lines[0].text, "before the crash");
    assert!(
        run.to_text(Lang::En)
            .contains("[unfinished] deploy-wizard store install")
    );
}

fn ids(lang: Lang) -> BTreeSet<String> {
    i18n::message_ids(lang).into_iter().collect()
}

#[test]
fn every_message_exists_in_both_languages() {
    let en = ids(Lang::En);
    let fr = ids(Lang::Fr);
    assert!(!en.is_empty());
    let only_en: Vec<_> = en.difference(&fr).collect();
    let only_fr: Vec<_> = fr.difference(&en).collect();
    assert!(
        only_en.is_empty() && only_fr.is_empty(),
        "only in en: {only_en:?}; only in fr: {only_fr:?}"
    );
    for id in &en {
        assert_ne!(
            i18n::translate_in(Lang::Fr, id, &[]),
            "",
            "{id} is empty in French"
        );
    }
}

#[test]
fn every_fl_call_in_the_source_names_an_existing_message() {
    let en = ids(Lang::En);
    let mut used = BTreeSet::new();
    let mut stack = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                let code = text.lines().filter(|l| !l.trim_start().starts_with("//"));
                for line in code {
                    // The window's words, and the reasons the core gives as data.
                    for pattern in ["fl!(\"", "Reason::new(\""] {
                        for (i, _) in line.match_indices(pattern) {
                            let rest = &line[i + pattern.len()..];
                            used.insert(rest[..rest.find('"').unwrap()].to_string());
                        }
                    }
                }
            }
        }
    }
    assert!(used.len() > 5, "the scan found the fl! calls: {used:?}");
    let missing: Vec<_> = used.difference(&en).collect();
    assert!(
        missing.is_empty(),
        "fl! ids missing from i18n/en: {missing:?}"
    );
}

#[test]
fn no_message_counts_with_a_parenthesised_plural() {
    for lang in [Lang::En, Lang::Fr] {
        let text = lang.source();
        let offenders: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("(s)") || l.contains("(e)s"))
            .collect();
        assert!(
            offenders.is_empty(),
            "use a plural selector instead: {offenders:?}"
        );
    }
}

#[test]
fn french_status_labels_use_the_product_terms() {
    assert_eq!(
        i18n::translate_in(Lang::Fr, "status-complete", &[]),
        "Terminé"
    );
    assert_eq!(
        i18n::translate_in(Lang::Fr, "step-local-store", &[]),
        "Étape 1 : Installer le magasin de configurations local"
    );
}

#[test]
fn counts_of_zero_and_one_read_right_in_both_languages() {
    use fluent_bundle::FluentValue;
    let say = |lang, id: &str, name: &str, n: u64| {
        i18n::translate_in(lang, id, &[(name, FluentValue::from(n))])
    };
    // French counts 0 as singular; the number itself is said, never a fixed "1".
    assert_eq!(say(Lang::Fr, "logs-matches", "count", 0), "0 résultat");
    assert_eq!(say(Lang::Fr, "logs-matches", "count", 1), "1 résultat");
    assert_eq!(say(Lang::En, "logs-matches", "count", 0), "0 matches");
    assert_eq!(
        say(Lang::Fr, "step4-done", "count", 0),
        "0 service démarré."
    );
    let written = |lang, n: u64| {
        let none = FluentValue::from("none");
        i18n::translate_in(
            lang,
            "step2-done",
            &[
                ("add", none.clone()),
                ("update", none.clone()),
                ("remove", none),
                ("written", FluentValue::from(n)),
            ],
        )
    };
    assert!(written(Lang::Fr, 0).ends_with("Aucun fichier écrit."));
    assert!(written(Lang::Fr, 1).ends_with("Un fichier écrit."));
    assert!(written(Lang::En, 0).ends_with("No file written."));
    assert!(written(Lang::En, 3).ends_with("3 files written."));
}

#[test]
fn run_titles_and_times_are_worded_from_the_run_id() {
    let id = "20261130T011016.647370Z-cert-request-6638dcb5";
    i18n::set_language(Lang::Fr);
    assert_eq!(
        deploy_wizard::wording::run_title(id, "Request Certificate"),
        "Demande de certificat"
    );
    assert_eq!(
        deploy_wizard::wording::run_title("20261130T011016.647370Z-unknown-kind-1", "As stored"),
        "As stored"
    );
    assert_eq!(deploy_wizard::wording::run_time(id), "01:10:16");
    let current =
        deploy_wizard::cert::query::AssignedAs::Current(deploy_wizard::cert::Usage::Default);
    assert_eq!(
        deploy_wizard::wording::reason(&current.reason()),
        "Default (actuel)"
    );
    assert_eq!(current.english(), "Default (current)");
    // A refused DNS name, in French and in English.
    let refused =
        deploy_wizard::topology::normalize_dns_name("fe_01.contoso.com", false).unwrap_err();
    assert_eq!(
        deploy_wizard::wording::name_problem(&refused),
        "« fe_01.contoso.com » contient « _ » ; seuls les lettres, les chiffres et « - » sont permis."
    );
    i18n::set_language(Lang::En);
    assert_eq!(
        deploy_wizard::wording::name_problem(&refused),
        "\"fe_01.contoso.com\" contains '_'; only letters, digits and '-' are allowed."
    );
    assert_eq!(
        refused.to_string(),
        "\"fe_01.contoso.com\" contains '_'; only letters, digits and '-' are allowed"
    );
}

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &str) -> Vec<(std::path::PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(dir)];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                out.push((path, text));
            }
        }
    }
    out
}

/// The floors of `src/lib.rs`: a module imports only the modules below it.
#[test]
fn modules_import_only_the_floors_below_them() {
    let floors: &[&[&str]] = &[
        &["gui", "cli", "wording"],
        &["deploy"],
        &["integration"],
        &["services"],
        &["components"],
        &["directory"],
        &["process"],
        &["cert"],
        &["store"],
        &["log"],
        &["topology"],
    ];
    let floor_of = |module: &str| floors.iter().position(|f| f.contains(&module));
    let mut violations = Vec::new();
    for (index, floor) in floors.iter().enumerate() {
        for module in *floor {
            let dir = format!("src/{module}");
            let files = if std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(&dir)
                .is_dir()
            {
                sources(&dir)
            } else {
                let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join(format!("src/{module}.rs"));
                vec![(path.clone(), std::fs::read_to_string(&path).unwrap())]
            };
            for (path, text) in files {
                for (i, _) in text.match_indices("crate::") {
                    let used: String = text[i + 7..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if let Some(used_floor) = floor_of(&used)
                        && used_floor < index
                    {
                        violations.push(format!("{} uses crate::{used}", path.display()));
                    }
                }
            }
        }
    }
    assert!(violations.is_empty(), "{violations:#?}");
}

#[test]
fn no_file_of_the_window_is_over_600_lines() {
    for (path, text) in sources("src/gui") {
        assert!(
            text.lines().count() < 600,
            "{} has {} lines",
            path.display(),
            text.lines().count()
        );
    }
}
