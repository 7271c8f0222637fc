//! The topology: model, loading with validation, and which server of it this machine is.

mod inventory;
mod machine;
mod model;
mod names;
mod position;
mod validate;

use std::path::Path;

pub use inventory::{Inventory, InventoryFormat, InventoryHost, inventory};
pub use machine::{KnownServers, MachineIdentity, ServerPlace, ThisServerError, find_this_server};
pub use model::*;
pub use names::{NameFault, NameProblem, normalize_dns_name};
pub use validate::Problem;

use crate::Failure;

/// Why a topology could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum TopologyError {
    /// The file could not be read (or is larger than a topology may be).
    #[error("{0}")]
    Read(#[from] crate::input::InputError),
    /// The text is not a valid topology; every problem is listed.
    #[error("{source_name} is not a valid topology ({} problem{}):\n{}", problems.len(), if problems.len() == 1 { "" } else { "s" }, list(source_name, problems))]
    Invalid {
        /// File name (or description) of the text.
        source_name: String,
        /// Every problem found.
        problems: Vec<Problem>,
    },
}

fn list(source_name: &str, problems: &[Problem]) -> String {
    problems
        .iter()
        .map(|p| format!("  {source_name}:{p}"))
        .collect::<Vec<_>>()
        .join("\n")
}

impl TopologyError {
    /// Bad input in every case: the administrator fixes the file.
    pub fn failure(&self) -> Failure {
        Failure::BadInput
    }
}

/// Reads and validates a topology file.
pub fn load(path: &Path) -> Result<Topology, TopologyError> {
    let bytes = crate::input::read_limited(path, crate::input::InputKind::Topology)?;
    parse_bytes(&bytes, &path.display().to_string())
}

/// Parses topology bytes: UTF-8 without a byte-order mark, else an error at its line:column.
pub fn parse_bytes(bytes: &[u8], source_name: &str) -> Result<Topology, TopologyError> {
    let at = |line: usize, column: usize, message: String| TopologyError::Invalid {
        source_name: source_name.to_string(),
        problems: vec![Problem {
            path: "$".into(),
            line: Some(line),
            column: Some(column),
            message,
        }],
    };
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Err(at(
            1,
            1,
            "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM".into(),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => parse(text, source_name),
        Err(error) => {
            let good = &bytes[..error.valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            Err(at(
                line,
                column,
                format!(
                    "byte 0x{:02X} is not UTF-8; save the file as UTF-8",
                    bytes[error.valid_up_to()]
                ),
            ))
        }
    }
}

/// Parses and validates topology JSON; names are canonicalised in the result.
pub fn parse(text: &str, source_name: &str) -> Result<Topology, TopologyError> {
    let invalid = |problems| TopologyError::Invalid {
        source_name: source_name.to_string(),
        problems,
    };
    let syntax = |path: String, error: serde_json::Error| {
        let message = match error.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                format!("syntax error: {}", strip_position(&error.to_string()))
            }
            _ => strip_position(&error.to_string()),
        };
        invalid(vec![Problem {
            path,
            line: Some(error.line()),
            column: Some(error.column()),
            message,
        }])
    };
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let mut topology: Topology =
        serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            let path = json_path(&e.path().to_string());
            syntax(path, e.into_inner())
        })?;
    deserializer.end().map_err(|e| syntax("$".into(), e))?;
    let mut problems = validate::validate(&mut topology);
    if problems.is_empty() {
        return Ok(topology);
    }
    let positions = position::Positions::index(text);
    for problem in &mut problems {
        if let Some((line, column)) = positions.locate(text, &problem.path) {
            problem.line = Some(line);
            problem.column = Some(column);
        }
    }
    problems.sort_by_key(|p| (p.line, p.column, p.path.clone()));
    Err(invalid(problems))
}

/// serde_path_to_error prints `a.b[0]` (or `.` for the root); we print `$.a.b[0]`.
fn json_path(path: &str) -> String {
    // Segments serde could not name (inside a broken value) print as `?`.
    let path = path.trim_end_matches(".?").trim_end_matches('?');
    match path {
        "." | "" => "$".into(),
        p => format!("$.{p}"),
    }
}

/// serde_json appends " at line L column C"; we report the position separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(cut) => message[..cut].to_string(),
        None => message.to_string(),
    }
}

/// The JSON Schema of the topology, as published in `assets/topology.schema.json`.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Topology);
    let mut text = serde_json::to_string_pretty(&schema).expect("a schema serialises");
    text.push('\n');
    text
}

/// The Standard Edition sample shipped with the wizard.
pub const STANDARD_EDITION_SAMPLE: &str =
    include_str!("../../assets/topology/standard-edition.json");
/// The Enterprise sample (3 Front Ends, Persistent Chat, Edge, two SIP domains).
pub const ENTERPRISE_SAMPLE: &str = include_str!("../../assets/topology/enterprise.json");

/// The lab topology for a machine: the Standard Edition sample with the server named
/// `machine.fqdn` and the machine's domain as default SIP domain, and its Persistent Chat pool
/// collocated on it (the store a local cluster on port 15432, clear of a system PostgreSQL;
/// the XMPP ports 5222 and 5223, file sharing on 5281: every port above 1024).
pub fn lab_topology(machine: &MachineIdentity) -> Result<Topology, TopologyError> {
    let text = STANDARD_EDITION_SAMPLE
        .replace("se01.contoso.com", &machine.fqdn)
        .replace("contoso.com", &machine.domain);
    let mut value: serde_json::Value =
        serde_json::from_str(&text).expect("the Standard Edition sample is JSON");
    if let Some(pools) = value["sites"][0]["pools"].as_array_mut() {
        pools.push(serde_json::json!({
            "fqdn": machine.fqdn,
            "kind": "PersistentChat",
            "servers": [{ "fqdn": machine.fqdn }],
            "associated_pool": machine.fqdn,
            "persistent_chat": {
                "store": { "server": "collocated", "port": LAB_CHAT_STORE_PORT, "database": "mgc" },
                "client_port": 5222,
                "client_tls_port": 5223,
                "file_port": 5281
            }
        }));
    }
    parse(&value.to_string(), "the lab topology for this computer")
}

/// The port of the lab's Persistent Chat store.
pub const LAB_CHAT_STORE_PORT: u16 = 15432;
