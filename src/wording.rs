//! The edge's words for the core's typed outcomes, shared by the CLI and the window: the core
//! returns data (enums with fields) and never calls the translation macro; what a person reads
//! is chosen here from `i18n/en` or `i18n/fr`.

use crate::cert::CertError;
use crate::cert::request::{RequestProblem, UrlProblem};
use crate::deploy::{StepId, StepStatus};
use crate::fl;
use crate::log::{Explain, Reason};
use crate::topology::{NameFault, NameProblem};

/// A step's title in the current language.
pub fn step_title(step: StepId) -> String {
    match step {
        StepId::LocalStore => fl!("step-local-store"),
        StepId::Components => fl!("step-components"),
        StepId::Certificates => fl!("step-certificates"),
        StepId::Services => fl!("step-services"),
    }
}

/// A step status in the current language.
pub fn step_status(status: StepStatus) -> String {
    match status {
        StepStatus::Complete => fl!("status-complete"),
        StepStatus::NotRun => fl!("status-not-run"),
        StepStatus::Failed => fl!("status-failed"),
        StepStatus::Partial => fl!("status-partial"),
        StepStatus::NeedsRerun => fl!("status-needs-rerun"),
    }
}

/// Why an ACME directory URL is refused, in the current language.
pub fn url_problem(problem: &UrlProblem) -> String {
    reason(&problem.reason())
}

/// Why a DNS name is refused, in the current language.
pub fn name_problem(problem: &NameProblem) -> String {
    let name = problem.input.clone();
    match &problem.kind {
        NameFault::Empty => fl!("name-empty"),
        NameFault::WhiteSpace => fl!("name-white-space", name = name),
        NameFault::WildcardNotAllowed => fl!("name-wildcard-not-allowed", name = name),
        NameFault::MisplacedWildcard => fl!("name-misplaced-wildcard", name = name),
        NameFault::InvalidIdn => fl!("name-invalid-idn", name = name),
        NameFault::NotQualified { example } => {
            fl!("name-not-qualified", name = name, example = example.clone())
        }
        NameFault::EmptyLabel => fl!("name-empty-label", name = name),
        NameFault::LongLabel => fl!("name-long-label", name = name),
        NameFault::BadCharacter(bad) => {
            fl!(
                "name-bad-character",
                name = name,
                character = bad.to_string()
            )
        }
        NameFault::HyphenAtEdge => fl!("name-hyphen-at-edge", name = name),
        NameFault::LooksLikeIp => fl!("name-looks-like-ip", name = name),
        NameFault::TooLong => fl!("name-too-long", name = name),
    }
}

/// Why a certificate request is refused, in the current language.
pub fn request_problem(problem: &RequestProblem) -> String {
    reason(&problem.reason())
}

/// A certificate error, in the current language where the core typed it.
pub fn cert_error(error: &CertError) -> String {
    explained(error)
}

/// Any error of the core: its typed reason in the current language, else its English text.
pub fn explained(error: &impl Explain) -> String {
    error
        .reason()
        .map(|why| reason(&why))
        .unwrap_or_else(|| error.to_string())
}

/// What a command-line user adds to a reason the window words with its own fields: the flag
/// or variable that carries a secret.
pub fn cli_hint(why: &Reason) -> Option<String> {
    match why.id.as_str() {
        "why-pfx-wrong-password" | "why-pfx-password-needed" => Some(fl!("cli-hint-pfx-password")),
        "why-export-password-needed" | "why-export-password-wrong" => {
            Some(fl!("cli-hint-export-password"))
        }
        _ => why.parts.iter().find_map(cli_hint),
    }
}

/// A reason the core gave as data, in the current language.
pub fn reason(why: &Reason) -> String {
    why.words(crate::i18n::language())
}

/// A run's title in the current language, from the kind in its id
/// (`20261130T011016.647370Z-cert-request-6638dcb5`); `english` (the title the run file keeps)
/// when the kind has no words.
pub fn run_title(id: &str, english: &str) -> String {
    let kind = id
        .split_once("Z-")
        .and_then(|(_, rest)| rest.rsplit_once('-'))
        .map(|(kind, _)| kind);
    match kind {
        Some(kind) => {
            let key = format!("run-{kind}");
            let text = crate::i18n::translate(&key, &[]);
            if text == key {
                english.to_string()
            } else {
                text
            }
        }
        None => english.to_string(),
    }
}

/// `HH:MM:SS` (UTC) of a run, from its id.
pub fn run_time(id: &str) -> String {
    let time = id.split_once('T').map(|(_, t)| t).unwrap_or("");
    match (time.get(0..2), time.get(2..4), time.get(4..6)) {
        (Some(h), Some(m), Some(s)) => format!("{h}:{m}:{s}"),
        _ => String::new(),
    }
}

/// A Persistent Chat checklist task's title, by its id.
pub fn checklist_title(id: &str) -> String {
    match id {
        "prerequisites" => fl!("pc-task-prerequisites"),
        "topology" => fl!("pc-task-topology"),
        "deploy" => fl!("pc-task-deploy"),
        "administrator" => fl!("pc-task-administrator"),
        _ => fl!("pc-task-configure"),
    }
}

/// The roles and group memberships a checklist task needs.
pub fn checklist_roles(id: &str) -> String {
    match id {
        "prerequisites" | "deploy" => fl!("pc-roles-local-admin"),
        "topology" => fl!("pc-roles-topology"),
        "administrator" => fl!("pc-roles-domain-admin"),
        _ => fl!("pc-roles-configure"),
    }
}

/// A checklist task's state.
pub fn checklist_state(state: crate::deploy::persistent_chat::TaskState) -> String {
    use crate::deploy::persistent_chat::TaskState;
    match state {
        TaskState::Done => fl!("pc-done"),
        TaskState::Partial => fl!("pc-partial"),
        TaskState::NotDone => fl!("pc-not-done"),
    }
}

/// What the window offers to do a checklist task.
pub fn checklist_action(action: crate::deploy::persistent_chat::Action) -> String {
    use crate::deploy::persistent_chat::Action;
    match action {
        Action::InstallPrograms => fl!("pc-action-install-programs"),
        Action::Deploy => fl!("pc-action-deploy"),
        Action::AddAdministrator => fl!("pc-action-add-administrator"),
        Action::EnableUsers => fl!("pc-action-enable-users"),
    }
}

fn names_or_none(list: &[String]) -> String {
    if list.is_empty() {
        fl!("plan-none")
    } else {
        list.join(", ")
    }
}

/// Why a checklist task has its state.
pub fn checklist_reason(reason: &crate::deploy::persistent_chat::Reason) -> String {
    use crate::deploy::persistent_chat::Reason as R;
    let names = names_or_none;
    match reason {
        R::CheckOn(servers) => fl!("pc-why-check-on", servers = names(servers)),
        R::ProgramsInstalled(server) => fl!("pc-why-programs-installed", server = server.clone()),
        R::ProgramsMissing(server, packages) => fl!(
            "pc-why-programs-missing",
            server = server.clone(),
            packages = packages.join(" ")
        ),
        R::NoPool => fl!("pc-why-no-pool"),
        R::Pools(pools) => {
            let pools: Vec<String> = pools
                .iter()
                .map(|p| match &p.store {
                    None => fl!(
                        "pc-pool-collocated",
                        pool = p.pool.clone(),
                        associated = p.associated.clone(),
                        database = p.database.clone()
                    ),
                    Some((server, port)) => fl!(
                        "pc-pool-remote",
                        pool = p.pool.clone(),
                        associated = p.associated.clone(),
                        server = server.clone(),
                        port = port.to_string(),
                        database = p.database.clone()
                    ),
                })
                .collect();
            fl!("pc-why-pools", pools = names(&pools))
        }
        R::NoServer => fl!("pc-why-no-server"),
        R::DeployedHere(server) => fl!("pc-why-deployed-here", server = server.clone()),
        R::DeployedHereOthersRemain(server, others) => fl!(
            "pc-why-deployed-others-remain",
            server = server.clone(),
            others = names(others)
        ),
        R::RunStepsHere(server, others) => fl!(
            "pc-why-run-steps-here",
            server = server.clone(),
            others = names(others)
        ),
        R::ServicesDown(server, services) => fl!(
            "pc-why-services-down",
            server = server.clone(),
            services = names(services)
        ),
        R::RunWizardOn(servers) => fl!("pc-why-run-wizard-on", servers = names(servers)),
        R::Administrators(admins) => fl!("pc-why-administrators", admins = names(admins)),
        R::NoAdministrator => fl!("pc-why-no-administrator"),
        R::EnabledAt(scopes) => fl!("pc-why-enabled-at", scopes = names(scopes)),
        R::NobodyEnabled => fl!("pc-why-nobody-enabled"),
    }
}
