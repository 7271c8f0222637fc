//! The Persistent Chat deployment checklist: the five tasks of the product documentation, the
//! roles and group memberships each needs, and each task's status computed from the replica and
//! the step states of this server. What the wizard cannot see (directory groups, user policy)
//! is reported as such, never as done.

use serde::Serialize;

use crate::data_dir::DataDir;
use crate::deploy::{StepId, StepStatus, system_status};
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
    /// Why.
    pub detail: String,
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

    let prerequisites = if !is_chat_server {
        (
            TaskState::NotDone,
            format!(
                "check on each Persistent Chat server ({}) with step 2's prerequisite check",
                list(&chat_servers)
            ),
        )
    } else if complete(StepId::Components) {
        (
            TaskState::Done,
            format!("step 2's prerequisites were satisfied on {this}"),
        )
    } else {
        (
            TaskState::NotDone,
            format!("run step 2 on {this}: it lists every unmet prerequisite"),
        )
    };
    let topology_task = if chat_pools.is_empty() {
        (TaskState::NotDone, "the published topology has no PersistentChat pool: add one associated with a Front End pool and publish it".to_string())
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
        ),
        (false, true, true) if others.is_empty() => (
            TaskState::Done,
            format!("steps 1 to 4 are complete on {this}"),
        ),
        (false, true, true) => (
            TaskState::Partial,
            format!(
                "steps 1 to 4 are complete on {this}; run the Deployment Wizard on {}",
                list(&others)
            ),
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
        ),
        (false, false, _) => (
            TaskState::NotDone,
            format!("run the Deployment Wizard on {}", list(&chat_servers)),
        ),
    };
    Ok(vec![
        Task { id: "prerequisites", title: "Install prerequisite hardware and software", roles: "a member of the local Administrators group", state: prerequisites.0, detail: prerequisites.1 },
        Task { id: "topology", title: "Create the topology with a Persistent Chat pool", roles: "to define: a member of the local Users group; to publish: Domain Admins and RTCUniversalServerAdmins, with full control of the file store", state: topology_task.0, detail: topology_task.1 },
        Task { id: "deploy", title: "Deploy Persistent Chat Server on every Persistent Chat server", roles: "a member of the local Administrators group", state: deploy.0, detail: deploy.1 },
        Task { id: "administrator", title: "Create a Persistent Chat administrator", roles: "a member of Domain Admins", state: TaskState::CannotVerify, detail: "add users to the CsPersistentChatAdministrator security group; the wizard cannot read directory groups".into() },
        Task { id: "configure", title: "Configure users (policy) and settings", roles: "CsPersistentChatAdministrator; CsUserAdministrator at least to change policy", state: TaskState::CannotVerify, detail: "enable the Persistent Chat policy (off by default) at global, site, pool or user scope; the wizard cannot read user policies".into() },
    ])
}

fn list(servers: &[String]) -> String {
    if servers.is_empty() {
        "none".into()
    } else {
        servers.join(", ")
    }
}
