//! Every command of the CLI that runs on a lab server without starting services or reaching the
//! network, run in French (`LANG=fr_FR.UTF-8`), successes and refusals alike: none of them prints
//! a sentence of the English catalogue (`i18n/en/deploy_wizard.ftl`). A sentence is the literal
//! text of a message (each variant of a plural on its own), its arguments being any text; values
//! of fewer than four words and those the French catalogue words the same are left out.
//!
//! Left out: what starts services (`services start`, `pool start`), reaches a network (`partner
//! new`, a real `partner test`, renewing from a CA, `components install-programs` without
//! `--dry-run`) or changes the host's scheduler (`renewal enable|disable`, but for a refused
//! `--at`). `FRENCH_CLI_DUMP=1` prints every run.

mod common;

use std::path::Path;

use common::{Ran, Workspace, asset};
use deploy_wizard::i18n::Lang;
use fluent_syntax::ast;

/// A piece of a message as printed: its own words, or an argument (any text).
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Argument,
}

/// Every way a pattern can print: one list of pieces per combination of its selectors' variants.
fn renderings(pattern: &ast::Pattern<&str>) -> Vec<Vec<Piece>> {
    let mut all = vec![Vec::new()];
    for element in &pattern.elements {
        let choices = match element {
            ast::PatternElement::TextElement { value } => {
                vec![vec![Piece::Text(value.to_string())]]
            }
            ast::PatternElement::Placeable { expression } => expression_renderings(expression),
        };
        all = all
            .iter()
            .flat_map(|before| {
                choices.iter().map(move |choice| {
                    let mut joined = before.clone();
                    joined.extend(choice.iter().cloned());
                    joined
                })
            })
            .collect();
    }
    all
}

fn expression_renderings(expression: &ast::Expression<&str>) -> Vec<Vec<Piece>> {
    match expression {
        ast::Expression::Select { variants, .. } => variants
            .iter()
            .flat_map(|variant| renderings(&variant.value))
            .collect(),
        ast::Expression::Inline(ast::InlineExpression::StringLiteral { value }) => {
            vec![vec![Piece::Text(value.to_string())]]
        }
        ast::Expression::Inline(ast::InlineExpression::Placeable { expression }) => {
            expression_renderings(expression)
        }
        ast::Expression::Inline(_) => vec![vec![Piece::Argument]],
    }
}

/// A rendering as it reads, `{…}` for each argument.
fn shown(rendering: &[Piece]) -> String {
    rendering
        .iter()
        .map(|piece| match piece {
            Piece::Text(text) => text.as_str(),
            Piece::Argument => "{…}",
        })
        .collect()
}

/// The literal texts of a rendering, between its arguments.
fn texts(rendering: &[Piece]) -> Vec<String> {
    let mut texts = vec![String::new()];
    for piece in rendering {
        match piece {
            Piece::Text(text) => texts.last_mut().unwrap().push_str(text),
            Piece::Argument => texts.push(String::new()),
        }
    }
    texts.retain(|t| !t.trim().is_empty());
    texts
}

/// Each message's renderings in a language, by id.
fn catalogue(lang: Lang) -> Vec<(String, Vec<Vec<Piece>>)> {
    let resource = fluent_syntax::parser::parse(lang.source())
        .unwrap_or_else(|(_, errors)| panic!("i18n/{}: {errors:?}", lang.code()));
    resource
        .body
        .iter()
        .filter_map(|entry| match entry {
            ast::Entry::Message(ast::Message {
                id,
                value: Some(value),
                ..
            }) => Some((id.name.to_string(), renderings(value))),
            _ => None,
        })
        .collect()
}

/// An English sentence to look for: its message id, its texts in order, and how it reads.
struct Sentence {
    id: String,
    texts: Vec<String>,
    /// The sentence as the catalogue says it, `{…}` for each argument.
    shown: String,
}

/// The English catalogue's sentences of four words or more that French words otherwise.
fn english_sentences() -> Vec<Sentence> {
    let french: std::collections::HashMap<String, Vec<Vec<Piece>>> =
        catalogue(Lang::Fr).into_iter().collect();
    let mut sentences = Vec::new();
    for (id, renderings) in catalogue(Lang::En) {
        for rendering in renderings {
            let texts = texts(&rendering);
            let words = texts
                .iter()
                .flat_map(|t| t.split_whitespace())
                .filter(|w| w.chars().any(char::is_alphabetic))
                .count();
            let same_in_french = french.get(&id).is_some_and(|fr| fr.contains(&rendering));
            if words >= 4 && !same_in_french {
                sentences.push(Sentence {
                    id: id.clone(),
                    texts,
                    shown: shown(&rendering),
                });
            }
        }
    }
    assert!(
        sentences.len() > 100,
        "the catalogue was read: {} sentences",
        sentences.len()
    );
    sentences
}

/// The most text an argument stands for between two texts of a sentence.
const ARGUMENT_LIMIT: usize = 400;

/// Whether `output` holds the sentence: its texts in order, each argument any text of at most
/// `ARGUMENT_LIMIT` bytes.
fn holds(output: &str, sentence: &Sentence) -> bool {
    let (first, rest) = sentence.texts.split_first().expect("a sentence has words");
    output.match_indices(first.as_str()).any(|(start, _)| {
        let mut end = start + first.len();
        rest.iter().all(|text| {
            let window = &output[end..];
            let limit = (ARGUMENT_LIMIT + text.len()).min(window.len());
            let limit = (0..=limit)
                .rev()
                .find(|&i| window.is_char_boundary(i))
                .unwrap_or(0);
            match window[..limit].find(text.as_str()) {
                Some(at) => {
                    end += at + text.len();
                    true
                }
                None => false,
            }
        })
    })
}

/// The French runs of one test: each command with everything it printed, and those that did
/// not end as expected.
struct French<'a> {
    ws: &'a Workspace,
    runs: Vec<(String, Ran)>,
    unexpected: Vec<String>,
}

impl French<'_> {
    /// Runs `args` in French with `data` as data dir and keeps what it printed; its exit code
    /// should be `code` (0 for a success, 1 for a failure, 2 for a refusal).
    fn run_in(&mut self, data: &Path, args: &[&str], code: i32) {
        let command = args.join(" ");
        let ran = self.ws.run_env(data, args, &[("LANG", "fr_FR.UTF-8")]);
        if ran.code != code {
            self.unexpected.push(format!(
                "`deploy-wizard {command}`: expected exit code {code}, {ran}"
            ));
        }
        self.runs.push((command, ran));
    }

    fn run(&mut self, args: &[&str], code: i32) {
        let data = self.ws.data();
        self.run_in(&data, args, code);
    }

    /// Like `run_in`, on a machine named `fqdn`.
    fn run_as(&mut self, fqdn: &str, data: &Path, args: &[&str], code: i32) {
        let command = format!("{} (on {fqdn})", args.join(" "));
        let ran = self.ws.run_env(
            data,
            args,
            &[("LANG", "fr_FR.UTF-8"), ("DEPLOY_WIZARD_FQDN", fqdn)],
        );
        if ran.code != code {
            self.unexpected.push(format!(
                "`deploy-wizard {command}`: expected exit code {code}, {ran}"
            ));
        }
        self.runs.push((command, ran));
    }
}

#[test]
fn every_command_of_the_cli_speaks_french_in_a_french_locale() {
    let ws = Workspace::lab();
    let cms = ws.path("cms");
    let cms = cms.to_str().unwrap();
    let cms2 = ws.path("cms2");
    let cms2 = cms2.to_str().unwrap();
    let cms3 = ws.path("cms3");
    let cms3 = cms3.to_str().unwrap();
    let sample = asset("topology/standard-edition.json");
    let sample = sample.to_str().unwrap();
    let password = ws.write("password.txt", "Correct-Horse-9-Battery-Staple\n");
    let password = password.to_str().unwrap();
    let broken = ws.write(
        "broken.json",
        r#"{ "sip_domains": [], "sites": [{ "name": "Lab", "pools": [{ "fqdn": "-bad-", "kind": "FrontEnd" }] }] }"#,
    );
    let broken = broken.to_str().unwrap();
    let missing = ws.path("missing.json");
    let missing = missing.to_str().unwrap();
    let export = ws.path("export.zip");
    let export = export.to_str().unwrap();
    let edge_export = ws.path("edge.zip");
    let edge_export = edge_export.to_str().unwrap();
    let public_export = ws.path("public.zip");
    let public_export = public_export.to_str().unwrap();
    let html = ws.path("run.html");
    let html = html.to_str().unwrap();
    let request = ws.path("request.pem");
    let request = request.to_str().unwrap();
    let pfx = ws.path("default.pfx");
    let pfx = pfx.to_str().unwrap();
    let (empty_data, export_data) = (ws.path("data-empty"), ws.path("data-export"));

    let mut fr = French {
        ws: &ws,
        runs: Vec::new(),
        unexpected: Vec::new(),
    };

    // Topologies.
    fr.run(&["topology", "validate", sample], 0);
    fr.run(&["topology", "validate", broken], 2);
    fr.run(&["topology", "validate", missing], 2);
    fr.run(&["topology", "show"], 0);
    fr.run(&["topology", "show", "--file", sample], 2);
    fr.run(&["topology", "show", "--server", "nowhere.lab.test"], 2);
    fr.run(&["topology", "inventory"], 0);
    fr.run(&["topology", "inventory", "--format", "yaml"], 0);
    fr.run(&["topology", "schema"], 0);

    // The central management store: this server's, and new ones.
    fr.run(&["cms", "replication-status", "--cms", cms], 0);
    fr.run(&["cms", "export", "--cms", cms, "--out", export], 2);
    let export_args = ["cms", "export", "--cms", cms, "--password-file", password];
    fr.run(&[&export_args[..], &["--out", export]].concat(), 0);
    fr.run(
        &[
            &export_args[..],
            &["--out", edge_export, "--server", "vm.lab.test"],
        ]
        .concat(),
        0,
    );
    fr.run(
        &[
            &export_args[..],
            &["--out", public_export, "--without-secrets"],
        ]
        .concat(),
        0,
    );
    fr.run(
        &[
            &export_args[..],
            &["--out", edge_export, "--server", "nowhere.lab.test"],
        ]
        .concat(),
        2,
    );
    fr.run(&["cms", "init", cms2], 0);
    fr.run(&["cms", "init", cms2], 2);
    let publish = ["cms", "publish", "--cms", cms2, "--topology", sample];
    fr.run(&publish, 0);
    fr.run(&publish, 0);
    fr.run(&["cms", "publish", "--cms", cms2, "--topology", broken], 2);
    fr.run(
        &["cms", "ca", "create", "--cms", cms2, "--name", "Test CA"],
        0,
    );
    fr.run(&["cms", "serve", "--cms", cms2], 2);
    fr.run(
        &["cms", "serve", "--cms", cms2, "--password-file", password],
        0,
    );
    fr.run(&["cms", "replication-status", "--cms", cms2], 0);
    fr.run(&["cms", "init", cms3, "--lab"], 0);
    // Refusals of the store: a directory that is not empty, a CMS that is not there, a CMS
    // over plain http, a file that is not an export.
    fr.run(&["cms", "init", ws.dir.path().to_str().unwrap()], 2);
    fr.run(&["cms", "export", "--cms", missing, "--out", export], 2);

    // Step 1.
    fr.run(&["store", "install"], 0);
    fr.run(
        &[
            "store",
            "install",
            "--from-cms",
            cms,
            "--password-file",
            password,
        ],
        2,
    );
    fr.run(
        &[
            "store",
            "install",
            "--from-file",
            export,
            "--cms-root",
            password,
        ],
        2,
    );
    fr.run_in(&empty_data, &["store", "install"], 2);
    fr.run(&["store", "install", "--from-cms", "/nowhere"], 2);
    fr.run(
        &["store", "install", "--from-cms", "http://cms.lab.test/"],
        2,
    );
    fr.run(&["store", "install", "--from-file", broken], 2);
    // A server the topology does not have, and a machine that is none of its servers.
    fr.run(&["store", "install", "--server", "nosuch.example.com"], 2);
    fr.run_as(
        "other.example.com",
        &ws.path("data-other"),
        &["store", "install", "--from-cms", cms],
        2,
    );
    fr.run_in(
        &export_data,
        &["store", "install", "--from-file", export],
        2,
    );
    fr.run_in(
        &export_data,
        &[
            "store",
            "install",
            "--from-file",
            export,
            "--password-file",
            password,
        ],
        0,
    );
    fr.run_in(&empty_data, &["status"], 0);
    fr.run_in(&empty_data, &["topology", "show"], 2);

    // Step 2, without starting anything.
    fr.run(&["status"], 0);
    fr.run(&["components", "plan"], 0);
    fr.run(&["components", "install-programs", "--dry-run"], 0);
    fr.run(&["components", "setup"], 0);
    fr.run(&["components", "plan"], 0);

    // Step 3: the Certificate Wizard with the lab CA.
    fr.run(&["ca", "list"], 0);
    fr.run(&["cert", "usages"], 0);
    fr.run(
        &["cert", "names", "--type", "Default,WebServicesInternal"],
        0,
    );
    fr.run(&["cert", "get", "--type", "Default"], 0);
    fr.run(
        &[
            "cert",
            "request",
            "--type",
            "Default,WebServicesInternal,WebServicesExternal",
            "--assign",
        ],
        0,
    );
    fr.run(
        &["cert", "request", "--type", "Default", "--offline", request],
        0,
    );
    fr.run(&["cert", "pending", "list"], 0);
    fr.run(&["cert", "list"], 0);
    let thumbprint = ws.run(&["--json", "cert", "get", "--type", "Default"]).ok();
    let thumbprint = thumbprint.json()["current"]
        .as_str()
        .unwrap_or_else(|| panic!("a Default certificate: {thumbprint}"))
        .to_string();
    fr.run(&["cert", "show", &thumbprint], 0);
    fr.run(&["cert", "show", "0000"], 2);
    fr.run(&["cert", "get", "--type", "Default"], 0);
    fr.run(&["cert", "usages"], 0);
    fr.run(
        &[
            "cert",
            "export",
            &thumbprint,
            "--out",
            pfx,
            "--password-file",
            password,
        ],
        2,
    );
    fr.run(&["cert", "import", missing], 2);
    fr.run(
        &[
            "cert",
            "assign",
            "--type",
            "Default",
            "--thumbprint",
            "0000",
        ],
        2,
    );
    fr.run(&["cert", "renew", "--all", "--dry-run"], 0);
    fr.run(&["status"], 0);

    // Renewal settings kept in the data dir (enable and disable change the host's scheduler).
    fr.run(&["renewal", "status"], 0);
    fr.run(&["renewal", "enable", "--at", "25:99"], 2);
    fr.run(&["renewal", "enable", "--at", "3:1"], 2);
    fr.run(
        &["renewal", "policy", "--type", "Default", "--percent", "50"],
        0,
    );
    fr.run(
        &["renewal", "policy", "--type", "Default", "--percent", "150"],
        2,
    );
    fr.run(&["renewal", "policy", "--type", "Default", "--default"], 0);
    fr.run(&["renewal", "hook", "--on-failure", "true"], 0);
    fr.run(&["renewal", "hook", "--clear"], 0);

    // Services: their status and a stop (nothing runs); step 4 is not run.
    fr.run(&["services", "status"], 0);
    fr.run(&["services", "stop"], 0);

    // Server-to-server authentication, partners, the Edge.
    fr.run(&["oauth", "show"], 0);
    fr.run(
        &[
            "oauth",
            "set",
            "--exchange-autodiscover-url",
            "http://x.lab.test/",
        ],
        2,
    );
    fr.run(
        &[
            "oauth",
            "set",
            "--exchange-autodiscover-url",
            "https://autodiscover.lab.test/autodiscover/autodiscover.svc",
        ],
        0,
    );
    fr.run(&["partner", "list"], 0);
    fr.run(&["partner", "remove", "nobody"], 2);
    fr.run(&["partner", "test", "nobody"], 2);
    fr.run(&["edge", "credentials", "--user", "sip:alice@lab.test"], 2);
    fr.run(&["edge", "secret-rotate"], 0);
    fr.run(&["store", "install"], 0);
    fr.run(&["edge", "credentials", "--user", "sip:alice@lab.test"], 0);
    fr.run(&["oauth", "show"], 0);

    // Persistent Chat.
    fr.run(&["pchat", "policy", "show"], 0);
    fr.run(&["pchat", "admin", "list"], 0);
    fr.run(&["pchat", "user", "list"], 0);
    fr.run(
        &[
            "pchat",
            "policy",
            "set",
            "--scope",
            "global",
            "--enabled",
            "true",
        ],
        0,
    );
    fr.run(
        &[
            "pchat",
            "policy",
            "set",
            "--scope",
            "user:sip:bob@lab.test",
            "--enabled",
            "false",
        ],
        0,
    );
    fr.run(&["pchat", "admin", "add", "sip:admin@lab.test"], 0);
    fr.run(
        &[
            "pchat",
            "user",
            "add",
            "sip:alice@lab.test",
            "--password-file",
            password,
        ],
        0,
    );
    fr.run(&["pchat", "user", "add", "sip:bob@lab.test"], 2);
    fr.run(
        &[
            "pchat",
            "user",
            "add",
            "sip:bob@lab.test",
            "--password-file",
            missing,
        ],
        2,
    );
    fr.run(&["pchat", "policy", "show"], 0);
    fr.run(&["pchat", "admin", "list"], 0);
    fr.run(&["pchat", "user", "list"], 0);
    fr.run(&["pchat", "user", "remove", "sip:alice@lab.test"], 0);
    fr.run(&["pchat", "admin", "remove", "sip:admin@lab.test"], 0);
    fr.run(&["checklist", "persistent-chat"], 0);

    // The pool (its servers answer or not; nothing is started), and the run logs.
    fr.run(&["pool", "status"], 0);
    fr.run(&["logs", "list"], 0);
    fr.run(&["logs", "show", "last"], 0);
    fr.run(&["logs", "show", "last", "--html", html], 0);
    fr.run(&["logs", "show", "nosuchrun"], 2);
    fr.run(&["logs", "show", ""], 2);
    fr.run_in(&empty_data, &["logs", "list"], 0);

    // Step 2 undone.
    fr.run(&["components", "remove"], 0);
    fr.run(&["status"], 0);

    if std::env::var_os("FRENCH_CLI_DUMP").is_some() {
        for (command, ran) in &fr.runs {
            eprintln!("=== {command}\n{ran}");
        }
    }
    let sentences = english_sentences();
    let mut found = Vec::new();
    for (command, ran) in &fr.runs {
        let output = format!("{}\n{}", ran.stdout, ran.stderr);
        for sentence in sentences.iter().filter(|s| holds(&output, s)) {
            found.push(format!(
                "`deploy-wizard {command}` prints the English {} \"{}\":\n{output}",
                sentence.id, sentence.shown
            ));
        }
    }
    // The same search finds the English of a run in English.
    let english = ws.run(&["pchat", "admin", "list"]).ok();
    assert!(
        sentences
            .iter()
            .any(|s| s.id == "cli-pchat-no-admin" && holds(&english.stdout, s)),
        "the search finds English: {english}"
    );
    assert!(
        found.is_empty() && fr.unexpected.is_empty(),
        "{} English sentences in French runs:\n\n{}\n\n{} commands did not end as expected:\n\n{}",
        found.len(),
        found.join("\n\n"),
        fr.unexpected.len(),
        fr.unexpected.join("\n\n")
    );
}

#[test]
fn the_search_finds_an_english_sentence_with_its_arguments() {
    let sentence = Sentence {
        id: "example".into(),
        texts: vec!["Published ".into(), " as revision ".into()],
        shown: "Published {…} as revision {…}".into(),
    };
    assert!(holds("Published /tmp/t.json as revision 3\n", &sentence));
    assert!(!holds("t.json publié en tant que révision 3\n", &sentence));
    assert!(!holds("as revision 3; Published t.json", &sentence));
    let far = format!("Published {} as revision 3", "x".repeat(ARGUMENT_LIMIT + 1));
    assert!(!holds(&far, &sentence));
    // A plural's variants are sentences of their own.
    let plural = english_sentences()
        .into_iter()
        .filter(|s| s.id == "cli-cms-servers-behind")
        .map(|s| s.shown)
        .collect::<Vec<_>>();
    assert_eq!(
        plural,
        [
            "{…} server does not hold the published revision: run step 1 on it",
            "{…} servers do not hold the published revision: run step 1 on them"
        ]
    );
}
