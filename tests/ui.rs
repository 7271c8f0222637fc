//! GUI tests: the real application in iced_test's emulator, on real data dirs prepared with
//! the CLI (lab CMS installed by step 1), running the real core steps (nginx included).
//!
//! - `ice_files` runs every `.ice` file of `tests/ui/` (and of `DEPLOY_WIZARD_ICE_DIR`).
//! - The other tests walk a flow with an inline script and check what a user would see.
//! - `snapshots` writes a PNG of every page, in English and French, into `tests/snapshots/`.
//!
//! Each test runs in a child process of this binary with the machine name, listen address and
//! language fixed in its environment (the core reads them there, and the wizard's language is
//! one per process).

mod common;

use std::cell::RefCell;
use std::fs;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;

use common::Workspace;
use deploy_wizard::data_dir::DataDir;
use deploy_wizard::gui::{self, App, Boot};
use deploy_wizard::i18n::Lang;
use iced_test::futures::futures::StreamExt;
use iced_test::futures::futures::channel::mpsc;
use iced_test::futures::futures::executor;
use iced_test::{Emulator, Ice, Instruction, emulator};

const CHILD: &str = "DEPLOY_WIZARD_UI_CHILD";

/// `test` of this binary as a child process with the machine name, listen address, language
/// and home directory (where a delayed request's file is proposed) fixed.
fn child(test: &str, home: &Path) -> Command {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args([test, "--exact", "--nocapture", "--test-threads=1"])
        .env(CHILD, "1")
        .env("HOME", home)
        .env("DEPLOY_WIZARD_FQDN", "se01.contoso.com")
        .env("DEPLOY_WIZARD_LISTEN_ADDRESS", "127.0.0.1")
        .env("DEPLOY_WIZARD_FIREWALL", "leave")
        .env("LANG", "en_US.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("DEPLOY_WIZARD_HOME");
    command
}

/// Runs `test` of this binary in a child process with a fixed environment; returns true in
/// the child (which then does the work), false in the parent once the child passed.
fn in_child(test: &str) -> bool {
    in_child_with(test, &[])
}

/// [`in_child`], with `env` added to the child's environment.
fn in_child_with(test: &str, env: &[(&str, &str)]) -> bool {
    if std::env::var_os(CHILD).is_some() {
        return true;
    }
    let home = tempfile::tempdir().unwrap();
    // The lab's server name, for the HTTPS client (partner metadata on loopback).
    fs::write(home.path().join("hosts"), "127.0.0.1 se01.contoso.com\n").unwrap();
    let output = child(test, home.path())
        .env("DEPLOY_WIZARD_HOSTS", home.path().join("hosts"))
        .envs(env.iter().copied())
        .output()
        .expect("the test binary runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stdout.contains("1 passed"),
        "{test} failed in its child process:\n{stdout}\n{stderr}"
    );
    false
}

/// A prepared deployment: the Standard Edition sample on free ports with a lab CA, step 1
/// done; services are stopped when it is dropped.
struct Lab {
    ws: Workspace,
    internal: u16,
}

impl Lab {
    fn new(certificates: bool) -> Lab {
        let ws = Workspace::new();
        let (internal, _) = ws.standard_edition_on_free_ports();
        if certificates {
            ws.request_front_end_certificates();
        }
        Lab { ws, internal }
    }

    /// The Standard Edition server with its Persistent Chat pool collocated, on free ports,
    /// certificates assigned.
    fn chat() -> Lab {
        let ws = Workspace::new();
        ws.standard_edition_with_chat_on_free_ports(false);
        ws.request_front_end_certificates();
        ws.request_oauth_certificate();
        Lab { ws, internal: 0 }
    }

    fn empty() -> Lab {
        Lab {
            ws: Workspace::new(),
            internal: 0,
        }
    }

    fn data(&self) -> DataDir {
        DataDir::new(self.ws.data())
    }
}

impl Drop for Lab {
    fn drop(&mut self) {
        if self.ws.data().join("install").exists() {
            let _ = self.ws.run(&["services", "stop"]);
        }
    }
}

/// Every workspace a boot made, kept until the test ends (then their services stop).
type Made = Rc<RefCell<Vec<Lab>>>;

fn booter(made: Made, certificates: bool, empty: bool, lang: Lang) -> impl Fn() -> Boot {
    move || {
        let lab = match (empty, certificates) {
            (true, true) => Lab::chat(),
            (true, false) => Lab::empty(),
            (false, _) => Lab::new(certificates),
        };
        let boot = Boot {
            data: lab.data(),
            lang: Some(lang),
            status: None,
        };
        made.borrow_mut().push(lab);
        boot
    }
}

/// The Standard Edition server with its certificates assigned and its services started, whose
/// web services cannot be reloaded any more (their temporary directory was made a file from
/// outside): a renewal of a web certificate is issued but cannot be deployed.
fn failing_renewal_booter(made: Made, lang: Lang) -> impl Fn() -> Boot {
    move || {
        let lab = Lab::new(true);
        lab.ws.run(&["components", "setup"]).ok();
        lab.ws.run(&["services", "start"]).ok();
        let temporary = lab.ws.data().join("install/WebServices/tmp");
        fs::remove_dir_all(&temporary).unwrap();
        fs::write(&temporary, "not a directory").unwrap();
        let boot = Boot {
            data: lab.data(),
            lang: Some(lang),
            status: None,
        };
        made.borrow_mut().push(lab);
        boot
    }
}

/// The application with the presets `.ice` files name: `French`, `FirstRun`,
/// `FirstRunFrench`, `Certificates` (certificates assigned), `CertificatesFrench`,
/// `PersistentChat` (a Persistent Chat pool collocated, certificates assigned),
/// `RenewalFails`, `RenewalFailsFrench` (services started, the web services' reload broken
/// from outside) (no preset: the lab in English). iced_test ends an `.ice` header at its first `-`, so names have none.
fn program(
    made: &Made,
) -> iced::application::Application<
    impl iced_test::program::Program<State = App, Message = gui::Message, Theme = iced::Theme> + use<>,
> {
    let preset = |name: &str, certificates, empty, lang| -> gui::PresetBoot {
        (
            name.to_string(),
            Box::new(booter(made.clone(), certificates, empty, lang)),
        )
    };
    gui::application(
        booter(made.clone(), false, false, Lang::En),
        vec![
            preset("French", false, false, Lang::Fr),
            preset("FirstRun", false, true, Lang::En),
            preset("FirstRunFrench", false, true, Lang::Fr),
            preset("Certificates", true, false, Lang::En),
            preset("CertificatesFrench", true, false, Lang::Fr),
            // (empty and certificates: the Standard Edition server with Persistent Chat)
            preset("PersistentChat", true, true, Lang::En),
            (
                "RenewalFails".to_string(),
                Box::new(failing_renewal_booter(made.clone(), Lang::En)),
            ),
            (
                "RenewalFailsFrench".to_string(),
                Box::new(failing_renewal_booter(made.clone(), Lang::Fr)),
            ),
        ],
    )
}

#[test]
fn ice_files() {
    if !in_child("ice_files") {
        return;
    }
    let made: Made = Rc::default();
    let dirs: Vec<PathBuf> = std::iter::once(PathBuf::from("tests/ui"))
        .chain(std::env::var_os("DEPLOY_WIZARD_ICE_DIR").map(PathBuf::from))
        .collect();
    for dir in dirs {
        let count = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "ice"))
            })
            .count();
        assert!(count > 0, "{} holds no .ice file", dir.display());
        match iced_test::run(program(&made), &dir) {
            Ok(()) => {}
            Err(iced_test::Error::IceTestingFailed { file, instruction }) => {
                panic!("{} failed at: {instruction}", file.display())
            }
            Err(error) => panic!("{}: {error}", dir.display()),
        }
        println!("{}: {count} .ice file(s) passed", dir.display());
    }
    made.borrow_mut().clear();
}

/// The lab deployed by the window's own flow (`tests/ui/steps-1-2-4.ice`: steps 1, 2 and 4 on
/// the Standard Edition lab with its certificates) really serves SIP: two users register over
/// TLS and one's MESSAGE reaches the other.
#[test]
fn the_lab_deployed_through_the_window_registers_users_and_delivers_a_message() {
    use common::sip::Agent;
    if !in_child("the_lab_deployed_through_the_window_registers_users_and_delivers_a_message") {
        return;
    }
    let made: Made = Rc::default();
    let boot = booter(made.clone(), true, false, Lang::En)();
    let flow = fs::read_to_string("tests/ui/steps-1-2-4.ice").unwrap();
    let (_, body) = flow.split_once("-----").unwrap();
    let body: String = body
        .lines()
        .filter(|l| !l.starts_with("snapshot"))
        .map(|l| format!("{l}\n"))
        .collect();
    walk(boot, &format!("{HEADER}{body}")).unwrap();
    let labs = made.borrow();
    let ws = &labs.last().expect("the boot made a lab").ws;
    let topology: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(ws.path("topology.json")).unwrap()).unwrap();
    let port = topology["sites"][0]["pools"][0]["sip_port"]
        .as_u64()
        .unwrap() as u16;
    let mut alice = Agent::connect(port, "alice", "contoso.com");
    let mut bob = Agent::connect(port, "bob", "contoso.com");
    assert_eq!(alice.register(), "SIP/2.0 200 OK");
    assert_eq!(bob.register(), "SIP/2.0 200 OK");
    alice.deliver(&mut bob, "deployed by the window");
}

/// Every `.ice` flow, stopped at each Executing Commands page it reaches: each row's outcome
/// is the outcome the run log recorded for that command.
#[test]
fn every_ice_flow_shows_the_logged_outcome_of_each_command() {
    if !in_child("every_ice_flow_shows_the_logged_outcome_of_each_command") {
        return;
    }
    let mut pages = 0;
    for entry in fs::read_dir("tests/ui").unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "ice") {
            continue;
        }
        let text = fs::read_to_string(&path).unwrap();
        let (header, body) = text.split_once("-----").unwrap();
        let preset = header
            .lines()
            .find_map(|l| l.strip_prefix("preset: "))
            .unwrap_or("")
            .trim();
        let (certificates, empty, lang) = match preset {
            "French" => (false, false, Lang::Fr),
            "FirstRun" => (false, true, Lang::En),
            "FirstRunFrench" => (false, true, Lang::Fr),
            "Certificates" => (true, false, Lang::En),
            "CertificatesFrench" => (true, false, Lang::Fr),
            "PersistentChat" => (true, true, Lang::En),
            _ => (false, false, Lang::En),
        };
        let header: String = header
            .lines()
            .filter(|l| !l.starts_with("preset:"))
            .map(|l| format!("{l}\n"))
            .collect();
        let lines: Vec<&str> = body.lines().collect();
        for (k, line) in lines.iter().enumerate() {
            if !(line.starts_with("expect \"Task status")
                || line.starts_with("expect \"État de la tâche"))
            {
                continue;
            }
            let made: Made = Rc::default();
            let boot = match preset {
                "RenewalFails" => failing_renewal_booter(made.clone(), Lang::En)(),
                "RenewalFailsFrench" => failing_renewal_booter(made.clone(), Lang::Fr)(),
                _ => booter(made.clone(), certificates, empty, lang)(),
            };
            let data = boot.data.clone();
            let script = format!("{header}-----\n{}\n", lines[..=k].join("\n"));
            let app = walk(boot, &script).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let shown = app.shown_commands();
            assert!(
                !shown.is_empty(),
                "{}: an Executing Commands page",
                path.display()
            );
            let logged: Vec<_> = deploy_wizard::log::list_runs(&data)
                .unwrap()
                .into_iter()
                .flat_map(|r| r.commands)
                .collect();
            for (cli, outcome) in shown {
                let recorded = logged
                    .iter()
                    .find(|c| c.cli == cli)
                    .unwrap_or_else(|| panic!("{}: {cli} is in no run log", path.display()));
                assert_eq!(outcome, recorded.outcome, "{}: {cli}", path.display());
            }
            pages += 1;
        }
    }
    assert!(
        pages >= 5,
        "the flows reach {pages} Executing Commands pages"
    );
}

/// Runs `script` (an `.ice` text; a last line `snapshot NAME` writes `tests/snapshots/NAME.png`)
/// against the application booted on `boot`; returns the final state, or the instruction that
/// failed.
fn walk(boot: Boot, script: &str) -> Result<App, String> {
    let data = boot.data.clone();
    let app = walk_script(boot, script)?;
    rows_tell_the_truth(&app, &data);
    Ok(app)
}

/// The Executing Commands page's rows tell what the run logs recorded: a finished page shows
/// no command "interrupted" unless a run log holds a command that never ended.
fn rows_tell_the_truth(app: &App, data: &DataDir) {
    // In the window's language (the walk set it).
    let interrupted = deploy_wizard::i18n::translate("run-interrupted", &[]);
    if iced_test::simulator(app.view())
        .find(interrupted.as_str())
        .is_err()
    {
        return;
    }
    let runs = deploy_wizard::log::list_runs(data).unwrap_or_default();
    assert!(
        runs.iter()
            .flat_map(|r| &r.commands)
            .any(|c| c.outcome.is_none()),
        "a row says interrupted while every logged command ended"
    );
}

fn walk_script(boot: Boot, script: &str) -> Result<App, String> {
    let program = gui::application(move || boot.clone(), Vec::new());
    let (metadata, body) = script.split_once("-----").expect("a script has metadata");
    let ice = Ice::parse(&format!("{metadata}-----\n")).map_err(|e| e.to_string())?;
    let (sender, mut receiver) = mpsc::channel(1);
    let mut emulator = Emulator::new(sender, &program, ice.mode, ice.viewport);
    let mut lines = body
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"));
    loop {
        match executor::block_on(receiver.next()).expect("the emulator runs") {
            emulator::Event::Action(action) => emulator.perform(&program, action),
            emulator::Event::Failed(instruction) => {
                let shot = emulator.screenshot(&program, &iced::Theme::Light, 1.0);
                let path = save_png(&std::env::temp_dir(), "deploy-wizard-ui-failure", &shot);
                return Err(format!(
                    "failed at: {instruction} (the window then: {})",
                    path.display()
                ));
            }
            emulator::Event::Ready => {
                let Some(line) = lines.next() else {
                    return Ok(emulator.into_state().0);
                };
                if let Some(name) = line.strip_prefix("snapshot ") {
                    // iced_test 0.14's screenshot leaves the emulator without its UI cache,
                    // so a snapshot ends the walk.
                    let shot = emulator.screenshot(&program, &iced::Theme::Light, 1.0);
                    write_png(name, &shot);
                    let app = emulator.into_state().0;
                    text_fits(
                        name,
                        &app,
                        iced_program::Program::settings(&program),
                        ice.viewport,
                    );
                    return Ok(app);
                }
                let instruction = Instruction::parse(line).map_err(|e| format!("{line}: {e}"))?;
                emulator.run(&program, instruction);
            }
        }
    }
}

fn write_png(name: &str, shot: &iced::window::Screenshot) {
    // A page that drew nothing would be one colour.
    let first = &shot.rgba[..4];
    assert!(
        shot.rgba.chunks(4).any(|px| px != first),
        "snapshot {name} is blank"
    );
    // Nothing is drawn in the window's right margin: text that runs past its box (clipped at
    // the window's edge) would be.
    let (width, height) = (shot.size.width as usize, shot.size.height as usize);
    let pixel = |x: usize, y: usize| &shot.rgba[(y * width + x) * 4..(y * width + x) * 4 + 4];
    // (The bars' one-pixel frame at the very edge is left out.)
    for y in 0..height {
        let edge = pixel(width - 2, y);
        if let Some(x) = (width - 8..width - 1).find(|&x| pixel(x, y) != edge) {
            let shown = save_png(&std::env::temp_dir(), &format!("{name}-margin"), shot);
            panic!(
                "snapshot {name}: something is drawn in the right margin at {x},{y} ({})",
                shown.display()
            );
        }
    }
    save_png(Path::new("tests/snapshots"), name, shot);
}

/// Every text widget of the page at `viewport` fits the box its layout gave it: its laid-out
/// content (the paragraph the renderer measured, wrapped as the widget wraps) is no wider and,
/// where the box has a height, no taller than that box. A word longer than its line, a label
/// that does not wrap, or a column too narrow for its text fails here.
fn text_fits(name: &str, app: &App, settings: iced::Settings, viewport: iced::Size) {
    use iced_runtime::core::layout::Limits;
    use iced_runtime::core::renderer::Headless;
    use iced_runtime::core::text::paragraph::Plain;
    use iced_runtime::core::widget::Tree;
    use iced_runtime::core::widget::tree::Tag;
    type Renderer = iced_test::renderer::Renderer;
    type Paragraph = <Renderer as iced_runtime::core::text::Renderer>::Paragraph;

    let font = match settings.default_font {
        iced::Font::DEFAULT => iced::Font::with_name("Fira Sans"),
        font => font,
    };
    let renderer = executor::block_on(<Renderer as Headless>::new(
        font,
        settings.default_text_size,
        None,
    ))
    .expect("a headless renderer");
    let mut element = app.view();
    let mut tree = Tree::new(&element);
    let _ = element.as_widget_mut().layout(
        &mut tree,
        &renderer,
        &Limits::new(iced::Size::ZERO, viewport),
    );

    fn visit(tree: &Tree, seen: &mut usize, wide: &mut Vec<String>) {
        if tree.tag == Tag::of::<Plain<Paragraph>>() {
            *seen += 1;
            let plain = tree.state.downcast_ref::<Plain<Paragraph>>();
            let needed = plain.min_bounds();
            let room = plain.as_text().bounds;
            let taller = room.height.is_finite() && needed.height > room.height + 0.5;
            if needed.width > room.width + 0.5 || taller {
                wide.push(format!(
                    "{:?} needs {:.0}×{:.0}, has {:.0}×{:.0}",
                    plain.content(),
                    needed.width,
                    needed.height,
                    room.width,
                    room.height
                ));
            }
        }
        for child in &tree.children {
            visit(child, seen, wide);
        }
    }
    let (mut seen, mut wide) = (0, Vec::new());
    visit(&tree, &mut seen, &mut wide);
    assert!(seen > 0, "snapshot {name}: no text widget was laid out");
    assert!(
        wide.is_empty(),
        "snapshot {name}: text wider than its box:\n{}",
        wide.join("\n")
    );
}

fn save_png(dir: &Path, name: &str, shot: &iced::window::Screenshot) -> PathBuf {
    fs::create_dir_all(dir).unwrap();
    let path = dir.join(format!("{name}.png"));
    let file = fs::File::create(&path).unwrap();
    let mut encoder = png::Encoder::new(file, shot.size.width, shot.size.height);
    encoder.set_color(png::ColorType::Rgba);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&shot.rgba).unwrap();
    drop(writer);
    path
}

const HEADER: &str = "viewport: 1000x680\nmode: Zen\n-----\n";

#[test]
fn a_failing_prerequisite_is_listed_and_blocks_next() {
    if !in_child("a_failing_prerequisite_is_listed_and_blocks_next") {
        return;
    }
    let lab = Lab::new(false);
    // Something else holds the internal web services port.
    let _holder = TcpListener::bind(("0.0.0.0", lab.internal)).expect("bind the port");
    // The prerequisite names the holder: this test process.
    let holder = deploy_wizard::process::listener_on(lab.internal).expect("our listener");
    let script = format!(
        "{HEADER}
click \"Install or Update System\"
click \"Step 2: Setup or Remove Components\"
expect \"SipRegistrar, WebServices\"
click \"Next\"
expect \"Prerequisites not satisfied\"
expect \"WebServices: TCP port {port} is already in use by {holder}\"
click \"Next\"
expect \"Prerequisites not satisfied\"
expect \"WebServices: TCP port {port} is already in use by {holder}\"
",
        port = lab.internal
    );
    walk(
        Boot {
            data: lab.data(),
            lang: Some(Lang::En),
            status: None,
        },
        &script,
    )
    .unwrap();
    // Nothing was installed.
    assert!(!lab.ws.data().join("install/WebServices").exists());
    assert!(!lab.ws.data().join("install/SipRegistrar").exists());
}

/// Kamailio missing: step 2's prerequisites name its packages and, the wizard running as root
/// with apt, offer Install Missing Programs with the command line it runs (not clicked here:
/// it would install them).
#[test]
fn missing_programs_are_offered_for_install_with_their_command_line() {
    let bin = tempfile::tempdir().unwrap();
    let path = format!("{}:/usr/bin:/bin", bin.path().display());
    if std::env::var_os(CHILD).is_none() {
        let nginx = deploy_wizard::process::find_program("nginx").expect("nginx is installed");
        std::os::unix::fs::symlink(nginx, bin.path().join("nginx")).unwrap();
    }
    if !in_child_with(
        "missing_programs_are_offered_for_install_with_their_command_line",
        &[("PATH", &path)],
    ) {
        return;
    }
    let lab = Lab::new(false);
    let app = walk(
        boot(&lab, Lang::En),
        &format!(
            "{HEADER}click \"Install or Update System\"
click \"Step 2: Setup or Remove Components\"
click \"Next\"
expect \"Prerequisites not satisfied\"
expect \"SipRegistrar: the program kamailio is not installed (not found on PATH); install the package kamailio kamailio-tls-modules\"
expect \"Install Missing Programs runs: apt-get install -y --no-install-recommends kamailio kamailio-tls-modules\"
snapshot step2-install-programs-en
"
        ),
    )
    .unwrap();
    assert!(shows(&app, "Install Missing Programs"));
}

#[test]
fn a_failing_command_shows_a_red_cross_and_the_reason() {
    if !in_child("a_failing_command_shows_a_red_cross_and_the_reason") {
        return;
    }
    // Steps 1–3 done; another program holds the internal web port: step 4 fails, and says who.
    let lab = Lab::new(true);
    lab.ws.run(&["components", "setup"]).ok();
    let _holder = TcpListener::bind(("0.0.0.0", lab.internal)).expect("bind the port");
    let holder = deploy_wizard::process::listener_on(lab.internal).expect("our listener");
    let script = format!(
        "{HEADER}
click \"Install or Update System\"
click \"Step 4: Start Services\"
expect \"Task status: Failed\"
expect \"web-services cannot start: TCP port {port} is already in use by {holder}. Stop that program, or give the service another port in the topology.\"
click \"Finish\"
expect \"Failed\"
",
        port = lab.internal
    );
    walk(
        Boot {
            data: lab.data(),
            lang: Some(Lang::En),
            status: None,
        },
        &script,
    )
    .unwrap();
}

/// A run of two commands: 600 lines of progress, then a failure whose error line is far
/// below the first screen.
fn long_run(data: &DataDir) {
    use deploy_wizard::log::{Level, Outcome, Redactor, RunLog};
    let mut log = RunLog::start(data, "demo", "Long run", Redactor::new(), None).unwrap();
    log.begin("deploy-wizard components setup");
    for i in 0..600 {
        log.info(&format!("copied file {i} of 600"));
    }
    log.info("rendered the nginx needle configuration");
    log.end(Outcome::Ok, None);
    log.begin("deploy-wizard services start");
    for i in 0..300 {
        log.info(&format!("waiting for worker {i}"));
    }
    log.line(
        Level::Error,
        "nginx: bind() to 127.0.0.1:4443 failed (98: Address in use)",
    );
    log.end(Outcome::Failed, Some("nginx did not start"));
    log.finish().unwrap();
}

#[test]
fn the_log_viewer_finds_a_word_and_jumps_to_the_first_error() {
    if !in_child("the_log_viewer_finds_a_word_and_jumps_to_the_first_error") {
        return;
    }
    let lab = Lab::new(false);
    long_run(&lab.data());
    let boot = Boot {
        data: lab.data(),
        lang: Some(Lang::En),
        status: None,
    };
    let error = "nginx: bind() to 127.0.0.1:4443 failed (98: Address in use)";
    // Only the rows in view are built: the error is not on the first screen.
    let hidden = walk(
        boot.clone(),
        &format!("{HEADER}click \"Logs\"\nexpect \"copied file 3 of 600\"\nexpect \"{error}\"\n"),
    );
    assert!(hidden.is_err(), "the error line should be out of view");
    walk(
        boot.clone(),
        &format!(
            "{HEADER}
click \"Logs\"
expect \"Long run\"
click \"Jump to First Error\"
expect \"{error}\"
expect \"deploy-wizard services start — nginx did not start\"
click \"{error}\"
expect \"Copy\"
"
        ),
    )
    .unwrap();
    // Save as HTML to the path in the field (no file dialog is needed: none opens here).
    let run = &deploy_wizard::log::list_runs(&lab.data()).unwrap()[0];
    let saved = lab.data().root().join(format!("{}.html", run.id));
    walk(
        boot.clone(),
        &format!(
            "{HEADER}
click \"Logs\"
click \"Save as HTML\"
expect \"Saved {}\"
",
            saved.display()
        ),
    )
    .unwrap();
    assert!(fs::read_to_string(&saved).unwrap().contains("needle"));
    walk(
        boot,
        &format!(
            "{HEADER}
click \"Logs\"
type \"needle\"
expect \"1 match\"
expect \"rendered the nginx needle configuration\"
"
        ),
    )
    .unwrap();
}

#[test]
fn a_failing_ice_file_fails_with_its_name_and_instruction() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("wrong-title.ice"),
        "viewport: 1000x680\nmode: Zen\n-----\nclick \"Install or Update System\"\nexpect \"No such title\"\n",
    )
    .unwrap();
    let home = tempfile::tempdir().unwrap();
    let output = child("ice_files", home.path())
        .env("DEPLOY_WIZARD_ICE_DIR", dir.path())
        .output()
        .unwrap();
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(!output.status.success(), "{all}");
    assert!(
        all.contains("wrong-title.ice failed at: expect \"No such title\""),
        "{all}"
    );
    // The repository's own files passed before the extra directory ran.
    let own = fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/ui"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "ice"))
        })
        .count();
    assert!(
        all.contains(&format!("tests/ui: {own} .ice file(s) passed")),
        "{all}"
    );
}

/// How a snapshot's data dir starts.
#[derive(Clone, Copy)]
enum Start {
    Empty,
    Lab,
    Certificates,
    PortHeld,
    ComponentsNoCertificates,
    /// Steps 1–3 done, and another program holds the internal web port (step 4 fails).
    CertificatesPortHeld,
}

/// Every page, in English and French, written to `tests/snapshots/PAGE-LANG.png`.
#[test]
fn snapshots() {
    if !in_child("snapshots") {
        return;
    }
    let en = [
        "Install or Update System",
        "Step 2: Setup or Remove Components",
        "Next",
        "Finish",
        "Step 4: Start Services",
        "Service Status (optional)",
        "Logs",
        "Settings",
        "Certificate Wizard",
        "Create the lab topology",
        "Step 1: Install Local Configuration Store",
    ];
    let fr = [
        "Installer ou mettre à jour le système",
        "Étape 2 : Installer ou supprimer des composants",
        "Suivant",
        "Terminer",
        "Étape 4 : Démarrer les services",
        "État du service (facultatif)",
        "Journaux",
        "Paramètres",
        "Assistant Certificat",
        "Créer la topologie de laboratoire",
        "Étape 1 : Installer le magasin de configurations local",
    ];
    let mut written = 0;
    for (lang, code, words) in [(Lang::En, "en", en), (Lang::Fr, "fr", fr)] {
        let [
            system,
            step2,
            next,
            finish,
            step4,
            service,
            logs,
            settings,
            certs,
            lab,
            step1,
        ] = words;
        let pages: Vec<(&str, Start, Vec<String>)> = vec![
            ("first-run", Start::Empty, vec![]),
            (
                "lab-executing",
                Start::Empty,
                vec![format!("click \"{lab}\"")],
            ),
            ("home", Start::Lab, vec![]),
            ("system", Start::Lab, vec![format!("click \"{system}\"")]),
            (
                "step1-source",
                Start::Lab,
                vec![format!("click \"{system}\""), format!("click \"{step1}\"")],
            ),
            (
                "step1-executing",
                Start::Lab,
                vec![
                    format!("click \"{system}\""),
                    format!("click \"{step1}\""),
                    format!("click \"{next}\""),
                ],
            ),
            (
                "step2-plan",
                Start::Lab,
                vec![format!("click \"{system}\""), format!("click \"{step2}\"")],
            ),
            (
                "step2-prerequisites",
                Start::Lab,
                vec![
                    format!("click \"{system}\""),
                    format!("click \"{step2}\""),
                    format!("click \"{next}\""),
                ],
            ),
            (
                "step2-prerequisites-unmet",
                Start::PortHeld,
                vec![
                    format!("click \"{system}\""),
                    format!("click \"{step2}\""),
                    format!("click \"{next}\""),
                ],
            ),
            (
                "step2-executing",
                Start::Lab,
                vec![
                    format!("click \"{system}\""),
                    format!("click \"{step2}\""),
                    format!("click \"{next}\""),
                    format!("click \"{next}\""),
                ],
            ),
            (
                "step4-failed",
                Start::CertificatesPortHeld,
                vec![format!("click \"{system}\""), format!("click \"{step4}\"")],
            ),
            (
                "step4-executing",
                Start::Certificates,
                vec![format!("click \"{system}\""), format!("click \"{step4}\"")],
            ),
            (
                "system-complete",
                Start::Certificates,
                vec![
                    format!("click \"{system}\""),
                    format!("click \"{step4}\""),
                    format!("click \"{finish}\""),
                ],
            ),
            (
                "service-status",
                Start::Certificates,
                vec![
                    format!("click \"{system}\""),
                    format!("click \"{step4}\""),
                    format!("click \"{finish}\""),
                    format!("click \"{service}\""),
                ],
            ),
            (
                "certificates",
                Start::Certificates,
                vec![format!("click \"{certs}\"")],
            ),
            (
                "logs",
                Start::ComponentsNoCertificates,
                vec![format!("click \"{logs}\"")],
            ),
            (
                "settings",
                Start::Lab,
                vec![format!("click \"{settings}\"")],
            ),
        ];
        for (page, start, steps) in pages {
            // The smallest window, and a large one; each from a fresh data dir (a page may
            // change it, as the lab's creation does).
            for (viewport, suffix) in [("1000x680", ""), ("1280x800", "-1280x800")] {
                let lab = match start {
                    Start::Empty => Lab::empty(),
                    Start::Lab | Start::PortHeld => Lab::new(false),
                    Start::Certificates | Start::CertificatesPortHeld => {
                        let lab = Lab::new(true);
                        lab.ws.run(&["components", "setup"]).ok();
                        lab
                    }
                    Start::ComponentsNoCertificates => {
                        let lab = Lab::new(false);
                        lab.ws.run(&["components", "setup"]).ok();
                        lab
                    }
                };
                let _holder = matches!(start, Start::PortHeld | Start::CertificatesPortHeld)
                    .then(|| TcpListener::bind(("0.0.0.0", lab.internal)).unwrap());
                let script = format!(
                    "viewport: {viewport}\nmode: Zen\n-----\n{}\nsnapshot {page}-{code}{suffix}\n",
                    steps.join("\n")
                );
                let app = walk(
                    Boot {
                        data: lab.data(),
                        lang: Some(lang),
                        status: None,
                    },
                    &script,
                )
                .unwrap_or_else(|e| panic!("{page}-{code}{suffix}: {e}"));
                let english = english_sentences_shown(&app);
                match lang {
                    Lang::Fr => assert!(
                        english.is_empty(),
                        "{page}-{code}{suffix} shows English: {english:?}"
                    ),
                    // The scan finds the English page's own sentences: it can fail.
                    Lang::En => assert!(
                        page == "lab-executing" || !english.is_empty(),
                        "{page}-{code}{suffix}: the scan finds nothing on an English page"
                    ),
                }
                written += 1;
            }
        }
    }
    assert_eq!(written, 68);
}

/// The English catalogue's sentences (those French words differently) found in the window's
/// view: a French page must show none.
fn english_sentences_shown(app: &App) -> Vec<String> {
    use deploy_wizard::i18n::{message_ids, translate_in};
    let view = app.view();
    let mut ui = iced_test::simulator(view);
    message_ids(Lang::En)
        .into_iter()
        .map(|id| {
            (
                translate_in(Lang::En, &id, &[]),
                translate_in(Lang::Fr, &id, &[]),
            )
        })
        // Words both languages share (names, "OK") and messages with arguments are left out.
        .filter(|(en, fr)| en != fr && en.len() > 3 && !en.contains('{') && en != &fr.to_string())
        .filter(|(en, _)| ui.find(en.as_str()).is_ok())
        .map(|(en, _)| en)
        .collect()
}

/// Clicks `label` in the current view and applies the messages, with the messages their tasks
/// produce (work the window runs off its thread); widget operations such as focus are not
/// needed by the pages used here.
fn click(app: &mut App, label: &str) {
    let mut ui = iced_test::simulator(app.view());
    ui.click(label)
        .unwrap_or_else(|e| panic!("click {label:?}: {e}"));
    for message in ui.into_messages() {
        settle(app, message);
    }
}

/// Applies `message` and, in turn, every message its task produces.
fn settle(app: &mut App, message: gui::Message) {
    let task = app.update(message);
    if let Some(stream) = iced_runtime::task::into_stream(task) {
        for action in executor::block_on(stream.collect::<Vec<_>>()) {
            if let iced_runtime::Action::Output(message) = action {
                settle(app, message);
            }
        }
    }
}

fn shows(app: &App, label: &str) -> bool {
    iced_test::simulator(app.view()).find(label).is_ok()
}

/// A CMS over HTTPS that accepts the connection and never answers: the window opens on Home at
/// once (the CMS is asked off the window's thread), says it is still checking, and a click on
/// Settings is handled in that same frame. The listener proves the window's thread never
/// connected: it has accepted nothing when the window has drawn both pages.
#[test]
fn a_cms_that_never_answers_does_not_hold_the_window() {
    if !in_child("a_cms_that_never_answers_does_not_hold_the_window") {
        return;
    }
    let lab = Lab::new(false);
    let silent = TcpListener::bind("127.0.0.1:0").unwrap();
    silent.set_nonblocking(true).unwrap();
    let url = format!("https://127.0.0.1:{}/", silent.local_addr().unwrap().port());
    let settings_file = lab.data().settings_file();
    let mut settings: serde_json::Value =
        serde_json::from_slice(&fs::read(&settings_file).unwrap()).unwrap();
    settings["cms"] = serde_json::Value::String(url);
    fs::write(&settings_file, settings.to_string()).unwrap();

    let (mut app, load) = App::boot(Boot {
        data: lab.data(),
        lang: Some(Lang::En),
        status: None,
    });
    assert!(shows(&app, "Install or Update System"));
    let revision = deploy_wizard::deploy::local_status(&lab.data())
        .replica
        .unwrap()
        .revision;
    let line = format!(
        "Local configuration store: revision {revision} for se01.contoso.com · checking the central management store…"
    );
    assert!(
        shows(&app, &line),
        "the status line says it is still checking"
    );
    click(&mut app, "Settings");
    assert!(shows(&app, "Language"), "the Settings page is drawn");
    assert!(
        matches!(silent.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "the window's thread never connected to the CMS"
    );
    // The status is asked off the window's thread by the task boot returned.
    drop(load);
}

/// Close returns to the page the current one was opened from: the Certificate Wizard opened by
/// step 3 closes to the System page, and the log viewer opened by View Log closes to the run.
#[test]
fn close_returns_to_the_page_it_came_from() {
    if !in_child("close_returns_to_the_page_it_came_from") {
        return;
    }
    let lab = Lab::new(false);
    walk(
        boot(&lab, Lang::En),
        &format!(
            "{HEADER}click \"Install or Update System\"
click \"Step 3: Request, Install or Assign Certificates\"
expect \"Missing\"
click \"Close\"
expect \"Service Status (optional)\"
click \"Step 2: Setup or Remove Components\"
click \"Next\"
click \"Next\"
expect \"Task status: Completed\"
click \"View Log\"
expect \"Jump to First Error\"
click \"Close\"
expect \"Task status: Completed\"
click \"Finish\"
click \"Close\"
expect \"Welcome. What would you like to do?\"
"
        ),
    )
    .unwrap();
}

/// The window is resizable; its size is remembered (a second after the last resize) and
/// restored when it opens again.
#[test]
fn the_window_remembers_its_size() {
    if !in_child("the_window_remembers_its_size") {
        return;
    }
    let lab = Lab::new(false);
    let (mut app, _) = App::boot(boot(&lab, Lang::En));
    settle(
        &mut app,
        gui::Message::Resized(iced::Size::new(1280.0, 800.0)),
    );
    settle(&mut app, gui::Message::RememberSize);
    let settings = deploy_wizard::settings::Settings::load(&lab.data());
    assert_eq!(settings.window, Some((1280.0, 800.0)));
}

/// A page does not open with an error: Import Certificate shows its problem only once
/// something was typed (Next stays disabled meanwhile).
#[test]
fn a_form_opens_without_an_error() {
    if !in_child("a_form_opens_without_an_error") {
        return;
    }
    let lab = Lab::new(false);
    let (mut app, _) = App::boot(boot(&lab, Lang::En));
    click(&mut app, "Certificate Wizard");
    click(&mut app, "Import Certificate");
    assert!(shows(&app, "Import Certificate"));
    assert!(!shows(&app, "Give the certificate file to import."));
    click(&mut app, "Next");
    assert!(!shows(&app, "Task status: Running…"), "Next is disabled");
}

/// Service Status says what actually runs: a service whose main process was killed from
/// outside is shown down with the processes of it that still hold its ports.
#[test]
fn service_status_shows_a_half_dead_service() {
    if !in_child("service_status_shows_a_half_dead_service") {
        return;
    }
    let lab = Lab::new(true);
    lab.ws.run(&["components", "setup"]).ok();
    lab.ws.run(&["services", "start"]).ok();
    let pid_file = lab
        .ws
        .data()
        .join("install/WebServices/run/web-services.pid");
    let master = fs::read_to_string(&pid_file).unwrap().trim().to_string();
    // The test's own nginx master (started by the step it ran), killed from outside once it
    // has forked its worker (its port listens before that).
    let pid: u32 = master.parse().unwrap();
    for _ in 0..300 {
        if !deploy_wizard::process::children_of(pid).is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    Command::new("kill")
        .args(["-KILL", &master])
        .status()
        .unwrap();
    let gone =
        || fs::read_to_string(format!("/proc/{master}/stat")).map_or(true, |s| s.contains(") Z "));
    for _ in 0..100 {
        if gone() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let status = deploy_wizard::services::status(&lab.data()).unwrap();
    let web = status
        .iter()
        .find(|s| s.name == "web-services")
        .expect("the Front End runs web services");
    let pids: Vec<String> = web.orphans.iter().map(u32::to_string).collect();
    assert!(!pids.is_empty(), "nginx's workers outlive their master");
    let (mut app, _) = App::boot(boot(&lab, Lang::En));
    click(&mut app, "Install or Update System");
    click(&mut app, "Service Status (optional)");
    let line = format!(
        "down, but processes of it still run and hold its ports (pids {}): run step 4 to clear them",
        pids.join(", ")
    );
    assert!(shows(&app, &line), "{line}");
}

#[test]
fn enter_goes_next_and_escape_cancels_the_wizard() {
    use deploy_wizard::gui::{Shortcut, shortcut};
    use iced::keyboard::{Key, Modifiers, key::Named};
    if !in_child("enter_goes_next_and_escape_cancels_the_wizard") {
        return;
    }
    assert_eq!(
        shortcut(&Key::Named(Named::Enter), Modifiers::empty()),
        Some(Shortcut::Next)
    );
    assert_eq!(
        shortcut(&Key::Named(Named::Escape), Modifiers::empty()),
        Some(Shortcut::Cancel)
    );
    assert_eq!(
        shortcut(&Key::Named(Named::Tab), Modifiers::SHIFT),
        Some(Shortcut::FocusPrevious)
    );
    assert_eq!(
        shortcut(&Key::Character("a".into()), Modifiers::empty()),
        None
    );

    let lab = Lab::new(false);
    let (mut app, _) = App::boot(Boot {
        data: lab.data(),
        lang: Some(Lang::En),
        status: None,
    });
    click(&mut app, "Install or Update System");
    click(&mut app, "Step 2: Setup or Remove Components");
    assert!(shows(&app, "To install"));
    settle(&mut app, gui::Message::Shortcut(Shortcut::Next));
    assert!(shows(&app, "All prerequisites are satisfied."));
    let _ = app.update(gui::Message::Shortcut(Shortcut::Cancel));
    assert!(shows(&app, "Service Status (optional)"));
    assert!(!shows(&app, "All prerequisites are satisfied."));
    // Escape on the System page goes Home; on Home it does nothing.
    let _ = app.update(gui::Message::Shortcut(Shortcut::Cancel));
    assert!(shows(&app, "Certificate Wizard"));
    let _ = app.update(gui::Message::Shortcut(Shortcut::Cancel));
    assert!(shows(&app, "Certificate Wizard"));
}

// ---------------------------------------------------------------------------------------------
// Certificate Wizard flows, in English and French.

/// The words a Certificate Wizard script clicks and expects, per language: `[[key]]` in a
/// script is replaced by the language's word.
fn cert_words(lang: Lang) -> &'static [(&'static str, &'static str)] {
    match lang {
        Lang::En => &[
            ("certs", "Certificate Wizard"),
            ("request", "Request"),
            ("next", "Next"),
            ("back", "Back"),
            ("finish", "Finish"),
            ("completed", "Task status: Completed"),
            ("failed", "Task status: Failed"),
            ("issued", "The certificate was issued and installed."),
            ("assigned", "Assigned"),
            ("missing", "Missing"),
            ("delayed", "Prepare the request now, but send it later"),
            ("written", "The request file was written."),
            ("pending", "Process Pending Request"),
            ("import", "Import Certificate"),
            ("name-title", "Name and Security Settings"),
            ("summary-title", "Certificate Request Summary"),
            ("store-title", "Certificate Store"),
            ("other-ca", "Specify another certification authority"),
            ("assign-after", "Assign this certificate to its usages"),
            ("has-key", "The file contains the private key"),
            ("assign", "Assign"),
            ("remove", "Remove"),
            ("export", "Export"),
            ("add", "Add"),
            ("details", "View Certificate Details"),
            ("s2s", "Server-to-server authentication"),
            ("pc", "Persistent Chat deployment checklist"),
            (
                "url-xml",
                "This is the autodiscover.xml file; give the autodiscover service endpoint, ending in autodiscover.svc.",
            ),
            (
                "url-set",
                "Set for every server: https://mail.contoso.com/autodiscover/autodiscover.svc",
            ),
            ("use-default", "Use Default certificate"),
            ("roll", "Roll with date"),
            ("add-partner", "Add Partner Application"),
            ("test", "Test"),
            ("no-partner", "No partner application."),
            (
                "pc-topology",
                "2. Create the topology with a Persistent Chat pool",
            ),
            ("not-done", "Not done"),
            ("add-admin", "Add Administrator"),
            ("pc-user", "User (SIP URI)"),
            ("done", "Done"),
            ("import-pfx", "Import PFX"),
            (
                "pc-no-server",
                "No Persistent Chat server in the topology yet: add a Persistent Chat pool with its servers (task 2), then run step 2 on each of them.",
            ),
        ],
        Lang::Fr => &[
            ("certs", "Assistant Certificat"),
            ("request", "Demander"),
            ("next", "Suivant"),
            ("back", "Précédent"),
            ("finish", "Terminer"),
            ("completed", "État de la tâche : Terminé"),
            ("failed", "État de la tâche : Échec"),
            ("issued", "Le certificat a été délivré et installé."),
            ("assigned", "Affecté"),
            ("missing", "Manquant"),
            (
                "delayed",
                "Préparer la demande maintenant, mais l'envoyer plus tard",
            ),
            ("written", "Le fichier de demande a été écrit."),
            ("pending", "Traiter la demande en attente"),
            ("import", "Importer un certificat"),
            ("name-title", "Nom et paramètres de sécurité"),
            ("summary-title", "Résumé de la demande de certificat"),
            ("store-title", "Magasin de certificats"),
            ("other-ca", "Spécifier une autre autorité de certification"),
            ("assign-after", "Affecter ce certificat à ses utilisations"),
            ("has-key", "Le fichier contient la clé privée"),
            ("assign", "Affecter"),
            ("remove", "Supprimer"),
            ("export", "Exporter"),
            ("add", "Ajouter"),
            ("details", "Afficher les détails du certificat"),
            ("s2s", "Authentification de serveur à serveur"),
            (
                "pc",
                "Liste de contrôle du déploiement de Conversation permanente",
            ),
            (
                "url-xml",
                "C'est le fichier autodiscover.xml ; donnez le point de terminaison du service de découverte automatique, qui se termine par autodiscover.svc.",
            ),
            (
                "url-set",
                "Définie pour tous les serveurs : https://mail.contoso.com/autodiscover/autodiscover.svc",
            ),
            ("use-default", "Utiliser le certificat par défaut"),
            ("roll", "Basculer à une date"),
            ("add-partner", "Ajouter une application partenaire"),
            ("test", "Tester"),
            ("no-partner", "Aucune application partenaire."),
            (
                "pc-topology",
                "2. Créer la topologie avec un pool de Conversation permanente",
            ),
            ("not-done", "Non fait"),
            ("add-admin", "Ajouter un administrateur"),
            ("pc-user", "Utilisateur (URI SIP)"),
            ("done", "Terminé"),
            ("import-pfx", "Importer un PFX"),
            (
                "pc-no-server",
                "Aucun serveur de Conversation permanente dans la topologie pour l'instant : ajoutez un pool de Conversation permanente avec ses serveurs (tâche 2), puis exécutez l'étape 2 sur chacun d'eux.",
            ),
        ],
    }
}

fn in_words(script: &str, lang: Lang) -> String {
    let mut script = format!("{HEADER}{script}");
    for (key, word) in cert_words(lang) {
        script = script.replace(&format!("[[{key}]]"), word);
    }
    assert!(!script.contains("[["), "a word is missing: {script}");
    script
}

fn boot(lab: &Lab, lang: Lang) -> Boot {
    Boot {
        data: lab.data(),
        lang: Some(lang),
        status: None,
    }
}

/// From the main page with `usages` checked, through every Request page with their defaults,
/// to the Summary.
fn request_to_summary(usages: &[&str]) -> String {
    let mut script = String::from("click \"[[certs]]\"\nexpect \"[[missing]]\"\n");
    for usage in usages {
        script += &format!("click \"{usage}\"\n");
    }
    // Mode, CA (the lab CA is preselected), account, template, name, organization,
    // geography, subject names, SIP domains (not for OAuthTokenIssuer, which names the SIP
    // domain itself), additional names.
    script += "click \"[[request]]\"\n";
    let pages = if usages == ["OAuthTokenIssuer"] {
        9
    } else {
        10
    };
    script += &"click \"[[next]]\"\n".repeat(pages);
    script += "expect \"[[summary-title]]\"\n";
    script
}

/// Summary → run → status → Certificate Assignment → Store → Assignment Summary → run → main.
const RUN_AND_ASSIGN: &str = "click \"[[next]]\"
expect \"[[completed]]\"
click \"[[next]]\"
expect \"[[issued]]\"
click \"[[next]]\"
click \"[[next]]\"
expect \"[[store-title]]\"
click \"[[next]]\"
click \"[[next]]\"
expect \"[[completed]]\"
click \"[[finish]]\"
expect \"[[assigned]]\"
";

fn usage_states(data: &DataDir) -> Vec<(String, String)> {
    deploy_wizard::cert::query::usage_statuses(data)
        .unwrap()
        .into_iter()
        .map(|u| (u.usage.to_string(), format!("{:?}", u.state)))
        .collect()
}

#[test]
fn an_immediate_lab_request_then_assignment_turns_every_row_green() {
    if !in_child("an_immediate_lab_request_then_assignment_turns_every_row_green") {
        return;
    }
    for lang in [Lang::En, Lang::Fr] {
        let lab = Lab::new(false);
        let front_end =
            request_to_summary(&["Default", "WebServicesInternal", "WebServicesExternal"]);
        let oauth =
            request_to_summary(&["OAuthTokenIssuer"]).replacen("expect \"[[missing]]\"\n", "", 1);
        let script = format!(
            "{front_end}{RUN_AND_ASSIGN}{}{RUN_AND_ASSIGN}",
            oauth.replacen("click \"[[certs]]\"\n", "", 1)
        );
        walk(boot(&lab, lang), &in_words(&script, lang))
            .unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        let states = usage_states(&lab.data());
        assert_eq!(states.len(), 4, "{states:?}");
        assert!(
            states.iter().all(|(_, s)| s == "Valid"),
            "{lang:?}: {states:?}"
        );
    }
}

/// An assignment runs three core runs (the assignment, step 1 for the global usage, step 2 for
/// the installed components), each numbering its commands from 0: every row of its Executing
/// Commands page takes its own command's outcome from the run log — green checks, none
/// "interrupted".
#[test]
fn the_assignment_page_shows_each_commands_own_outcome() {
    if !in_child("the_assignment_page_shows_each_commands_own_outcome") {
        return;
    }
    let lab = Lab::new(false);
    lab.ws.run(&["components", "setup"]).ok();
    // The OAuthTokenIssuer request has no SIP domain page, its Summary says what the
    // certificate is for, and the assignment pages that follow are titled as an assignment.
    let script = format!(
        "{}expect \"For: OAuthTokenIssuer\"\nclick \"[[next]]\"\nexpect \"[[completed]]\"\nclick \"[[next]]\"\nexpect \"[[issued]]\"\nclick \"[[next]]\"\nexpect \"Certificate Assignment\"\nclick \"[[next]]\"\nexpect \"[[store-title]]\"\nclick \"[[next]]\"\nclick \"[[next]]\"\nexpect \"[[completed]]\"\n",
        request_to_summary(&["OAuthTokenIssuer"])
    );
    let app = walk(boot(&lab, Lang::En), &in_words(&script, Lang::En)).unwrap();
    let runs = deploy_wizard::log::list_runs(&lab.data()).unwrap();
    let titles: Vec<&str> = runs.iter().map(|r| r.title.as_str()).collect();
    for title in [
        "Certificate Assignment",
        "Step 1: Install Local Configuration Store",
        "Step 2: Setup or Remove Components",
    ] {
        assert!(titles.contains(&title), "{titles:?}");
    }
    for run in &runs {
        for command in &run.commands {
            assert_eq!(
                command.outcome,
                Some(deploy_wizard::log::Outcome::Ok),
                "{}",
                command.cli
            );
            assert!(
                iced_test::simulator(app.view())
                    .find(command.cli.as_str())
                    .is_ok()
                    || run.title != "Certificate Assignment",
                "the page lists {}",
                command.cli
            );
        }
    }
    assert!(
        iced_test::simulator(app.view())
            .find("The command was interrupted.")
            .is_err(),
        "no row of an ended run is shown interrupted"
    );
}

#[test]
fn a_mixed_request_is_refused_on_the_main_page() {
    if !in_child("a_mixed_request_is_refused_on_the_main_page") {
        return;
    }
    let lab = Lab::new(false);
    walk(
        boot(&lab, Lang::En),
        &in_words(
            "click \"[[certs]]\"
click \"Default\"
click \"OAuthTokenIssuer\"
click \"[[request]]\"
expect \"Default and OAuthTokenIssuer need different subject names (se01.contoso.com and contoso.com); request them as separate certificates\"
",
            Lang::En,
        ),
    )
    .unwrap();
}

#[test]
fn the_summary_goes_back_to_name_and_security_and_shows_the_new_key() {
    if !in_child("the_summary_goes_back_to_name_and_security_and_shows_the_new_key") {
        return;
    }
    for (lang, key_line) in [
        (Lang::En, "Key: RSA 4096, signature SHA-256"),
        (Lang::Fr, "Clé : RSA 4096, signature SHA-256"),
    ] {
        let lab = Lab::new(false);
        // Back six times: additional names, SIP domains, subject, geography, organization,
        // then Name and Security; Next six times returns to the Summary.
        let script = format!(
            "{}{}expect \"[[name-title]]\"\nclick \"RSA 4096\"\n{}expect \"[[summary-title]]\"\nexpect \"{key_line}\"\n",
            request_to_summary(&["Default"]),
            "click \"[[back]]\"\n".repeat(6),
            "click \"[[next]]\"\n".repeat(6),
        );
        walk(boot(&lab, lang), &in_words(&script, lang))
            .unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        // The page's name on the Summary goes straight there, and Next comes straight back.
        let p256 = key_line.replace("RSA 4096", "ECDSA P-256");
        let script = format!(
            "{}click \"[[name-title]]\"\nclick \"ECDSA P-256\"\nclick \"[[next]]\"\nexpect \"[[summary-title]]\"\nexpect \"{p256}\"\n{RUN_AND_ASSIGN}",
            request_to_summary(&["Default"]),
        );
        walk(boot(&lab, lang), &in_words(&script, lang))
            .unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        let certs = deploy_wizard::cert::store::CertStore::open(&lab.data())
            .list()
            .unwrap();
        assert_eq!(certs.len(), 1);
        assert_eq!(certs[0].info.key_type, "ECDSA P-256");
    }
}

/// The window refuses what the CLI refuses (`tests/request_rules.rs`), from the same core rules:
/// on each page the rule's words are shown and Next does not leave the page. (The window offers
/// no key below 2048 bits, and a mixed request is refused on the main page, tested above.)
#[test]
fn every_request_refusal_is_the_core_rule_in_the_window() {
    use deploy_wizard::cert::request::{RequestProblem, UrlProblem};
    if !in_child("every_request_refusal_is_the_core_rule_in_the_window") {
        return;
    }
    for lang in [Lang::En, Lang::Fr] {
        deploy_wizard::i18n::set_language(lang);
        let rule = |p: RequestProblem| deploy_wizard::wording::request_problem(&p);
        let long = "x".repeat(65);
        let start =
            "click \"[[certs]]\"\nclick \"Default\"\nclick \"[[request]]\"\nclick \"[[next]]\"\n";
        // Next to a page: CA → account → template → name → organization → geography.
        let to = |pages: usize| format!("{start}{}", "click \"[[next]]\"\n".repeat(pages));
        let url = "http://ca.example.com/directory";
        let cases = [
            (
                format!("{start}click \"[[other-ca]]\"\ntype \"{url}\"\n"),
                rule(RequestProblem::AcmeUrl(UrlProblem::NotHttps(url.into()))),
            ),
            (
                format!("{}{}type \"{long}\"\n", to(2), "type backspace\n".repeat(9)),
                rule(RequestProblem::Template),
            ),
            (
                format!("{}type \"{long}\"\n", to(3)),
                rule(RequestProblem::FriendlyName),
            ),
            (
                format!("{}type \"FRA\"\n", to(5)),
                rule(RequestProblem::Country("FRA".into())),
            ),
        ];
        let lab = Lab::new(false);
        for (steps, words) in cases {
            let script =
                format!("{steps}expect \"{words}\"\nclick \"[[next]]\"\nexpect \"{words}\"\n");
            walk(boot(&lab, lang), &in_words(&script, lang))
                .unwrap_or_else(|e| panic!("{lang:?} {words}: {e}"));
        }
        assert!(
            deploy_wizard::cert::store::CertStore::open(&lab.data())
                .list()
                .unwrap()
                .is_empty()
        );
    }
}

/// In French, the window words the core's reasons in French: a failing step 4 and a failed
/// certificate check on the Certificate Store page; the English sentences are nowhere on the
/// page. (A wrong PFX password, a refused autodiscover URL and a partner's checks are walked in
/// French by the tests above; the CLI's French reasons are in `tests/french.rs`.)
#[test]
fn the_french_window_words_the_cores_reasons_in_french() {
    use deploy_wizard::cert::Usage;
    use deploy_wizard::i18n::translate_in;
    use deploy_wizard::log::Reason;
    if !in_child("the_french_window_words_the_cores_reasons_in_french") {
        return;
    }
    deploy_wizard::i18n::set_language(Lang::Fr);
    let worded = |why: &Reason| {
        let english = {
            deploy_wizard::i18n::set_language(Lang::En);
            let text = deploy_wizard::wording::reason(why);
            deploy_wizard::i18n::set_language(Lang::Fr);
            text
        };
        let french = deploy_wizard::wording::reason(why);
        assert_ne!(english, french);
        (french, english)
    };

    // A failing step 4: another program holds the internal web port.
    let lab = Lab::new(true);
    lab.ws.run(&["components", "setup"]).ok();
    let _holder = TcpListener::bind(("0.0.0.0", lab.internal)).expect("bind the port");
    let holder = deploy_wizard::process::listener_on(lab.internal).expect("our listener");
    let (french, english) = worded(
        &Reason::new("why-port-busy")
            .with("service", "web-services")
            .with("port", lab.internal)
            .with("holder", &holder),
    );
    let app = walk(
        boot(&lab, Lang::Fr),
        &format!(
            "{HEADER}click \"Installer ou mettre à jour le système\"\nclick \"Étape 4 : Démarrer les services\"\nexpect \"État de la tâche : Échec\"\nexpect \"{french}\"\n"
        ),
    )
    .unwrap();
    assert!(
        iced_test::simulator(app.view())
            .find(english.as_str())
            .is_err()
    );
    assert!(translate_in(Lang::En, "why-port-busy", &[]).contains("already in use"));

    // A failed certificate check: a self-signed certificate on the Certificate Store page.
    common::self_signed(
        lab.ws.dir.path(),
        "k.pem",
        "c.pem",
        "/CN=se01.contoso.com",
        &["extendedKeyUsage=serverAuth", "basicConstraints=CA:FALSE"],
    );
    let bundle = fs::read_to_string(lab.ws.path("k.pem")).unwrap()
        + &fs::read_to_string(lab.ws.path("c.pem")).unwrap();
    let file = lab.ws.write("kc.pem", &bundle);
    lab.ws.run(&["cert", "import", file.to_str().unwrap()]).ok();
    let candidates =
        deploy_wizard::cert::query::candidates(&lab.data(), &[Usage::Default]).unwrap();
    let failure = candidates
        .iter()
        .find_map(|c| c.checks[0].1.first())
        .expect("the self-signed certificate fails a check")
        .clone();
    let (french, english) = worded(&failure.why);
    let app = walk(
        boot(&lab, Lang::Fr),
        &format!(
            "{HEADER}click \"Assistant Certificat\"\nclick \"Default\"\nclick \"Affecter\"\nclick \"Suivant\"\nexpect \"Magasin de certificats\"\nexpect \"Default : {french}\"\n"
        ),
    )
    .unwrap();
    assert!(
        iced_test::simulator(app.view())
            .find(format!("Default: {english}").as_str())
            .is_err()
    );
}

/// The French log viewer words what each command did in French: step 1's lines (logged as data
/// by the core) are shown from the French catalogue, not as the English the run file keeps.
#[test]
fn the_french_log_viewer_words_each_line_in_french() {
    if !in_child("the_french_log_viewer_words_each_line_in_french") {
        return;
    }
    let lab = Lab::new(false);
    let run = &deploy_wizard::log::list_runs(&lab.data()).unwrap()[0];
    let line = run
        .commands
        .iter()
        .flat_map(|c| &c.lines)
        .find(|l| {
            l.said
                .as_ref()
                .is_some_and(|s| s.id == "said-replica-installed")
        })
        .expect("step 1 says which revision it installed");
    let french = line.words(Lang::Fr);
    assert!(
        french.starts_with("Magasin de configurations local installé"),
        "{french}"
    );
    let app = walk(
        boot(&lab, Lang::Fr),
        &format!("{HEADER}click \"Journaux\"\nexpect \"{french}\"\n"),
    )
    .unwrap();
    assert!(
        iced_test::simulator(app.view())
            .find(line.text.as_str())
            .is_err(),
        "the English {:?} is shown",
        line.text
    );
}

/// An OpenSSL CA in `dir` (`ca.pem`, `ca.key`) signs `csr` into `dir/response.p7b` (with the
/// CA certificate) and returns its path.
fn openssl_signs(dir: &Path, csr: &Path) -> PathBuf {
    common::self_signed(
        dir,
        "ca.key",
        "ca.pem",
        "/CN=Contoso Offline CA",
        &[
            "basicConstraints=critical,CA:TRUE",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
    fs::write(dir.join("ext.cnf"), "extendedKeyUsage=serverAuth\n").unwrap();
    common::openssl(
        &[
            "x509",
            "-req",
            "-in",
            csr.to_str().unwrap(),
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "issued.pem",
            "-days",
            "365",
            "-copy_extensions",
            "copy",
            "-extfile",
            "ext.cnf",
        ],
        dir,
    );
    common::openssl(
        &[
            "crl2pkcs7",
            "-nocrl",
            "-certfile",
            "issued.pem",
            "-certfile",
            "ca.pem",
            "-outform",
            "DER",
            "-out",
            "response.p7b",
        ],
        dir,
    );
    dir.join("response.p7b")
}

#[test]
fn a_delayed_request_is_completed_with_an_openssl_response_then_assigned() {
    if !in_child("a_delayed_request_is_completed_with_an_openssl_response_then_assigned") {
        return;
    }
    for lang in [Lang::En, Lang::Fr] {
        let lab = Lab::new(false);
        // Mode (delayed), request file (proposed in the home directory), template, name,
        // organization, geography, subject, SIP domains, additional names, Summary.
        let script = format!(
            "click \"[[certs]]\"
click \"Default\"
click \"WebServicesInternal\"
click \"WebServicesExternal\"
click \"[[request]]\"
click \"[[delayed]]\"
{}expect \"[[summary-title]]\"
click \"[[next]]\"
expect \"[[completed]]\"
click \"[[next]]\"
expect \"[[written]]\"
click \"[[finish]]\"
expect \"[[pending]]\"
",
            "click \"[[next]]\"\n".repeat(9)
        );
        walk(boot(&lab, lang), &in_words(&script, lang))
            .unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        let pending = deploy_wizard::cert::offline::list(&lab.data()).unwrap();
        assert_eq!(pending.len(), 1);
        let csr = &pending[0].request_file;
        assert!(
            csr.starts_with(std::env::var("HOME").unwrap()),
            "{}",
            csr.display()
        );
        let text = fs::read_to_string(csr).unwrap();
        assert!(text.starts_with("-----BEGIN CERTIFICATE REQUEST-----"));
        let ca_dir = lab.ws.path("offline-ca");
        fs::create_dir_all(&ca_dir).unwrap();
        let response = openssl_signs(&ca_dir, csr);
        lab.ws
            .run(&[
                "cert",
                "import",
                ca_dir.join("ca.pem").to_str().unwrap(),
                "--trust",
            ])
            .ok();
        // Process Pending Request: the request is preselected and the response field focused.
        let script = format!(
            "click \"[[certs]]\"
click \"[[pending]]\"
type \"{}\"
click \"[[next]]\"
expect \"[[completed]]\"
click \"[[next]]\"
expect \"[[issued]]\"
click \"[[next]]\"
click \"[[next]]\"
expect \"[[store-title]]\"
click \"[[next]]\"
click \"[[next]]\"
expect \"[[completed]]\"
click \"[[finish]]\"
expect \"[[assigned]]\"
",
            response.display()
        );
        walk(boot(&lab, lang), &in_words(&script, lang))
            .unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        let states = usage_states(&lab.data());
        for (usage, state) in &states {
            if usage != "OAuthTokenIssuer" {
                assert_eq!(state, "Valid", "{lang:?}: {states:?}");
            }
        }
        assert!(
            deploy_wizard::cert::offline::list(&lab.data())
                .unwrap()
                .is_empty()
        );
    }
}

/// A PFX made by OpenSSL (a self-signed server certificate) protected by `password`.
fn openssl_pfx(dir: &Path, password: &str) -> PathBuf {
    fs::create_dir_all(dir).unwrap();
    common::self_signed(
        dir,
        "k.pem",
        "c.pem",
        "/CN=se01.contoso.com",
        &["subjectAltName=DNS:se01.contoso.com"],
    );
    common::openssl(
        &[
            "pkcs12",
            "-export",
            "-in",
            "c.pem",
            "-inkey",
            "k.pem",
            "-out",
            "c.pfx",
            "-passout",
            &format!("pass:{password}"),
        ],
        dir,
    );
    dir.join("c.pfx")
}

#[test]
fn a_pfx_with_a_wrong_password_imports_nothing_then_the_right_one_imports_it() {
    if !in_child("a_pfx_with_a_wrong_password_imports_nothing_then_the_right_one_imports_it") {
        return;
    }
    for lang in [Lang::En, Lang::Fr] {
        let lab = Lab::new(false);
        let pfx = openssl_pfx(&lab.ws.path("pfx"), "Right-Pa55");
        let attempt = format!(
            "click \"[[certs]]\"
click \"[[import]]\"
type \"{}\"
type enter
type \"Not-It-9\"
click \"[[next]]\"
expect \"[[failed]]\"
",
            pfx.display()
        );
        let app = walk(boot(&lab, lang), &in_words(&attempt, lang))
            .unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        // The failed command's reason, as the run log has it, is on the page.
        let runs = deploy_wizard::log::list_runs(&lab.data()).unwrap();
        let english = runs[0].commands[0]
            .reason
            .clone()
            .expect("the import failed with a reason");
        assert!(english.contains("the password is wrong"), "{english}");
        // The window words the log's typed reason in its language.
        deploy_wizard::i18n::set_language(lang);
        let reason = deploy_wizard::wording::reason(
            runs[0].commands[0].why.as_ref().expect("a typed reason"),
        );
        // The window speaks of its own fields, not of the CLI's flags.
        assert!(!reason.contains("--password-file"), "{reason}");
        assert!(
            iced_test::simulator(app.view())
                .find(reason.as_str())
                .is_ok(),
            "{lang:?}: the reason is shown"
        );
        let store = deploy_wizard::cert::store::CertStore::open(&lab.data());
        assert!(store.list().unwrap().is_empty(), "nothing was imported");
        // Back clears the wrong password and focuses it: the right one is typed.
        let script = format!(
            "{attempt}click \"[[back]]\"\ntype \"Right-Pa55\"\nclick \"[[next]]\"\nexpect \"[[completed]]\"\nclick \"[[finish]]\"\n"
        );
        walk(boot(&lab, lang), &in_words(&script, lang))
            .unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        let certs = store.list().unwrap();
        assert_eq!(certs.len(), 1, "{lang:?}");
        assert!(certs[0].has_key);
        // The password never reached a log.
        for entry in fs::read_dir(lab.ws.data().join("logs")).unwrap() {
            let text = fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
            assert!(!text.contains("Right-Pa55") && !text.contains("Not-It-9"));
        }
    }
}

#[test]
fn an_acme_request_against_pebble_through_the_wizard() {
    if !in_child("an_acme_request_against_pebble_through_the_wizard") {
        return;
    }
    let hmac = "zWNDZM6eQGHWpSRTPal5eIUYFTu7EajVIoguysqZ9wG44nMEtx3MUAsUDkMTQ12W";
    // English without an account; French against a CA that requires external account
    // binding, the key id and the masked HMAC key typed on Certification Authority Account.
    for (lang, eab) in [(Lang::En, None), (Lang::Fr, Some(("kid-1", hmac)))] {
        let lab = Lab::new(false);
        let pebble = common::pebble::Pebble::start(
            &lab.ws.path("pebble"),
            common::pebble::PebbleOptions {
                eab: eab.map(|(k, h)| (k.to_string(), h.to_string())),
                ..Default::default()
            },
        );
        let account = match eab {
            Some((kid, hmac)) => format!("type \"{kid}\"\ntype enter\ntype \"{hmac}\"\n"),
            None => String::new(),
        };
        let script = format!(
            "click \"[[certs]]\"
click \"WebServicesExternal\"
click \"[[request]]\"
click \"[[next]]\"
click \"[[other-ca]]\"
type \"{directory}\"
type enter
type \"{root}\"
type enter
{erase}type \"{listen}\"
click \"[[next]]\"
{account}{next}expect \"[[summary-title]]\"
expect \"{directory}\"
click \"[[next]]\"
expect \"[[completed]]\"
click \"[[next]]\"
expect \"[[issued]]\"
click \"[[assign-after]]\"
click \"[[finish]]\"
",
            directory = pebble.directory,
            root = pebble.tls_root.display(),
            listen = pebble.http01_listen,
            erase = "type backspace\n".repeat("0.0.0.0:80".len()),
            next = "click \"[[next]]\"\n".repeat(8),
        );
        walk(boot(&lab, lang), &in_words(&script, lang))
            .unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        let certs = deploy_wizard::cert::store::CertStore::open(&lab.data())
            .list()
            .unwrap();
        assert_eq!(certs.len(), 1, "{lang:?}");
        assert!(certs[0].meta.origin.starts_with("acme:https://127.0.0.1:"));
        assert!(certs[0].info.sans.contains(&"se01.contoso.com".to_string()));
        // The HMAC key never reached a log; the key id is on the command line.
        let runs = deploy_wizard::log::list_runs(&lab.data()).unwrap();
        let request = runs
            .iter()
            .find(|r| r.title == "Request Certificate")
            .unwrap();
        if let Some((kid, _)) = eab {
            assert!(
                request.commands[0]
                    .cli
                    .contains(&format!("--eab-kid {kid}"))
            );
        }
        for entry in fs::read_dir(lab.ws.data().join("logs")).unwrap() {
            let text = fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
            assert!(!text.contains(hmac));
        }
    }
}

/// Every Certificate Wizard page, in English and French, written to
/// `tests/snapshots/cert-PAGE-LANG.png`.
#[test]
fn certificate_wizard_snapshots() {
    if !in_child("certificate_wizard_snapshots") {
        return;
    }
    #[derive(Clone, Copy)]
    enum From {
        Lab,
        Certificates,
        Pending,
    }
    let next = |n: usize| "click \"[[next]]\"\n".repeat(n);
    let mode = "click \"[[certs]]\"\nclick \"Default\"\nclick \"WebServicesInternal\"\nclick \"WebServicesExternal\"\nclick \"[[request]]\"\n".to_string();
    let summary = format!("{mode}{}", next(10));
    let status = format!("{summary}{}expect \"[[issued]]\"\n", next(2));
    let pages: Vec<(&str, From, String)> = vec![
        ("main", From::Lab, "click \"[[certs]]\"\n".into()),
        ("main-assigned", From::Certificates, "click \"[[certs]]\"\n".into()),
        ("mode", From::Lab, mode.clone()),
        ("request-file", From::Lab, format!("{mode}click \"[[delayed]]\"\n{}", next(1))),
        ("ca", From::Lab, format!("{mode}{}", next(1))),
        ("ca-other", From::Lab, format!("{mode}{}click \"[[other-ca]]\"\n", next(1))),
        ("account", From::Lab, format!("{mode}{}", next(2))),
        (
            "account-acme",
            From::Lab,
            format!(
                "{mode}{}click \"[[other-ca]]\"\ntype \"https://acme.example.com/directory\"\n{}",
                next(1),
                next(1)
            ),
        ),
        ("template", From::Lab, format!("{mode}{}", next(3))),
        ("name", From::Lab, format!("{mode}{}", next(4))),
        ("organization", From::Lab, format!("{mode}{}", next(5))),
        ("geographical", From::Lab, format!("{mode}{}", next(6))),
        ("subject", From::Lab, format!("{mode}{}", next(7))),
        ("sip", From::Lab, format!("{mode}{}", next(8))),
        (
            "sans",
            From::Lab,
            format!("{mode}{}type \"www.contoso.com\"\ntype enter\ntype \"bad name\"\n", next(9)),
        ),
        ("summary", From::Lab, summary.clone()),
        ("executing", From::Lab, format!("{summary}{}expect \"[[completed]]\"\n", next(1))),
        ("status", From::Lab, status.clone()),
        ("details", From::Lab, format!("{status}click \"[[details]]\"\n")),
        ("assign-usages", From::Lab, format!("{status}{}", next(1))),
        ("store", From::Lab, format!("{status}{}", next(2))),
        ("assign-summary", From::Lab, format!("{status}{}", next(3))),
        (
            "assign-executing",
            From::Lab,
            format!("{status}{}expect \"[[completed]]\"\n", next(4)),
        ),
        (
            "written",
            From::Lab,
            format!("{mode}click \"[[delayed]]\"\n{}expect \"[[written]]\"\n", next(11)),
        ),
        ("import", From::Lab, "click \"[[certs]]\"\nclick \"[[import]]\"\n".into()),
        (
            "export",
            From::Certificates,
            "click \"[[certs]]\"\nclick \"[[export]]\"\n".into(),
        ),
        (
            "pending",
            From::Pending,
            "click \"[[certs]]\"\nclick \"[[pending]]\"\n".into(),
        ),
        (
            "remove",
            From::Certificates,
            "click \"[[certs]]\"\nclick \"Default\"\nclick \"[[remove]]\"\n".into(),
        ),
        (
            "store-with-reasons",
            From::Certificates,
            "click \"[[certs]]\"\nclick \"OAuthTokenIssuer\"\nclick \"[[assign]]\"\nclick \"[[next]]\"\n".into(),
        ),
    ];
    let mut written = 0;
    for (lang, code) in [(Lang::En, "en"), (Lang::Fr, "fr")] {
        for (page, from, steps) in &pages {
            let lab = match from {
                From::Lab => Lab::new(false),
                From::Certificates => Lab::new(true),
                From::Pending => {
                    let lab = Lab::new(false);
                    let file = lab.ws.path("se01.req");
                    lab.ws
                        .run(&[
                            "cert",
                            "request",
                            "--type",
                            "Default",
                            "--offline",
                            file.to_str().unwrap(),
                        ])
                        .ok();
                    lab
                }
            };
            let script = in_words(&format!("{steps}snapshot cert-{page}-{code}\n"), lang);
            let app = walk(boot(&lab, lang), &script)
                .unwrap_or_else(|e| panic!("cert-{page}-{code}: {e}"));
            if lang == Lang::Fr {
                let english = english_sentences_shown(&app);
                assert!(
                    english.is_empty(),
                    "cert-{page}-{code} shows English: {english:?}"
                );
            }
            written += 1;
        }
    }
    assert_eq!(written, 2 * pages.len());
}

#[test]
fn the_server_to_server_screen_sets_the_url_assigns_rolls_and_manages_partners() {
    if !in_child("the_server_to_server_screen_sets_the_url_assigns_rolls_and_manages_partners") {
        return;
    }
    for lang in [Lang::En, Lang::Fr] {
        let mut lab = Lab::empty();
        let (internal, _) = lab.ws.standard_edition_on_free_ports();
        lab.internal = internal;
        lab.ws
            .run(&[
                "cert",
                "request",
                "--type",
                "Default,WebServicesInternal,WebServicesExternal",
                "--exportable",
                // Naming the SIP domain itself lets the Default certificate serve as
                // OAuthTokenIssuer too ("Use Default").
                "--san",
                "contoso.com",
                "--assign",
            ])
            .ok();
        lab.ws.run(&["components", "setup"]).ok();
        // The autodiscover URL is checked as typed (an .xml URL is refused with the reason,
        // Enter does nothing), then saved; the Default certificate becomes OAuthTokenIssuer.
        let script = format!(
            "click \"[[s2s]]\"
expect \"[[missing]]\"
type \"https://mail.contoso.com/autodiscover/autodiscover.xml\"
expect \"[[url-xml]]\"
type enter
{}type \"svc\"
type enter
expect \"[[completed]]\"
click \"[[finish]]\"
expect \"[[url-set]]\"
click \"[[use-default]]\"
expect \"[[completed]]\"
click \"[[finish]]\"
expect \"[[assigned]]\"
",
            "type backspace\n".repeat(3)
        );
        walk(boot(&lab, lang), &in_words(&script, lang))
            .unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        let runs = deploy_wizard::log::list_runs(&lab.data()).unwrap();
        assert_eq!(
            runs.iter()
                .filter(|r| r.title == "Set OAuth Configuration")
                .count(),
            1,
            "the refused URL ran nothing"
        );
        let default = usage_statuses_of(&lab.data(), "Default")
            .thumbprint
            .unwrap();
        assert_eq!(
            usage_statuses_of(&lab.data(), "OAuthTokenIssuer").thumbprint,
            Some(default.clone())
        );

        // Roll to a second certificate at a date already past: it is current at once and the
        // Default one becomes previous.
        lab.ws
            .run(&[
                "cert",
                "request",
                "--type",
                "OAuthTokenIssuer",
                "--exportable",
            ])
            .ok();
        let script = "click \"[[s2s]]\"
click \"[[roll]]\"
type \"2020-01-01\"
type enter
expect \"[[completed]]\"
click \"[[finish]]\"
";
        walk(boot(&lab, lang), &in_words(script, lang)).unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        let issuer = usage_statuses_of(&lab.data(), "OAuthTokenIssuer");
        assert_ne!(issuer.thumbprint, Some(default.clone()), "{lang:?}");
        assert_eq!(issuer.previous, Some(default), "{lang:?}");

        // This deployment as its own partner: add it by its metadata URL, test it, remove it.
        lab.ws.run(&["services", "start"]).ok();
        let script = format!(
            "click \"[[s2s]]\"
expect \"[[no-partner]]\"
click \"[[add-partner]]\"
type \"Self\"
type enter
type \"https://se01.contoso.com:{internal}/metadata/json/1\"
type enter
expect \"[[completed]]\"
click \"[[finish]]\"
expect \"Self\"
click \"[[test]]\"
expect \"[[completed]]\"
click \"[[finish]]\"
click \"[[remove]]\"
expect \"[[completed]]\"
click \"[[finish]]\"
expect \"[[no-partner]]\"
"
        );
        walk(boot(&lab, lang), &in_words(&script, lang))
            .unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        let runs = deploy_wizard::log::list_runs(&lab.data()).unwrap();
        let test = runs
            .iter()
            .find(|r| r.title == "Test Partner Application")
            .expect("the test ran");
        assert_eq!(test.outcome, Some(deploy_wizard::log::Outcome::Ok));
        assert!(test.commands[0].lines.len() >= 4, "every check is logged");
    }
}

fn usage_statuses_of(data: &DataDir, usage: &str) -> deploy_wizard::cert::query::UsageStatus {
    deploy_wizard::cert::query::usage_statuses(data)
        .unwrap()
        .into_iter()
        .find(|u| u.usage.as_str() == usage)
        .unwrap()
}

#[test]
fn the_persistent_chat_checklist_shows_each_tasks_live_status() {
    if !in_child("the_persistent_chat_checklist_shows_each_tasks_live_status") {
        return;
    }
    for lang in [Lang::En, Lang::Fr] {
        // The Standard Edition sample has no Persistent Chat pool: the topology task is not
        // done, nor is any other; the administrator task offers what does it.
        let lab = Lab::new(false);
        let script = "click \"[[pc]]\"
expect \"[[pc-topology]]\"
expect \"[[not-done]]\"
expect \"[[pc-no-server]]\"
";
        let app = walk(boot(&lab, lang), &in_words(script, lang))
            .unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        assert!(
            iced_test::simulator(app.view())
                .find(
                    cert_words(lang)
                        .iter()
                        .find(|(k, _)| *k == "done")
                        .unwrap()
                        .1
                )
                .is_err(),
            "{lang:?}: nothing is shown as done"
        );
        let script = format!("{script}click \"[[add-admin]]\"\nexpect \"[[pc-user]]\"\n");
        walk(boot(&lab, lang), &in_words(&script, lang))
            .unwrap_or_else(|e| panic!("{lang:?}: {e}"));
    }
}

/// The server-to-server screen (overview, its three forms, an action) and the Persistent Chat
/// checklist, in English and French, to `tests/snapshots/`.
#[test]
fn integration_snapshots() {
    if !in_child("integration_snapshots") {
        return;
    }
    let pages: [(&str, &str); 7] = [
        ("home", ""),
        (
            "s2s",
            "click \"[[s2s]]\"\ntype \"http://mail.contoso.com/autodiscover/autodiscover.svc\"\n",
        ),
        (
            "s2s-import",
            "click \"[[s2s]]\"\nclick \"[[import-pfx]]\"\n",
        ),
        ("s2s-roll", "click \"[[s2s]]\"\nclick \"[[roll]]\"\n"),
        (
            "s2s-add-partner",
            "click \"[[s2s]]\"\nclick \"[[add-partner]]\"\ntype \"Exchange\"\ntype enter\ntype \"https://mail.contoso.com/autodiscover/metadata/json/1\"\n",
        ),
        (
            "s2s-executing",
            "click \"[[s2s]]\"\ntype \"https://mail.contoso.com/autodiscover/autodiscover.svc\"\ntype enter\nexpect \"[[completed]]\"\n",
        ),
        ("checklist", "click \"[[pc]]\"\n"),
    ];
    for (lang, code) in [(Lang::En, "en"), (Lang::Fr, "fr")] {
        for (page, steps) in pages {
            let lab = Lab::new(true);
            let script = in_words(&format!("{steps}snapshot {page}-{code}\n"), lang);
            let app =
                walk(boot(&lab, lang), &script).unwrap_or_else(|e| panic!("{page}-{code}: {e}"));
            if lang == Lang::Fr {
                let english = english_sentences_shown(&app);
                assert!(
                    english.is_empty(),
                    "{page}-{code} shows English: {english:?}"
                );
            }
        }
    }
}

#[test]
fn export_then_remove_through_the_wizard() {
    if !in_child("export_then_remove_through_the_wizard") {
        return;
    }
    for lang in [Lang::En, Lang::Fr] {
        let lab = Lab::new(false);
        lab.ws
            .run(&[
                "cert",
                "request",
                "--type",
                "Default,WebServicesInternal,WebServicesExternal",
                "--exportable",
                "--assign",
            ])
            .ok();
        let out = lab.ws.path("exported.pfx");
        // Export: the selected row's certificate is chosen; file, password twice.
        let script = format!(
            "click \"[[certs]]\"
click \"Default\"
click \"[[export]]\"
type \"{}\"
type enter
type \"Export-Pa55\"
type enter
type \"Export-Pa55\"
type enter
expect \"[[completed]]\"
click \"[[finish]]\"
click \"Default\"
click \"[[remove]]\"
click \"[[next]]\"
expect \"[[completed]]\"
click \"[[finish]]\"
expect \"[[missing]]\"
",
            out.display()
        );
        walk(boot(&lab, lang), &in_words(&script, lang))
            .unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        // OpenSSL reads the PFX with that password: the certificate and its key.
        let info = common::openssl(
            &[
                "pkcs12",
                "-in",
                out.to_str().unwrap(),
                "-passin",
                "pass:Export-Pa55",
                "-nodes",
                "-info",
            ],
            lab.ws.dir.path(),
        );
        assert!(info.contains("BEGIN CERTIFICATE") && info.contains("PRIVATE KEY"));
        let states = usage_states(&lab.data());
        assert_eq!(states[0], ("Default".to_string(), "Missing".to_string()));
        assert_eq!(
            states[1].1, "Valid",
            "the other usages keep their certificate"
        );
        for entry in fs::read_dir(lab.ws.data().join("logs")).unwrap() {
            let text = fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
            assert!(!text.contains("Export-Pa55"), "the password is in no log");
        }
        fs::remove_file(&out).unwrap();
    }
}

/// Pool Status on a Front End of a pool of three, two of whose servers run (fe01 on 127.0.0.1,
/// fe02 on 127.0.0.2; fe03, 127.0.0.3, was never deployed): each server with its checks, the
/// pool started by two of three; Start Pool runs `pool start` on the Executing Commands page,
/// its row checked as its run log says.
#[test]
fn pool_status_shows_each_server_and_start_pool_checks_the_majority() {
    const TEST: &str = "pool_status_shows_each_server_and_start_pool_checks_the_majority";
    let hosts = tempfile::NamedTempFile::new().unwrap();
    fs::write(
        hosts.path(),
        "127.0.0.1 fe01.contoso.com pool01.contoso.com webpool01.contoso.com\n\
         127.0.0.2 fe02.contoso.com\n127.0.0.3 fe03.contoso.com\n",
    )
    .unwrap();
    if !in_child_with(
        TEST,
        &[
            ("DEPLOY_WIZARD_FQDN", "fe01.contoso.com"),
            ("DEPLOY_WIZARD_HOSTS", hosts.path().to_str().unwrap()),
        ],
    ) {
        return;
    }
    let mut ws = Workspace::new();
    ws.fqdn = "fe01.contoso.com".into();
    let (cms, _) = ws.enterprise_pool_on_free_ports(3);
    let cms_s = cms.to_str().unwrap();
    let fe02 = ws.path("fe02");
    let as_fe02 = [
        ("DEPLOY_WIZARD_FQDN", "fe02.contoso.com"),
        ("DEPLOY_WIZARD_LISTEN_ADDRESS", "127.0.0.2"),
    ];
    let _stop01 = common::StopServices(&ws);
    let _stop02 = common::StopServicesIn(&ws, fe02.clone());
    for (data, env) in [(ws.data(), &[][..]), (fe02.clone(), &as_fe02[..])] {
        for args in [
            &["store", "install", "--from-cms", cms_s][..],
            &["components", "setup"],
            &[
                "cert",
                "request",
                "--type",
                "Default,WebServicesInternal,WebServicesExternal",
                "--assign",
            ],
            &["services", "start"],
        ] {
            ws.run_env(&data, args, env).ok();
        }
    }

    let data = DataDir::new(ws.data());
    let (mut app, _) = App::boot(Boot {
        data: data.clone(),
        lang: Some(Lang::En),
        status: None,
    });
    click(&mut app, "Install or Update System");
    click(&mut app, "Pool Status");
    for line in [
        "fe01.contoso.com",
        "fe02.contoso.com",
        "fe03.contoso.com",
        "127.0.0.3 · does not answer",
        "127.0.0.2 · answers",
        "Pool pool01.contoso.com is started: 2 of 3 servers answer (not answering: fe03.contoso.com)",
    ] {
        assert!(shows(&app, line), "Pool Status shows {line:?}");
    }
    click(&mut app, "Start Pool");
    let rows = app.shown_commands();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].0.ends_with("pool start --wait 60"), "{rows:?}");
    assert_eq!(rows[0].1, Some(deploy_wizard::log::Outcome::Ok));
    let runs = deploy_wizard::log::list_runs(&data).unwrap();
    let logged = runs
        .iter()
        .find(|r| r.id.contains("pool-start"))
        .expect("Start Pool wrote a run log");
    assert_eq!(
        logged.commands.last().and_then(|c| c.outcome),
        Some(deploy_wizard::log::Outcome::Ok)
    );
    rows_tell_the_truth(&app, &data);
    assert!(shows(&app, "Task status: Completed"));
}

/// Settings → Certificate renewal: the schedule's state as the core reads it, Enable Schedule
/// writes the cron entry (this machine has no systemd; the test's own cron directory), Disable
/// Schedule removes it.
#[test]
fn the_renewal_schedule_is_enabled_and_disabled_from_settings() {
    const TEST: &str = "the_renewal_schedule_is_enabled_and_disabled_from_settings";
    let cron = tempfile::tempdir().unwrap();
    if !in_child_with(
        TEST,
        &[
            ("DEPLOY_WIZARD_SCHEDULER", "cron"),
            ("DEPLOY_WIZARD_CRON_DIR", cron.path().to_str().unwrap()),
        ],
    ) {
        assert!(
            !cron.path().join("deploy-wizard-renew").exists(),
            "disabled at the end"
        );
        return;
    }
    let lab = Lab::new(true);
    let entry =
        Path::new(&std::env::var("DEPLOY_WIZARD_CRON_DIR").unwrap()).join("deploy-wizard-renew");
    let app = walk(
        boot(&lab, Lang::En),
        &format!(
            "{HEADER}click \"Settings\"
expect \"The renewal schedule is not installed: certificates are renewed only by hand.\"
click \"Enable Schedule\"
expect \"Renewal runs twice a day from 03:17 UTC.\"
"
        ),
    )
    .unwrap();
    let text = fs::read_to_string(&entry).unwrap();
    assert!(
        text.contains("17 3,15 * * *") && text.contains("cert renew --all --scheduled"),
        "{text}"
    );
    drop(app);
    walk(
        boot(&lab, Lang::Fr),
        &format!(
            "{HEADER}click \"Paramètres\"
click \"Désactiver la planification\"
expect \"La planification du renouvellement est supprimée.\"
"
        ),
    )
    .unwrap();
    assert!(!entry.exists());
}

/// A session bus and a notification service of the test's own, stopped (by their handles) when
/// dropped.
struct NotificationService {
    children: Vec<std::process::Child>,
    address: String,
    log: PathBuf,
    _dir: tempfile::TempDir,
}

impl NotificationService {
    fn start() -> NotificationService {
        let dir = tempfile::tempdir().unwrap();
        let address = format!("unix:path={}", dir.path().join("bus").display());
        let bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--nopidfile"])
            .arg(format!("--address={address}"))
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("dbus-daemon runs (tests/install-parts installs it)");
        let mut service = NotificationService {
            children: vec![bus],
            address,
            log: dir.path().join("notifications"),
            _dir: dir,
        };
        for _ in 0..100 {
            if service._dir.path().join("bus").exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        let server = Command::new("/usr/bin/python3")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/common/notification_server.py"))
            .arg(&service.log)
            .env("DBUS_SESSION_BUS_ADDRESS", &service.address)
            .stdin(std::process::Stdio::null())
            .spawn()
            .expect("the notification service starts (python3-dbus, python3-gi)");
        service.children.push(server);
        let ready = service.log.with_extension("ready");
        for _ in 0..200 {
            if ready.exists() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        assert!(ready.exists(), "the notification service owns its name");
        service
    }
}

impl Drop for NotificationService {
    fn drop(&mut self) {
        for child in self.children.iter_mut().rev() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// While the window is open, a renewal that failed (here by the CLI, as the schedule would) is
/// announced once by a desktop notification naming the usage, with the reason.
#[test]
fn a_failed_renewal_is_announced_by_a_desktop_notification() {
    const TEST: &str = "a_failed_renewal_is_announced_by_a_desktop_notification";
    let service = if std::env::var_os(CHILD).is_none() {
        Some(NotificationService::start())
    } else {
        None
    };
    let address = service
        .as_ref()
        .map(|s| s.address.clone())
        .unwrap_or_default();
    if !in_child_with(TEST, &[("DBUS_SESSION_BUS_ADDRESS", &address)]) {
        let service = service.expect("started in the parent");
        let log = fs::read_to_string(&service.log).unwrap_or_default();
        let lines: Vec<&str> = log.lines().collect();
        assert_eq!(lines.len(), 1, "announced once: {log}");
        assert!(
            lines[0].starts_with("deploy-wizard\tdeploy-wizard: the renewal of WebServicesInternal failed\trenewed, but not deployed"),
            "{log}"
        );
        return;
    }
    let made: Made = Rc::default();
    let boot = failing_renewal_booter(made.clone(), Lang::En)();
    let data = boot.data.clone();
    let labs = made.borrow();
    let ws = &labs.last().unwrap().ws;
    let failed = ws.run(&["cert", "renew", "--type", "WebServicesInternal", "--force"]);
    assert_eq!(failed.code, 1, "{}", failed.stderr);
    let (mut app, _) = App::boot(boot);
    settle(&mut app, gui::Message::CheckRenewals);
    // The same failure is not announced twice.
    settle(&mut app, gui::Message::CheckRenewals);
    drop(data);
}
