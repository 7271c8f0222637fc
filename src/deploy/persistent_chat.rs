//! The Persistent Chat deployment checklist: the five tasks of the product documentation, the
//! roles and group memberships each needs, and each task's state read from the real thing:
//! the programs on this server, the published topology, steps 1–4 and the services' health
//! here, the administrators and the policy in the replica. A task that is not done says what
//! to do, and names the action the window offers for it. Also the commands that change
//! Persistent Chat's settings (policy, administrators, lab accounts).

use serde::Serialize;

use super::{StepError, StepId, StepStatus, system_status};
use crate::components::chat::ChatSettings;
use crate::data_dir::DataDir;
use crate::store::{LocalConfigurationStore, StoreError};
use crate::topology::PoolKind;

/// A task's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TaskState {
    /// Done.
    Done,
    /// Done on this server; other servers still need it.
    Partial,
    /// Not done yet.
    NotDone,
}

/// What the window offers to do a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Action {
    /// Install the missing programs (step 2's Install Missing Programs).
    InstallPrograms,
    /// Run the Deployment Wizard (steps 1–4) here.
    Deploy,
    /// Add a Persistent Chat administrator.
    AddAdministrator,
    /// Enable users by policy (and add lab accounts).
    EnableUsers,
}

/// One task of the checklist.
#[derive(Debug, Clone, Serialize)]
pub struct Task {
    /// Stable id (`prerequisites`, `topology`, `deploy`, `administrator`, `configure`).
    pub id: &'static str,
    /// English title.
    pub title: &'static str,
    /// Roles and group memberships the task needs.
    pub roles: &'static str,
    /// State.
    pub state: TaskState,
    /// Why, in English (the CLI's text).
    pub detail: String,
    /// Why, as data (the window words it in its language).
    #[serde(skip)]
    pub reason: Reason,
    /// What the window offers to do it, when it is not done.
    pub action: Option<Action>,
}

/// Why a task has its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// This server is no Persistent Chat server: check on these.
    CheckOn(Vec<String>),
    /// Every program Persistent Chat needs is installed on this server.
    ProgramsInstalled(String),
    /// These packages are missing on this server.
    ProgramsMissing(String, Vec<String>),
    /// The topology has no Persistent Chat pool.
    NoPool,
    /// The Persistent Chat pools, each with its Front End pool and store.
    Pools(Vec<PoolFacts>),
    /// No Persistent Chat server in the topology.
    NoServer,
    /// Steps 1 to 4 are complete on this server and its services are healthy.
    DeployedHere(String),
    /// Complete and healthy on this server; these others remain.
    DeployedHereOthersRemain(String, Vec<String>),
    /// Run steps 1 to 4 on this server (and on these others).
    RunStepsHere(String, Vec<String>),
    /// Steps 1 to 4 ran here, but these services are down or unhealthy: run step 4.
    ServicesDown(String, Vec<String>),
    /// Run the Deployment Wizard on these servers.
    RunWizardOn(Vec<String>),
    /// The Persistent Chat administrators.
    Administrators(Vec<String>),
    /// No Persistent Chat administrator yet.
    NoAdministrator,
    /// The scopes where policy enables Persistent Chat.
    EnabledAt(Vec<String>),
    /// Policy enables Persistent Chat nowhere (it is off by default).
    NobodyEnabled,
}

/// A Persistent Chat pool as the checklist describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PoolFacts {
    /// Pool FQDN.
    pub pool: String,
    /// The pool it is associated with.
    pub associated: String,
    /// The store's server (`None`: collocated) and port.
    pub store: Option<(String, u32)>,
    /// The store's database.
    pub database: String,
}

/// The checklist for this server's deployment.
pub fn checklist(data: &DataDir) -> Result<Vec<Task>, StoreError> {
    let replica = LocalConfigurationStore::require(data)?;
    let topology = replica.topology()?;
    let settings = ChatSettings::read(&replica)?;
    let this = replica.manifest().server.clone();
    let chat_pools: Vec<_> = topology
        .pools()
        .map(|(_, p)| p)
        .filter(|p| p.kind == PoolKind::PersistentChat)
        .collect();
    let mut chat_servers: Vec<String> = chat_pools
        .iter()
        .flat_map(|p| p.servers.iter().map(|s| s.fqdn.clone()))
        .collect();
    chat_servers.dedup();
    let is_chat_server = chat_servers.contains(&this);
    let status = system_status(data);
    let step = |id: StepId| status.steps.iter().find(|s| s.step == id).map(|s| s.status);
    let complete = |id: StepId| step(id) == Some(StepStatus::Complete);

    let prerequisites = if chat_servers.is_empty() {
        (
            TaskState::NotDone,
            "the topology has no Persistent Chat server yet: add a Persistent Chat pool with its servers (task 2), then check each server's prerequisites with step 2".to_string(),
            Reason::NoServer,
            None,
        )
    } else if !is_chat_server {
        (
            TaskState::NotDone,
            format!(
                "check on each Persistent Chat server ({}) with step 2's prerequisite check",
                list(&chat_servers)
            ),
            Reason::CheckOn(chat_servers.clone()),
            None,
        )
    } else {
        let missing = missing_chat_packages(data);
        if missing.is_empty() {
            (
                TaskState::Done,
                format!("every program Persistent Chat needs is installed on {this}"),
                Reason::ProgramsInstalled(this.clone()),
                None,
            )
        } else {
            (
                TaskState::NotDone,
                format!(
                    "install on {this} the packages {} (step 2: Install Missing Programs, or deploy-wizard components install-programs)",
                    missing.join(" ")
                ),
                Reason::ProgramsMissing(this.clone(), missing),
                Some(Action::InstallPrograms),
            )
        }
    };
    let topology_task = if chat_pools.is_empty() {
        (
            TaskState::NotDone,
            "the published topology has no PersistentChat pool: add one associated with a Front End pool, with its store, and publish it".to_string(),
            Reason::NoPool,
            None,
        )
    } else {
        let facts: Vec<PoolFacts> = chat_pools
            .iter()
            .filter_map(|p| {
                let chat = p.persistent_chat.as_ref()?;
                Some(PoolFacts {
                    pool: p.fqdn.clone(),
                    associated: p.associated_pool.clone().unwrap_or_default(),
                    store: (!chat.store.collocated())
                        .then(|| (chat.store.server.clone(), chat.store.port)),
                    database: chat.store.database.clone(),
                })
            })
            .collect();
        let described: Vec<String> = facts
            .iter()
            .map(|f| {
                let store = match &f.store {
                    None => format!("store collocated, database {}", f.database),
                    Some((server, port)) => {
                        format!("store {server}:{port}, database {}", f.database)
                    }
                };
                format!("{} (associated with {}; {store})", f.pool, f.associated)
            })
            .collect();
        (
            TaskState::Done,
            described.join(", "),
            Reason::Pools(facts),
            None,
        )
    };
    let steps_done = [
        StepId::LocalStore,
        StepId::Components,
        StepId::Certificates,
        StepId::Services,
    ]
    .into_iter()
    .all(complete);
    // Steps 1–4 complete is not enough: the chat service and its store must run and answer.
    // Once step 4 has run, a service down is what to mend (step 4 shows as to redo then).
    let deployed_once = [StepId::LocalStore, StepId::Components, StepId::Certificates]
        .into_iter()
        .all(complete)
        && !matches!(step(StepId::Services), None | Some(StepStatus::NotRun));
    let down: Vec<String> = if is_chat_server && deployed_once {
        chat_services_down(data)
    } else {
        Vec::new()
    };
    let steps_done = steps_done || (deployed_once && !down.is_empty());
    let others: Vec<String> = chat_servers
        .iter()
        .filter(|s| **s != this)
        .cloned()
        .collect();
    let deploy = match (chat_servers.is_empty(), is_chat_server, steps_done) {
        (true, _, _) => (
            TaskState::NotDone,
            "no Persistent Chat server in the topology yet".to_string(),
            Reason::NoServer,
            None,
        ),
        (false, true, true) if !down.is_empty() => (
            TaskState::NotDone,
            format!(
                "on {this}, {} not running or not healthy: run step 4 (services start), then look at Service Status",
                list(&down)
            ),
            Reason::ServicesDown(this.clone(), down.clone()),
            Some(Action::Deploy),
        ),
        (false, true, true) if others.is_empty() => (
            TaskState::Done,
            format!("steps 1 to 4 are complete on {this} and its services are healthy"),
            Reason::DeployedHere(this.clone()),
            None,
        ),
        (false, true, true) => (
            TaskState::Partial,
            format!(
                "steps 1 to 4 are complete on {this} and its services are healthy; run the Deployment Wizard on {}",
                list(&others)
            ),
            Reason::DeployedHereOthersRemain(this.clone(), others.clone()),
            None,
        ),
        (false, true, false) => (
            TaskState::NotDone,
            format!(
                "run steps 1 to 4 on {this} (and on {})",
                if others.is_empty() {
                    "no other server".into()
                } else {
                    list(&others)
                }
            ),
            Reason::RunStepsHere(this.clone(), others.clone()),
            Some(Action::Deploy),
        ),
        (false, false, _) => (
            TaskState::NotDone,
            format!("run the Deployment Wizard on {}", list(&chat_servers)),
            Reason::RunWizardOn(chat_servers.clone()),
            None,
        ),
    };
    let administrator = if settings.admins.is_empty() {
        (
            TaskState::NotDone,
            "no Persistent Chat administrator yet: add one with deploy-wizard pchat admin add SIPURI".to_string(),
            Reason::NoAdministrator,
            Some(Action::AddAdministrator),
        )
    } else {
        (
            TaskState::Done,
            format!(
                "Persistent Chat administrators: {}",
                settings.admins.join(", ")
            ),
            Reason::Administrators(settings.admins.clone()),
            None,
        )
    };
    let enabled_at: Vec<String> = settings
        .policy
        .entries
        .iter()
        .filter(|e| e.enabled)
        .map(|e| e.scope.to_string())
        .collect();
    let configure = if enabled_at.is_empty() {
        (
            TaskState::NotDone,
            "Persistent Chat is off by default and no policy enables it: enable it with deploy-wizard pchat policy set --scope global|site:NAME|pool:FQDN|user:SIPURI --enabled true".to_string(),
            Reason::NobodyEnabled,
            Some(Action::EnableUsers),
        )
    } else {
        (
            TaskState::Done,
            format!(
                "policy enables Persistent Chat at {}",
                enabled_at.join(", ")
            ),
            Reason::EnabledAt(enabled_at),
            None,
        )
    };
    let task =
        |id,
         title,
         roles,
         (state, detail, reason, action): (TaskState, String, Reason, Option<Action>)| {
            Task {
                id,
                title,
                roles,
                state,
                detail,
                reason,
                action: (state != TaskState::Done).then_some(action).flatten(),
            }
        };
    Ok(vec![
        task(
            "prerequisites",
            "Install prerequisite hardware and software",
            "a member of the local Administrators group",
            prerequisites,
        ),
        task(
            "topology",
            "Create the topology with a Persistent Chat pool",
            "to define: a member of the local Users group; to publish: Domain Admins and RTCUniversalServerAdmins, with full control of the file store",
            topology_task,
        ),
        task(
            "deploy",
            "Deploy Persistent Chat Server on every Persistent Chat server",
            "a member of the local Administrators group",
            deploy,
        ),
        task(
            "administrator",
            "Create a Persistent Chat administrator",
            "a member of Domain Admins (here: whoever writes the CMS)",
            administrator,
        ),
        task(
            "configure",
            "Configure users (policy) and settings",
            "CsPersistentChatAdministrator; CsUserAdministrator at least to change policy",
            configure,
        ),
    ])
}

/// The packages Persistent Chat's components need that this server lacks.
fn missing_chat_packages(data: &DataDir) -> Vec<String> {
    let Ok(ctx) = crate::components::context(data) else {
        return Vec::new();
    };
    let mut packages = Vec::new();
    for def in ctx
        .desired
        .iter()
        .filter(|d| d.roles.contains(&PoolKind::PersistentChat))
    {
        for package in crate::components::packages::missing_for(def).unwrap_or_default() {
            if !packages.contains(&package) {
                packages.push(package);
            }
        }
    }
    packages
}

/// The Persistent Chat services of this server that are not running and healthy.
fn chat_services_down(data: &DataDir) -> Vec<String> {
    let Ok(statuses) = crate::services::status(data) else {
        return vec!["Persistent Chat".into()];
    };
    let chat: Vec<_> = statuses
        .iter()
        .filter(|s| s.component.starts_with("PersistentChat"))
        .collect();
    if chat.is_empty() {
        return vec!["Persistent Chat".into()];
    }
    chat.iter()
        .filter(|s| !s.running || s.healthy == Some(false))
        .map(|s| s.name.clone())
        .collect()
}

fn list(servers: &[String]) -> String {
    if servers.is_empty() {
        "none".into()
    } else {
        servers.join(", ")
    }
}

/// A change to Persistent Chat's settings in the CMS.
#[derive(Debug, Clone)]
pub enum ChatChange {
    /// `pchat policy set --scope S --enabled B`.
    Policy {
        /// `global`, `site:NAME`, `pool:FQDN` or `user:SIPURI`.
        scope: String,
        /// Enabled or not.
        enabled: bool,
    },
    /// `pchat admin add|remove SIPURI`.
    Admin {
        /// The user.
        user: String,
        /// Add (true) or remove.
        add: bool,
    },
    /// `pchat user add SIPURI --password-file F`.
    AddUser {
        /// The user.
        user: String,
        /// The password (turned into a verifier at once; never logged).
        password: String,
    },
    /// `pchat user remove SIPURI`.
    RemoveUser {
        /// The user.
        user: String,
    },
}

impl ChatChange {
    fn args(&self) -> Vec<String> {
        let mut args = vec!["pchat".to_string()];
        let words: Vec<&str> = match self {
            ChatChange::Policy { scope, enabled } => {
                vec![
                    "policy",
                    "set",
                    "--scope",
                    scope,
                    "--enabled",
                    if *enabled { "true" } else { "false" },
                ]
            }
            ChatChange::Admin { user, add } => {
                vec!["admin", if *add { "add" } else { "remove" }, user]
            }
            ChatChange::AddUser { user, .. } => {
                vec!["user", "add", user, "--password-file", "FILE"]
            }
            ChatChange::RemoveUser { user } => vec!["user", "remove", user],
        };
        args.extend(words.into_iter().map(String::from));
        args
    }
}

/// What a change did: the CMS revision, and step 2's run when this server's chat service was
/// re-rendered and reloaded.
#[derive(Debug, Clone, Serialize)]
pub struct ChatChanged {
    /// The CMS revision published.
    pub revision: u64,
    /// The run of step 2 on this server (its Persistent Chat service took the change).
    pub redeployed: Option<String>,
}

/// Publishes `change` to the CMS as a logged run, replicates it (step 1), and where this
/// server runs Persistent Chat, runs step 2 so the service takes it at once. Returns what it
/// did and the run id of the change.
pub fn change_settings(
    data: &DataDir,
    change: ChatChange,
    sink: Option<tokio::sync::mpsc::UnboundedSender<crate::log::RunEvent>>,
) -> Result<(ChatChanged, String), StepError<StoreError>> {
    use crate::integration::pchat;
    let args = change.args();
    let redactor = crate::log::Redactor::new();
    if let ChatChange::AddUser { password, .. } = &change {
        redactor.register(password.clone());
    }
    let (revision, run) = super::global_change(
        data,
        crate::log::RunSpec {
            kind: "pchat-settings",
            title: "Change Persistent Chat Settings",
            redactor,
            sink: sink.clone(),
            args,
        },
        |what, e| StoreError::io(what)(e),
        |cms, log| {
            let (said, revision) = match &change {
                ChatChange::Policy { scope, enabled } => {
                    let (scope, revision) = pchat::set_policy(cms, scope, *enabled)?;
                    (
                        crate::log::Reason::new("said-pchat-policy-set")
                            .with("scope", scope.to_string())
                            .with("enabled", if *enabled { "true" } else { "false" }),
                        revision,
                    )
                }
                ChatChange::Admin { user, add } => {
                    let (user, revision) = pchat::change_admin(cms, user, *add)?;
                    (
                        crate::log::Reason::new(if *add {
                            "said-pchat-admin-added"
                        } else {
                            "said-pchat-admin-removed"
                        })
                        .with("user", user),
                        revision,
                    )
                }
                ChatChange::AddUser { user, password } => {
                    let (user, revision) = pchat::add_user(cms, user, password)?;
                    (
                        crate::log::Reason::new("said-pchat-user-added").with("user", user),
                        revision,
                    )
                }
                ChatChange::RemoveUser { user } => {
                    let (user, revision) = pchat::remove_user(cms, user)?;
                    (
                        crate::log::Reason::new("said-pchat-user-removed").with("user", user),
                        revision,
                    )
                }
            };
            log.tell(said.with("revision", revision));
            Ok(revision)
        },
    )?;
    let installed = crate::components::InstallManifest::load(data)
        .is_ok_and(|m| m.components.contains_key("PersistentChat"));
    let redeployed = if installed {
        let (_, step2) = super::setup_components(data, None, sink).map_err(|e| StepError {
            error: StoreError::BadLocation(format!(
                "the change is published (revision {revision}), but step 2 could not apply it here: {}",
                e.error
            )),
            run: e.run,
        })?;
        Some(step2)
    } else {
        None
    };
    Ok((
        ChatChanged {
            revision,
            redeployed,
        },
        run,
    ))
}

/// Persistent Chat's settings as this server's replica holds them, and who is enabled.
#[derive(Debug, Clone, Serialize)]
pub struct ChatView {
    /// Policy entries (scope, enabled), least specific first.
    pub policy: Vec<crate::components::chat::PolicyEntry>,
    /// Administrators.
    pub admins: Vec<String>,
    /// Lab accounts (users only).
    pub users: Vec<String>,
    /// Per Persistent Chat pool, each known user and whether policy enables them there.
    pub pools: Vec<PoolView>,
}

/// Who is enabled on one Persistent Chat pool.
#[derive(Debug, Clone, Serialize)]
pub struct PoolView {
    /// Pool FQDN.
    pub pool: String,
    /// Its site.
    pub site: String,
    /// Users enabled there (accounts and users named by policy).
    pub enabled: Vec<String>,
    /// Users known but not enabled there.
    pub disabled: Vec<String>,
}

/// Reads Persistent Chat's settings from the replica.
pub fn view(data: &DataDir) -> Result<ChatView, StoreError> {
    use crate::components::chat::{ChatSettings, Scope};
    let replica = LocalConfigurationStore::require(data)?;
    let topology = replica.topology()?;
    let settings = ChatSettings::read(&replica)?;
    let mut known: Vec<String> = settings
        .accounts
        .iter()
        .map(|a| a.user.clone())
        .chain(
            settings
                .policy
                .entries
                .iter()
                .filter_map(|e| match &e.scope {
                    Scope::User(u) => Some(u.clone()),
                    _ => None,
                }),
        )
        .collect();
    known.sort();
    known.dedup();
    let pools = topology
        .pools()
        .filter(|(_, p)| p.kind == PoolKind::PersistentChat)
        .map(|(site, pool)| {
            let (enabled, disabled) = known
                .iter()
                .cloned()
                .partition(|u| settings.policy.enabled(u, &site.name, &pool.fqdn).0);
            PoolView {
                pool: pool.fqdn.clone(),
                site: site.name.clone(),
                enabled,
                disabled,
            }
        })
        .collect();
    Ok(ChatView {
        policy: settings.policy.entries.clone(),
        admins: settings.admins.clone(),
        users: settings.accounts.iter().map(|a| a.user.clone()).collect(),
        pools,
    })
}
