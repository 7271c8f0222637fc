//! The core's reasons in French through the CLI (`--lang fr`): a failing step 4, a failed
//! certificate check, a wrong PFX password and a refused autodiscover URL are worded from the
//! French catalogue, and none of the English sentences is printed. (A failed partner test in
//! French is in `tests/integration_cli.rs`; the window's French walk in `tests/ui.rs`.)

mod common;

use common::Workspace;
use deploy_wizard::i18n::{Lang, translate_in};

/// The English text of a message, to prove it is absent.
fn english(id: &str) -> String {
    translate_in(Lang::En, id, &[])
}

#[test]
fn the_french_cli_words_every_reason_in_french() {
    let ws = Workspace::lab();
    let fr = |args: &[&str]| {
        let mut all = vec!["--lang", "fr"];
        all.extend(args);
        ws.run(&all)
    };

    // A failing step 4: the web services need their certificates.
    ws.run(&["components", "setup"]).ok();
    let ran = fr(&["services", "start"]).expect_code(2);
    assert!(
        ran.stderr
            .contains("a besoin de ses certificats avant de démarrer")
            && !ran.stderr.contains("needs its certificates"),
        "{}",
        ran.stderr
    );

    // A failed certificate check: a self-signed certificate is not trusted.
    common::self_signed(
        ws.dir.path(),
        "k.pem",
        "c.pem",
        "/CN=vm.lab.test",
        &[
            "subjectAltName=DNS:vm.lab.test,DNS:sip.lab.test",
            "extendedKeyUsage=serverAuth",
            "basicConstraints=CA:FALSE",
        ],
    );
    let thumb = ws.import_key_and_certificate("k.pem", "c.pem");
    let ran = fr(&[
        "cert",
        "assign",
        "--type",
        "Default",
        "--thumbprint",
        &thumb,
    ])
    .expect_code(2);
    assert!(
        ran.stderr.contains("ne peut pas être attribué à Default")
            && ran.stderr.contains("Chaîne approuvée —")
            && !ran.stderr.contains("does not chain to a trusted root"),
        "{}",
        ran.stderr
    );

    // A wrong PFX password.
    common::openssl(
        &[
            "pkcs12",
            "-export",
            "-in",
            "c.pem",
            "-inkey",
            "k.pem",
            "-passout",
            "pass:Right-Pa55",
            "-out",
            "x.pfx",
        ],
        ws.dir.path(),
    );
    let wrong = ws.write("wrong", "Wrong-Pa55\n");
    let ran = fr(&[
        "cert",
        "import",
        ws.path("x.pfx").to_str().unwrap(),
        "--password-file",
        wrong.to_str().unwrap(),
    ])
    .expect_code(2);
    assert!(
        ran.stderr
            .contains("Le mot de passe de ce fichier PFX est incorrect")
            && !ran.stderr.contains(&english("why-pfx-wrong-password")),
        "{}",
        ran.stderr
    );

    // A refused autodiscover URL.
    let ran = fr(&[
        "oauth",
        "set",
        "--exchange-autodiscover-url",
        "https://autodiscover.lab.test/Autodiscover/Autodiscover.xml",
    ])
    .expect_code(2);
    assert!(
        ran.stderr.contains("C'est le fichier autodiscover.xml")
            && !ran.stderr.contains(&english("s2s-url-xml")),
        "{}",
        ran.stderr
    );
}

/// What each command did is logged as data beside its English text, so the faces word it in
/// their language: after steps 1, 2 and 4, a lab certificate request, its assignment and a stop,
/// every line our own code logged carries its typed form (only the output of the programs a
/// command runs, after its `$ program` line, is kept as those programs printed it), and
/// `--lang fr logs show` prints each typed line in French, never its English text.
#[test]
fn every_line_a_command_logs_is_worded_in_french() {
    use deploy_wizard::data_dir::DataDir;
    use deploy_wizard::log::list_runs;
    let ws = Workspace::new();
    ws.standard_edition_on_free_ports();
    ws.run(&["components", "setup"]).ok();
    ws.request_front_end_certificates();
    ws.run(&["services", "start"]).ok();
    ws.run(&["services", "stop"]).ok();

    let runs = list_runs(&DataDir::new(ws.data())).unwrap();
    assert!(runs.len() >= 5, "{} runs", runs.len());
    let mut typed = 0;
    for run in &runs {
        let shown = ws.run(&["--lang", "fr", "logs", "show", &run.id]).ok();
        for command in &run.commands {
            let mut program_output = false;
            for line in &command.lines {
                if line.text.starts_with("$ ") {
                    program_output = true;
                    continue;
                }
                if line.level == deploy_wizard::log::Level::Error
                    && Some(&line.text) == command.reason.as_ref()
                {
                    continue;
                }
                match &line.said {
                    Some(said) => {
                        typed += 1;
                        let french = said.words(Lang::Fr);
                        assert_ne!(french, line.text, "{}: {}", run.id, said.id);
                        assert!(
                            shown.stdout.contains(&french),
                            "{}: `logs show` lacks {french:?}",
                            run.id
                        );
                        assert!(
                            !shown.stdout.contains(&line.text),
                            "{}: `logs show` prints the English {:?}",
                            run.id,
                            line.text
                        );
                    }
                    None => assert!(
                        program_output,
                        "{} ({}): {:?} is logged as English text only",
                        run.id, command.cli, line.text
                    ),
                }
            }
        }
    }
    assert!(typed >= 20, "{typed} typed lines");
}
