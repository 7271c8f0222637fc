//! Every refusal of a certificate request comes from one core rule (`cert::request`): the CLI
//! refuses with exit 2 and the rule's words, before any key, certificate, file or run exists.
//! The window's side of the same rules is in `tests/ui.rs`
//! (`every_request_refusal_is_the_core_rule_in_the_window`).

mod common;

use std::fs;

use common::Workspace;
use deploy_wizard::cert::request::{OrgField, RequestProblem, UrlProblem};
use deploy_wizard::i18n::{Lang, set_language};

/// The rule's words as the CLI prints them (English).
fn words(problem: RequestProblem) -> String {
    set_language(Lang::En);
    deploy_wizard::wording::request_problem(&problem)
}

fn nothing_was_made(ws: &Workspace) {
    let certs = ws.data().join("certs");
    let stored = fs::read_dir(&certs).map(|d| d.count()).unwrap_or(0);
    assert_eq!(stored, 0, "no certificate or key is stored");
    assert!(
        !ws.data().join("requests").exists()
            || fs::read_dir(ws.data().join("requests")).unwrap().count() == 0
    );
}

#[test]
fn every_request_refusal_is_exit_2_with_the_core_rule_and_leaves_nothing() {
    let ws = Workspace::lab();
    let runs_before = fs::read_dir(ws.data().join("logs")).unwrap().count();
    let long = "x".repeat(65);
    let cases: Vec<(Vec<&str>, String)> = vec![
        (vec!["--san", "bad_name!"], "additional name".to_string()),
        (
            vec!["--friendly-name", &long],
            words(RequestProblem::FriendlyName),
        ),
        (vec!["--template", &long], words(RequestProblem::Template)),
        (
            vec!["--ca", "http://ca.example.com/directory"],
            words(RequestProblem::AcmeUrl(UrlProblem::NotHttps(
                "http://ca.example.com/directory".into(),
            ))),
        ),
        (
            vec!["--key", "rsa1024"],
            "an RSA key of 1024 bits is refused".to_string(),
        ),
        (
            vec!["--country", "FRA"],
            words(RequestProblem::Country("FRA".into())),
        ),
        (
            vec!["--org", ""],
            words(RequestProblem::OrganizationField(OrgField::Organization)),
        ),
        (
            vec![
                "--ca",
                "https://ca.example.com/directory",
                "--http01-listen",
                "nowhere",
            ],
            words(RequestProblem::Http01Listen("nowhere".into())),
        ),
    ];
    for (extra, expected) in cases {
        let mut args = vec!["cert", "request", "--type", "Default"];
        args.extend(extra.iter().copied());
        let ran = ws.run(&args).expect_code(2);
        assert!(ran.stderr.contains(&expected), "{extra:?}: {}", ran.stderr);
        nothing_was_made(&ws);
    }
    // Mixed subjects: refused before anything too.
    ws.run(&["cert", "request", "--type", "Default,OAuthTokenIssuer"])
        .refused("need different subject names");
    nothing_was_made(&ws);
    // Rules checked before a run: no run log either, except for the names (checked against
    // the replica's topology inside the run, still before any key).
    let runs_after = fs::read_dir(ws.data().join("logs")).unwrap().count();
    assert!(
        runs_after - runs_before <= 2,
        "{runs_before} → {runs_after}"
    );
}

#[test]
fn an_oauth_token_issuer_request_is_exportable_as_in_the_window() {
    let ws = Workspace::lab();
    let out = ws
        .run(&[
            "--json",
            "cert",
            "request",
            "--type",
            "OAuthTokenIssuer",
            "--assign",
        ])
        .ok()
        .json();
    assert_eq!(out["certificate"]["meta"]["exportable"], true, "{out}");
    assert_eq!(out["assigned"][0], "OAuthTokenIssuer");
}

#[test]
fn the_french_cli_words_a_refusal_in_french() {
    let ws = Workspace::lab();
    ws.run(&[
        "--lang",
        "fr",
        "cert",
        "request",
        "--type",
        "Default",
        "--country",
        "FRA",
    ])
    .refused("Le pays doit être un code de deux lettres");
}
