//! Prepare Directory: the product's Prepare Active Directory steps, each safe to run again and
//! each read back from the directory itself.
//!
//! - **Prepare Schema**: the auxiliary class and its attributes (on OpenLDAP, one entry under
//!   `cn=schema,cn=config`: added whole or not at all).
//! - **Prepare Current Forest**: the deployment's container, its administrators' group and its
//!   servers' group (the bind account is the first member of both); an addition that fails
//!   removes what this run added.
//! - **Prepare Current Domain**: the access rules (on OpenLDAP, `olcAccess` values of the data
//!   tree's database, added in one change before the existing rules).
//! - **Add users to the administrators' group.**

use ldap3::Mod;
use serde::Serialize;

use super::client::{Connection, code};
use super::{DirectoryError, DirectorySettings, same_dn, schema};
use crate::log::Reason;

/// A step of Prepare Directory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Step {
    /// Prepare Schema.
    Schema,
    /// Prepare Current Forest.
    Forest,
    /// Prepare Current Domain.
    Domain,
    /// Add users to the administrators' group.
    Administrators,
}

impl Step {
    /// Every step, in order.
    pub const ALL: [Step; 4] = [
        Step::Schema,
        Step::Forest,
        Step::Domain,
        Step::Administrators,
    ];

    /// The CLI subcommand.
    pub fn command(self) -> &'static str {
        match self {
            Step::Schema => "prepare-schema",
            Step::Forest => "prepare-forest",
            Step::Domain => "prepare-domain",
            Step::Administrators => "add-administrator",
        }
    }
}

/// A step's state, read from the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum StepState {
    /// Everything the step adds is there.
    Complete,
    /// Nothing the step adds is there.
    NotRun,
    /// Some of it is there; these parts are missing.
    Partial {
        /// What is missing.
        missing: Vec<String>,
    },
    /// The account cannot read what the step changes.
    Unreadable,
}

impl StepState {
    fn of(missing: Vec<String>, total: usize) -> StepState {
        if missing.is_empty() {
            StepState::Complete
        } else if missing.len() == total {
            StepState::NotRun
        } else {
            StepState::Partial { missing }
        }
    }
}

/// What kind of directory answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// OpenLDAP slapd with its configuration in `cn=config`.
    OpenLdap,
    /// Active Directory or Samba as an AD domain controller.
    ActiveDirectory,
    /// Another LDAP server.
    Other,
}

/// What the root DSE says.
pub struct RootDse {
    /// The kind.
    pub kind: Kind,
    /// Where the schema is published.
    pub subschema: String,
}

/// Reads the root DSE.
pub fn root_dse(conn: &mut Connection) -> Result<RootDse, DirectoryError> {
    let entry = conn
        .read(
            "",
            &[
                "configContext",
                "supportedCapabilities",
                "subschemaSubentry",
            ],
        )?
        .unwrap_or_default();
    let kind = if entry
        .all("supportedCapabilities")
        .iter()
        .any(|c| c == "1.2.840.113556.1.4.800")
    {
        Kind::ActiveDirectory
    } else if entry.first("configContext").is_some() {
        Kind::OpenLdap
    } else {
        Kind::Other
    };
    Ok(RootDse {
        kind,
        subschema: entry
            .first("subschemaSubentry")
            .unwrap_or("cn=Subschema")
            .to_string(),
    })
}

/// Every step's state.
pub fn state(
    conn: &mut Connection,
    settings: &DirectorySettings,
) -> Result<Vec<(Step, StepState)>, DirectoryError> {
    let dse = root_dse(conn)?;
    Ok(vec![
        (Step::Schema, schema_state(conn, &dse)?),
        (Step::Forest, forest_state(conn, settings)?),
        (Step::Domain, domain_state(conn, settings, &dse)?),
        (
            Step::Administrators,
            administrators_state(conn, settings)?.0,
        ),
    ])
}

/// Whether our class and attributes are in the directory's schema.
pub fn schema_state(conn: &mut Connection, dse: &RootDse) -> Result<StepState, DirectoryError> {
    let Some(entry) = conn.read(&dse.subschema, &["attributeTypes", "objectClasses"])? else {
        return Ok(StepState::Unreadable);
    };
    let missing = schema::missing(entry.all("attributeTypes"), entry.all("objectClasses"));
    Ok(StepState::of(
        missing.into_iter().map(str::to_string).collect(),
        schema::ATTRIBUTES.len() + 1,
    ))
}

fn forest_entries(settings: &DirectorySettings) -> [String; 3] {
    [
        settings.container(),
        settings.administrators_group(),
        settings.servers_group(),
    ]
}

fn forest_state(
    conn: &mut Connection,
    settings: &DirectorySettings,
) -> Result<StepState, DirectoryError> {
    let mut missing = Vec::new();
    for dn in forest_entries(settings) {
        if conn.read(&dn, &["1.1"])?.is_none() {
            missing.push(dn);
        }
    }
    Ok(StepState::of(missing, 3))
}

/// The data tree's database in `cn=config` and its access rules; `None` when the account
/// cannot read it.
fn database(
    conn: &mut Connection,
    settings: &DirectorySettings,
) -> Result<Option<(String, Vec<String>)>, DirectoryError> {
    let filter = format!(
        "(&(objectClass=olcDatabaseConfig)(olcSuffix={}))",
        ldap3::ldap_escape(&settings.base_dn)
    );
    let found = match conn.search("cn=config", &filter, &["olcAccess"], 2) {
        Ok(found) => found,
        Err(DirectoryError::Failed(refusal)) if refusal.why.id == "why-dir-right-missing" => {
            return Ok(None);
        }
        Err(e) => return Err(e),
    };
    Ok(found
        .into_iter()
        .next()
        .map(|entry| (entry.dn.clone(), entry.all("olcAccess").to_vec())))
}

fn domain_state(
    conn: &mut Connection,
    settings: &DirectorySettings,
    dse: &RootDse,
) -> Result<StepState, DirectoryError> {
    if dse.kind != Kind::OpenLdap {
        return Ok(StepState::Unreadable);
    }
    let Some((_, rules)) = database(conn, settings)? else {
        return Ok(StepState::Unreadable);
    };
    let wanted =
        schema::openldap_access_rules(&settings.administrators_group(), &settings.servers_group());
    // Ours must come first, in order: a rule placed after the directory's own may never apply.
    let have: Vec<String> = rules.iter().map(|r| schema::normal_rule(r)).collect();
    let missing: Vec<String> = wanted
        .iter()
        .enumerate()
        .filter(|(i, rule)| have.get(*i) != Some(&schema::normal_rule(rule)))
        .map(|(_, rule)| rule.clone())
        .collect();
    Ok(StepState::of(missing, wanted.len()))
}

/// The administrators' group's members other than the bind account, and the step's state
/// (Complete when someone was added).
pub fn administrators_state(
    conn: &mut Connection,
    settings: &DirectorySettings,
) -> Result<(StepState, Vec<String>), DirectoryError> {
    let Some(group) = conn.read(&settings.administrators_group(), &["member"])? else {
        return Ok((StepState::NotRun, Vec::new()));
    };
    let members: Vec<String> = group
        .all("member")
        .iter()
        .filter(|m| !same_dn(m, &settings.bind_dn))
        .cloned()
        .collect();
    let state = if members.is_empty() {
        StepState::NotRun
    } else {
        StepState::Complete
    };
    Ok((state, members))
}

/// What a step did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Done {
    /// It was complete already: nothing was changed.
    AlreadyComplete,
    /// It added these.
    Added(Vec<String>),
}

fn unsupported(kind: Kind, step: Step) -> DirectoryError {
    let kind_name = match kind {
        Kind::OpenLdap => "OpenLDAP",
        Kind::ActiveDirectory => "Active Directory",
        Kind::Other => "LDAP",
    };
    DirectoryError::failed(
        format!(
            "{} cannot be run on {kind_name} by this version: prepare it on an OpenLDAP directory (slapd with cn=config)",
            step.command()
        ),
        Reason::new("why-dir-kind-unsupported")
            .with("kind", kind_name)
            .with("step", step.command()),
    )
}

/// Prepare Schema.
pub fn prepare_schema(conn: &mut Connection) -> Result<Done, DirectoryError> {
    let dse = root_dse(conn)?;
    match schema_state(conn, &dse)? {
        StepState::Complete => return Ok(Done::AlreadyComplete),
        StepState::Partial { missing } => {
            return Err(DirectoryError::failed(
                format!(
                    "the directory's schema already defines some of the deployment's names but not {}: another schema uses them; remove it or rename it, then run this again",
                    missing.join(", ")
                ),
                Reason::new("why-dir-schema-conflict").with("missing", missing.join(", ")),
            ));
        }
        StepState::NotRun | StepState::Unreadable => {}
    }
    if dse.kind != Kind::OpenLdap {
        return Err(unsupported(dse.kind, Step::Schema));
    }
    let attribute_types: Vec<String> = schema::ATTRIBUTES
        .iter()
        .map(schema::attribute_type)
        .collect();
    let object_class = schema::object_class();
    let result = conn.add(
        schema::OPENLDAP_SCHEMA_ENTRY,
        vec![
            ("objectClass", vec!["olcSchemaConfig"]),
            ("cn", vec!["deploywizard"]),
            (
                "olcAttributeTypes",
                attribute_types.iter().map(String::as_str).collect(),
            ),
            ("olcObjectClasses", vec![object_class.as_str()]),
        ],
    )?;
    if result.rc == code::INSUFFICIENT_ACCESS {
        return Err(conn.missing_right("add-schema", "cn=schema,cn=config"));
    }
    conn.check(result, "add", schema::OPENLDAP_SCHEMA_ENTRY)?;
    match schema_state(conn, &dse)? {
        StepState::Complete => Ok(Done::Added(vec![schema::OPENLDAP_SCHEMA_ENTRY.into()])),
        other => Err(read_back_failed(Step::Schema, &other)),
    }
}

fn read_back_failed(step: Step, state: &StepState) -> DirectoryError {
    DirectoryError::failed(
        format!(
            "{} reported success but reading the directory back shows {state:?}",
            step.command()
        ),
        Reason::new("why-dir-read-back").with("step", step.command()),
    )
}

/// An entry's attributes and values, as an addition takes them.
type Attributes<'a> = Vec<(&'a str, Vec<&'a str>)>;

/// Prepare Current Forest.
pub fn prepare_forest(
    conn: &mut Connection,
    settings: &DirectorySettings,
) -> Result<Done, DirectoryError> {
    if forest_state(conn, settings)? == StepState::Complete {
        return Ok(Done::AlreadyComplete);
    }
    let [container, administrators, servers] = forest_entries(settings);
    let container_name = schema::CONTAINER;
    let bind = settings.bind_dn.clone();
    let wanted: Vec<(String, Attributes<'_>)> = vec![
        (
            container.clone(),
            vec![
                ("objectClass", vec!["organizationalUnit"]),
                ("ou", vec![container_name]),
                (
                    "description",
                    vec!["Unified-communications deployment (deploy-wizard)"],
                ),
            ],
        ),
        (
            administrators.clone(),
            vec![
                ("objectClass", vec!["groupOfNames"]),
                ("cn", vec![schema::ADMINISTRATORS]),
                ("member", vec![bind.as_str()]),
                (
                    "description",
                    vec!["Administer the deployment's users and servers"],
                ),
            ],
        ),
        (
            servers.clone(),
            vec![
                ("objectClass", vec!["groupOfNames"]),
                ("cn", vec![schema::SERVERS]),
                ("member", vec![bind.as_str()]),
                (
                    "description",
                    vec!["Accounts the deployment's servers read enabled users with"],
                ),
            ],
        ),
    ];
    let mut added: Vec<String> = Vec::new();
    for (dn, attrs) in wanted {
        if conn.read(&dn, &["1.1"])?.is_some() {
            continue;
        }
        let result = conn.add(&dn, attrs)?;
        if result.rc != 0 {
            let error = if result.rc == code::INSUFFICIENT_ACCESS {
                conn.missing_right("add-entries", &settings.base_dn)
            } else {
                conn.answer_error(&result, "add", &dn)
            };
            // Nothing half-written: what this run added goes, newest first.
            for dn in added.iter().rev() {
                let _ = conn.delete(dn.as_str());
            }
            return Err(error);
        }
        added.push(dn);
    }
    Ok(Done::Added(added))
}

/// Prepare Current Domain.
pub fn prepare_domain(
    conn: &mut Connection,
    settings: &DirectorySettings,
) -> Result<Done, DirectoryError> {
    let dse = root_dse(conn)?;
    if schema_state(conn, &dse)? != StepState::Complete {
        return Err(not_prepared(Step::Schema));
    }
    if forest_state(conn, settings)? != StepState::Complete {
        return Err(not_prepared(Step::Forest));
    }
    if dse.kind != Kind::OpenLdap {
        return Err(unsupported(dse.kind, Step::Domain));
    }
    let Some((database, rules)) = database(conn, settings)? else {
        return Err(conn.missing_right("read-rules", "cn=config"));
    };
    let wanted =
        schema::openldap_access_rules(&settings.administrators_group(), &settings.servers_group());
    let normal_wanted: Vec<String> = wanted.iter().map(|r| schema::normal_rule(r)).collect();
    let in_front = rules.len() >= wanted.len()
        && rules
            .iter()
            .zip(&normal_wanted)
            .all(|(rule, wanted)| &schema::normal_rule(rule) == wanted);
    if in_front {
        return Ok(Done::AlreadyComplete);
    }
    // One change: the rules of ours already there (a former partial run, or moved) go, then
    // each comes first in order (one addition per value: a set of values has no order).
    let present: Vec<&String> = rules
        .iter()
        .filter(|rule| normal_wanted.contains(&schema::normal_rule(rule)))
        .collect();
    let mut changes = Vec::new();
    if !present.is_empty() {
        changes.push(Mod::Delete(
            "olcAccess",
            present.iter().map(|r| r.as_str()).collect(),
        ));
    }
    let positioned: Vec<String> = wanted
        .iter()
        .enumerate()
        .map(|(i, rule)| format!("{{{i}}}{rule}"))
        .collect();
    for rule in &positioned {
        changes.push(Mod::Add("olcAccess", [rule.as_str()].into()));
    }
    let result = conn.modify(&database, changes)?;
    if result.rc == code::INSUFFICIENT_ACCESS {
        return Err(conn.missing_right("change-rules", &database));
    }
    conn.check(result, "change-rules", &database)?;
    match domain_state(conn, settings, &dse)? {
        StepState::Complete => Ok(Done::Added(wanted)),
        other => Err(read_back_failed(Step::Domain, &other)),
    }
}

/// Adds the user `member` (a DN) to the administrators' group.
pub fn add_administrator(
    conn: &mut Connection,
    settings: &DirectorySettings,
    member: &str,
) -> Result<Done, DirectoryError> {
    if forest_state(conn, settings)? != StepState::Complete {
        return Err(not_prepared(Step::Forest));
    }
    let (_, members) = administrators_state(conn, settings)?;
    if members.iter().any(|m| same_dn(m, member)) {
        return Ok(Done::AlreadyComplete);
    }
    let group = settings.administrators_group();
    let result = conn.modify(&group, vec![Mod::Add("member", [member].into())])?;
    if result.rc == code::VALUE_EXISTS {
        return Ok(Done::AlreadyComplete);
    }
    if result.rc == code::INSUFFICIENT_ACCESS {
        return Err(conn.missing_right("add-members", &group));
    }
    conn.check(result, "add-members", &group)?;
    Ok(Done::Added(vec![member.to_string()]))
}

/// A step that must run first has not.
pub fn not_prepared(step: Step) -> DirectoryError {
    DirectoryError::refused(
        format!(
            "the directory is not prepared: run `deploy-wizard directory {}` first",
            step.command()
        ),
        Reason::new("why-dir-not-prepared").with("step", step.command()),
    )
}
