//! The Persistent Chat deployment checklist: the five tasks of the product documentation, the
//! roles and group memberships each needs, and each task's status computed from the replica and
//! the step states of this server. What the wizard cannot see (directory groups, user policy)
//! is reported as such, never as done.

use serde::Serialize;

use super::{StepId, StepStatus, system_status};
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
