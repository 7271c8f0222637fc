//! The directory commands as logged runs: `directory set` (a global change, published only once
//! a connection and a bind succeeded), the Prepare Directory steps, and enabling or disabling
//! users. Queries (the steps' states, users) are not runs.

use std::path::Path;

use serde::Serialize;
use tokio::sync::mpsc::UnboundedSender;

use super::{RunSpec, StepError, global_change, run_logged};
use crate::data_dir::DataDir;
use crate::directory::prepare::{self, Done, Step, StepState};
use crate::directory::users::{self, Changed, DirectoryUser};
use crate::directory::{Connection, DirectoryError, DirectorySettings, Published};
use crate::log::{Reason, Redactor, RunEvent};
use crate::store::{LocalConfigurationStore, StoreError};

fn io(what: &str, e: std::io::Error) -> DirectoryError {
    DirectoryError::Store(StoreError::io(what)(e))
}

fn spec<'a>(
    kind: &'a str,
    title: &'a str,
    args: Vec<String>,
    secret: Option<&str>,
    sink: Option<UnboundedSender<RunEvent>>,
) -> RunSpec<'a> {
    let redactor = Redactor::new();
    if let Some(secret) = secret {
        redactor.register(secret);
    }
    RunSpec {
        kind,
        title,
        redactor,
        sink,
        args,
    }
}

/// The roots a directory's certificate is verified against: the system's, the deployment's
/// (lab CAs, imported roots) and the directory's own CA.
fn roots(
    data: &DataDir,
    replica: Option<&LocalConfigurationStore>,
    own: &[Vec<u8>],
) -> Vec<Vec<u8>> {
    let mut roots: Vec<Vec<u8>> = crate::https::system_roots().to_vec();
    if let Some(replica) = replica
        && let Ok(deployment) = crate::cert::query::trusted_roots(data, replica)
    {
        roots.extend(deployment);
    }
    roots.extend(own.iter().cloned());
    roots
}

/// A bound connection with this server's published settings.
pub fn connect(data: &DataDir) -> Result<(Published, Connection), DirectoryError> {
    let replica = LocalConfigurationStore::require(data)?;
    let published = Published::read(&replica)?;
    let roots = roots(data, Some(&replica), &published.ca);
    let connection = Connection::open(&published.settings, &published.password, &roots)?;
    Ok((published, connection))
}

/// What `directory set` is given.
pub struct SetDirectory<'a> {
    /// The settings (checked).
    pub settings: DirectorySettings,
    /// The bind password.
    pub password: &'a str,
    /// The CA (PEM) that signs the directory's certificate, when given.
    pub ca_pem: Option<Vec<u8>>,
    /// The CA file's path (for the command line).
    pub ca_file: Option<&'a Path>,
}

/// Publishes the directory's settings once a verified connection binds with them.
pub fn set(
    data: &DataDir,
    request: SetDirectory<'_>,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<(u64, String), StepError<DirectoryError>> {
    let documents = crate::directory::documents(
        &request.settings,
        request.password,
        request.ca_pem.as_deref(),
    )
    .map_err(|error| StepError { error, run: None })?;
    let mut args: Vec<String> = [
        "directory",
        "set",
        "--url",
        &request.settings.url,
        "--base-dn",
        &request.settings.base_dn,
        "--bind-dn",
        &request.settings.bind_dn,
        "--password-file",
        "FILE",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if let Some(path) = request.ca_file {
        args.extend(["--ca-file".into(), path.display().to_string()]);
    }
    let own_ca: Vec<Vec<u8>> = request
        .ca_pem
        .as_deref()
        .and_then(|pem_bytes| pem::parse_many(pem_bytes).ok())
        .unwrap_or_default()
        .into_iter()
        .map(pem::Pem::into_contents)
        .collect();
    global_change(
        data,
        spec(
            "directory-set",
            "Set the directory",
            args,
            Some(request.password),
            sink,
        ),
        io,
        |cms, log| {
            let replica = LocalConfigurationStore::open(data)?;
            let roots = roots(data, replica.as_ref(), &own_ca);
            // Nothing is published until the directory answers, verified, to this account.
            let mut connection = Connection::open(&request.settings, request.password, &roots)?;
            let dse = prepare::root_dse(&mut connection)?;
            drop(connection);
            log.tell(
                Reason::new("said-dir-connected")
                    .with("url", &request.settings.url)
                    .with("account", &request.settings.bind_dn)
                    .with("kind", format!("{:?}", dse.kind)),
            );
            let revision = cms.publish(&documents)?.revision;
            log.tell(Reason::new("said-dir-published").with("revision", revision));
            Ok(revision)
        },
    )
}

/// Every step's state, read from the directory.
#[derive(Debug, Clone, Serialize)]
pub struct DirectoryStatus {
    /// The settings.
    pub settings: DirectorySettings,
    /// What answered.
    pub kind: prepare::Kind,
    /// Each step and its state.
    pub steps: Vec<StepView>,
    /// The administrators' group's members (the bind account aside).
    pub administrators: Vec<String>,
}

/// A step and its state.
#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    /// The step.
    pub step: Step,
    /// Its state.
    #[serde(flatten)]
    pub state: StepState,
}

/// Reads every step's state.
pub fn status(data: &DataDir) -> Result<DirectoryStatus, DirectoryError> {
    let (published, mut conn) = connect(data)?;
    let kind = prepare::root_dse(&mut conn)?.kind;
    let steps = prepare::state(&mut conn, &published.settings)?
        .into_iter()
        .map(|(step, state)| StepView { step, state })
        .collect();
    let (_, administrators) = prepare::administrators_state(&mut conn, &published.settings)?;
    Ok(DirectoryStatus {
        settings: published.settings,
        kind,
        steps,
        administrators,
    })
}

fn step_title(step: Step) -> &'static str {
    match step {
        Step::Schema => "Prepare Schema",
        Step::Forest => "Prepare Current Forest",
        Step::Domain => "Prepare Current Domain",
        Step::Administrators => "Add users to the administrators' group",
    }
}

/// Runs one Prepare Directory step (`identity`: the user to add, for the administrators' step).
pub fn prepare(
    data: &DataDir,
    step: Step,
    identity: Option<&str>,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<(Done, String), StepError<DirectoryError>> {
    let mut args = vec!["directory".to_string(), step.command().to_string()];
    if let Some(identity) = identity {
        args.extend(["--identity".into(), identity.to_string()]);
    }
    let kind = format!("directory-{}", step.command());
    run_logged(
        data,
        spec(&kind, step_title(step), args, None, sink),
        io,
        |log| {
            let (published, mut conn) = connect(data)?;
            let settings = &published.settings;
            log.redactor().register(&published.password);
            let done = match step {
                Step::Schema => prepare::prepare_schema(&mut conn)?,
                Step::Forest => prepare::prepare_forest(&mut conn, settings)?,
                Step::Domain => prepare::prepare_domain(&mut conn, settings)?,
                Step::Administrators => {
                    let identity = identity.ok_or_else(|| {
                        DirectoryError::refused(
                            "say which user to add with --identity",
                            Reason::new("why-dir-identity-needed"),
                        )
                    })?;
                    let user = users::find(&mut conn, settings, identity)?;
                    prepare::add_administrator(&mut conn, settings, &user.dn)?
                }
            };
            match &done {
                Done::AlreadyComplete => {
                    log.tell(Reason::new("said-dir-step-complete").with("step", step.command()))
                }
                Done::Added(what) => {
                    for dn in what {
                        log.tell(Reason::new("said-dir-added").with("what", dn));
                    }
                }
            }
            Ok(done)
        },
    )
}

/// Lists users (`text`: a part of a name, account, mail or SIP address).
pub fn list_users(
    data: &DataDir,
    text: Option<&str>,
    enabled_only: bool,
) -> Result<Vec<DirectoryUser>, DirectoryError> {
    let (published, mut conn) = connect(data)?;
    users::list(&mut conn, &published.settings, text, enabled_only)
}

/// One user.
pub fn show_user(data: &DataDir, identity: &str) -> Result<DirectoryUser, DirectoryError> {
    let (published, mut conn) = connect(data)?;
    users::find(&mut conn, &published.settings, identity)
}

/// What `users enable` is given.
pub struct EnableUser<'a> {
    /// Account name, mail address or DN.
    pub identity: &'a str,
    /// `sip:NAME@DOMAIN`.
    pub sip_address: &'a str,
    /// The registrar pool.
    pub pool: &'a str,
    /// Where a new SIP password is written (a new file, 0600 from its first byte).
    pub password_out: Option<&'a Path>,
    /// Make a new SIP password even when the user has one for this address.
    pub new_password: bool,
}

/// Enables a user: SIP address and registrar pool checked against the topology first. A new
/// SIP password is made when the user has none for this address (or when asked): written to
/// `password_out` only, its digest credential (HA1) to the directory.
pub fn enable_user(
    data: &DataDir,
    request: &EnableUser<'_>,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<(Changed, String), StepError<DirectoryError>> {
    let checked = (|| {
        let replica = LocalConfigurationStore::require(data)?;
        let topology = replica.topology()?;
        let identity = users::check_identity(request.identity)?;
        let address = users::check_sip_address(request.sip_address, &topology)?;
        let pool = users::check_pool(request.pool, &topology)?;
        if let Some(path) = request.password_out
            && path.exists()
        {
            return Err(DirectoryError::refused(
                format!(
                    "{} exists: the SIP password is written only to a new file; give another path",
                    path.display()
                ),
                Reason::new("why-user-password-file-exists").with("path", path.display()),
            ));
        }
        Ok::<_, DirectoryError>((identity, address, pool))
    })()
    .map_err(|error| StepError { error, run: None })?;
    let (identity, address, pool) = checked;
    let mut args: Vec<String> = [
        "users",
        "enable",
        "--identity",
        &identity,
        "--sip-address",
        &address,
        "--pool",
        &pool,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if let Some(path) = request.password_out {
        args.extend(["--password-out".into(), path.display().to_string()]);
    }
    if request.new_password {
        args.push("--new-password".into());
    }
    run_logged(
        data,
        spec("users-enable", "Enable a user", args, None, sink),
        io,
        |log| {
            let (published, mut conn) = connect(data)?;
            log.redactor().register(&published.password);
            require_schema(&mut conn)?;
            let settings = &published.settings;
            let needs = request.new_password
                || users::needs_credential(&mut conn, settings, &identity, &address)?;
            if !needs {
                let changed = users::enable(&mut conn, settings, &identity, &address, &pool, None)?;
                tell_changed(log, &changed, "said-user-enabled");
                return Ok(changed);
            }
            let path = request.password_out.ok_or_else(|| {
            DirectoryError::refused(
                format!(
                    "a new SIP password is made for {identity} ({address}): give --password-out FILE to receive it"
                ),
                Reason::new("why-user-password-out-needed")
                    .with("identity", &identity)
                    .with("address", &address),
            )
        })?;
            let password = users::new_password();
            log.redactor().register(&password);
            write_new_private(path, format!("{password}\n").as_bytes()).map_err(|e| {
                DirectoryError::refused(
                    format!("cannot write the SIP password to {}: {e}", path.display()),
                    Reason::new("why-user-password-file")
                        .with("path", path.display())
                        .with("error", e),
                )
            })?;
            let credential = users::credential(&address, &password);
            match users::enable(
                &mut conn,
                settings,
                &identity,
                &address,
                &pool,
                Some(&credential),
            ) {
                Ok(mut changed) => {
                    changed.password_file = Some(path.display().to_string());
                    tell_changed(log, &changed, "said-user-enabled");
                    log.tell(
                        Reason::new("said-user-password-written").with("path", path.display()),
                    );
                    Ok(changed)
                }
                Err(error) => {
                    // Nothing left behind: the password of a credential never stored goes.
                    let _ = std::fs::remove_file(path);
                    Err(error)
                }
            }
        },
    )
}

/// Creates `path` (it must not exist) owner-only from its first byte and writes `bytes`.
fn write_new_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if written.is_err() {
        let _ = std::fs::remove_file(path);
    }
    written
}

/// Disables a user.
pub fn disable_user(
    data: &DataDir,
    identity: &str,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<(Changed, String), StepError<DirectoryError>> {
    let identity =
        users::check_identity(identity).map_err(|error| StepError { error, run: None })?;
    let args = ["users", "disable", "--identity", &identity]
        .iter()
        .map(|s| s.to_string())
        .collect();
    run_logged(
        data,
        spec("users-disable", "Disable a user", args, None, sink),
        io,
        |log| {
            let (published, mut conn) = connect(data)?;
            log.redactor().register(&published.password);
            let changed = users::disable(&mut conn, &published.settings, &identity)?;
            tell_changed(log, &changed, "said-user-disabled");
            Ok(changed)
        },
    )
}

fn require_schema(conn: &mut Connection) -> Result<(), DirectoryError> {
    let dse = prepare::root_dse(conn)?;
    match prepare::schema_state(conn, &dse)? {
        StepState::Complete => Ok(()),
        _ => Err(prepare::not_prepared(Step::Schema)),
    }
}

fn tell_changed(log: &mut crate::log::RunLog, changed: &Changed, said: &str) {
    if changed.changed {
        log.tell(
            Reason::new(said)
                .with("identity", &changed.user.identity)
                .with(
                    "address",
                    changed.user.sip_address.as_deref().unwrap_or("-"),
                ),
        );
    } else {
        log.tell(Reason::new("said-user-unchanged").with("identity", &changed.user.identity));
    }
}
