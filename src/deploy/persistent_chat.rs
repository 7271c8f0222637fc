//! The Persistent Chat deployment checklist: the five tasks of the product documentation, the
//! roles and group memberships each needs, and each task's status computed from the replica and
//! the step states of this server. What the wizard cannot see (directory groups, user policy)
//! is reported as such, never as done.

use serde::Serialize;

use super::{StepError, StepId, StepStatus, system_status};
use crate::data_dir::DataDir;
use crate::store::{LocalConfigurationStore, StoreError};
use crate::topology::PoolKind;

/// A task's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum TaskState {
    /// Done, as far as the replica and this server's steps show.
    Done,
    /// Done on this server; other servers still need it.
    Partial,
    /// Not done yet.
    NotDone,
    /// Outside what the wizard can see; the administrator checks it.
    CannotVerify,
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
}

/// Why a task has its state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// This server is no Persistent Chat server: check on these.
    CheckOn(Vec<String>),
    /// Step 2's prerequisites were satisfied on this server.
    PrerequisitesMet(String),
    /// Run step 2 on this server.
    RunStep2(String),
    /// The topology has no Persistent Chat pool.
    NoPool,
    /// The Persistent Chat pools, each with the Front End pool it is associated with.
    Pools(Vec<String>),
    /// No Persistent Chat server in the topology.
    NoServer,
    /// Steps 1 to 4 are complete on this server (the only one).
    DeployedHere(String),
    /// Complete on this server; these others remain.
    DeployedHereOthersRemain(String, Vec<String>),
    /// Run steps 1 to 4 on this server (and on these others).
    RunStepsHere(String, Vec<String>),
    /// Run the Deployment Wizard on these servers.
    RunWizardOn(Vec<String>),
    /// Directory groups are the administrator's to check.
    DirectoryGroups,
    /// User policies are the administrator's to check.
    UserPolicies,
}

/// The checklist for this server's deployment.
pub fn checklist(data: &DataDir) -> Result<Vec<Task>, StoreError> {
    let replica = LocalConfigurationStore::require(data)?;
    let topology = replica.topology()?;
    let this = replica.manifest().server.clone();
    let chat_pools: Vec<_> = topology
        .pools()
        .map(|(_, p)| p)
        .filter(|p| p.kind == PoolKind::PersistentChat)
        .collect();
    let chat_servers: Vec<String> = chat_pools
        .iter()
        .flat_map(|p| p.servers.iter().map(|s| s.fqdn.clone()))
        .collect();
    let is_chat_server = chat_servers.contains(&this);
    let status = system_status(data);
    let step = |id: StepId| status.steps.iter().find(|s| s.step == id).map(|s| s.status);
    let complete = |id: StepId| step(id) == Some(StepStatus::Complete);

    let prerequisites = if chat_servers.is_empty() {
        (
            TaskState::NotDone,
            "the topology has no Persistent Chat server yet: add a Persistent Chat pool with its servers (task 2), then check each server's prerequisites with step 2".to_string(),
            Reason::NoServer,
        )
    } else if !is_chat_server {
        (
            TaskState::NotDone,
            format!(
                "check on each Persistent Chat server ({}) with step 2's prerequisite check",
                list(&chat_servers)
            ),
            Reason::CheckOn(chat_servers.clone()),
        )
    } else if complete(StepId::Components) {
        (
            TaskState::Done,
            format!("step 2's prerequisites were satisfied on {this}"),
            Reason::PrerequisitesMet(this.clone()),
        )
    } else {
        (
            TaskState::NotDone,
            format!("run step 2 on {this}: it lists every unmet prerequisite"),
            Reason::RunStep2(this.clone()),
        )
    };
    let topology_task = if chat_pools.is_empty() {
        (TaskState::NotDone, "the published topology has no PersistentChat pool: add one associated with a Front End pool and publish it".to_string(), Reason::NoPool)
    } else {
        (
            TaskState::Done,
            chat_pools
                .iter()
                .map(|p| {
                    format!(
                        "{} (associated with {})",
                        p.fqdn,
                        p.associated_pool.as_deref().unwrap_or("-")
                    )
                })
                .collect::<Vec<_>>()
                .join(", "),
            Reason::Pools(
                chat_pools
                    .iter()
                    .map(|p| {
                        format!(
                            "{} → {}",
                            p.fqdn,
                            p.associated_pool.as_deref().unwrap_or("-")
                        )
                    })
                    .collect(),
            ),
        )
    };
    let deployed_here = [
        StepId::LocalStore,
        StepId::Components,
        StepId::Certificates,
        StepId::Services,
    ]
    .into_iter()
    .all(complete);
    let others: Vec<String> = chat_servers
        .iter()
        .filter(|s| **s != this)
        .cloned()
        .collect();
    let deploy = match (chat_servers.is_empty(), is_chat_server, deployed_here) {
        (true, _, _) => (
            TaskState::NotDone,
            "no Persistent Chat server in the topology yet".to_string(),
            Reason::NoServer,
        ),
        (false, true, true) if others.is_empty() => (
            TaskState::Done,
            format!("steps 1 to 4 are complete on {this}"),
            Reason::DeployedHere(this.clone()),
        ),
        (false, true, true) => (
            TaskState::Partial,
            format!(
                "steps 1 to 4 are complete on {this}; run the Deployment Wizard on {}",
                list(&others)
            ),
            Reason::DeployedHereOthersRemain(this.clone(), others.clone()),
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
        ),
        (false, false, _) => (
            TaskState::NotDone,
            format!("run the Deployment Wizard on {}", list(&chat_servers)),
            Reason::RunWizardOn(chat_servers.clone()),
        ),
    };
    Ok(vec![
        Task { id: "prerequisites", title: "Install prerequisite hardware and software", roles: "a member of the local Administrators group", state: prerequisites.0, detail: prerequisites.1, reason: prerequisites.2 },
        Task { id: "topology", title: "Create the topology with a Persistent Chat pool", roles: "to define: a member of the local Users group; to publish: Domain Admins and RTCUniversalServerAdmins, with full control of the file store", state: topology_task.0, detail: topology_task.1, reason: topology_task.2 },
        Task { id: "deploy", title: "Deploy Persistent Chat Server on every Persistent Chat server", roles: "a member of the local Administrators group", state: deploy.0, detail: deploy.1, reason: deploy.2 },
        Task { id: "administrator", title: "Create a Persistent Chat administrator", roles: "a member of Domain Admins", state: TaskState::CannotVerify, detail: "add users to the CsPersistentChatAdministrator security group; the wizard cannot read directory groups".into(), reason: Reason::DirectoryGroups },
        Task { id: "configure", title: "Configure users (policy) and settings", roles: "CsPersistentChatAdministrator; CsUserAdministrator at least to change policy", state: TaskState::CannotVerify, detail: "enable the Persistent Chat policy (off by default) at global, site, pool or user scope; the wizard cannot read user policies".into(), reason: Reason::UserPolicies },
    ])
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
