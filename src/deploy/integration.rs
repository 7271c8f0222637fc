//! Server-to-server actions as logged runs (the CLI and the GUI call these): set the Exchange
//! autodiscover URL, add, remove and test partner applications. Each publishes to the CMS, then
//! replicates it (step 1) so this server sees the change at once.

use time::OffsetDateTime;
use tokio::sync::mpsc::UnboundedSender;

use crate::data_dir::DataDir;
use crate::deploy::{self, RunSpec, StepError};
use crate::https;
use crate::integration::oauth;
use crate::integration::partners::{self, Check, PartnerApplication, TrustLevel};
use crate::log::{Level, Reason, Redactor, Refusal, RunEvent};
use crate::store::{LocalConfigurationStore, StoreError};

fn spec<'a>(
    kind: &'a str,
    title: &'a str,
    args: &[&str],
    sink: Option<UnboundedSender<RunEvent>>,
) -> RunSpec<'a> {
    RunSpec {
        kind,
        title,
        redactor: Redactor::new(),
        sink,
        args: args.iter().map(|a| a.to_string()).collect(),
    }
}

fn io(what: &str, e: std::io::Error) -> StoreError {
    StoreError::io(what)(e)
}

fn refused(message: String) -> StepError<StoreError> {
    StepError {
        error: StoreError::BadLocation(message),
        run: None,
    }
}

fn fetch(
    data: &DataDir,
    replica: &LocalConfigurationStore,
    url: &str,
) -> Result<Result<Vec<u8>, String>, StoreError> {
    let roots = crate::cert::query::trusted_roots(data, replica)
        .map_err(|e| StoreError::BadLocation(format!("cannot read the trusted roots: {e}")))?;
    let agent = https::agent(&roots);
    Ok(https::get(
        &agent,
        url,
        partners::MAX_DOCUMENT,
        "import the partner's root with `deploy-wizard cert import ROOT.pem --trust`",
    ))
}

/// Sets the Exchange autodiscover URL for every server; returns the URL as stored, the CMS
/// revision and the run id.
pub fn set_autodiscover_url(
    data: &DataDir,
    url: &str,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<(String, u64, String), StepError<StoreError>> {
    let url = oauth::check_autodiscover_url(url).map_err(|refusal| StepError {
        error: StoreError::from(refusal),
        run: None,
    })?;
    let args = ["oauth", "set", "--exchange-autodiscover-url", &url];
    let (revision, run) = deploy::global_change(
        data,
        spec("oauth-set", "Set OAuth Configuration", &args, sink),
        io,
        |cms, log| {
            let revision = oauth::publish_autodiscover_url(cms, &url)?;
            log.tell(
                Reason::new("said-autodiscover-published")
                    .with("url", &url)
                    .with("revision", revision),
            );
            Ok(revision)
        },
    )?;
    Ok((url, revision, run))
}

/// Trusts a partner: fetches and checks its metadata document, publishes it to the CMS. Nothing
/// is saved when any of that fails.
pub fn new_partner(
    data: &DataDir,
    identity: &str,
    metadata_url: &str,
    trust_level: TrustLevel,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<(PartnerApplication, String), StepError<StoreError>> {
    let identity = identity.trim();
    let metadata_url = metadata_url.trim();
    partners::check_identity(identity).map_err(refused)?;
    partners::check_metadata_url(metadata_url).map_err(refused)?;
    let replica =
        LocalConfigurationStore::require(data).map_err(|error| StepError { error, run: None })?;
    let exists =
        partners::find(&replica, identity).map_err(|error| StepError { error, run: None })?;
    if exists.is_some() {
        return Err(refused(format!(
            "a partner application named {identity} exists; remove it first"
        )));
    }
    let level = format!("{trust_level:?}");
    let args = [
        "partner",
        "new",
        "--identity",
        identity,
        "--metadata-url",
        metadata_url,
        "--trust-level",
        &level,
    ];
    let (partner, run) = deploy::global_change(
        data,
        spec("partner-new", "New Partner Application", &args, sink),
        io,
        |cms, log| {
            log.tell(Reason::new("said-fetching").with("url", metadata_url));
            let bytes =
                fetch(data, &replica, metadata_url)?.map_err(|reason| StoreError::Http {
                    url: metadata_url.to_string(),
                    reason,
                })?;
            let metadata = partners::parse_metadata(&bytes)
                .map_err(|reason| StoreError::BadLocation(format!("{metadata_url}: {reason}")))?;
            log.tell(
                Reason::new("said-metadata-read")
                    .with("url", metadata_url)
                    .with("issuer", &metadata.issuer)
                    .with("count", metadata.certificates.len()),
            );
            let partner = PartnerApplication {
                identity: identity.to_string(),
                metadata_url: metadata_url.to_string(),
                trust_level,
                issuer: metadata.issuer.clone(),
                certificates: metadata
                    .certificates
                    .iter()
                    .map(|c| c.thumbprint.clone())
                    .collect(),
                added_at: OffsetDateTime::now_utc(),
                document: metadata.document,
            };
            let revision = partners::publish(cms, &partner)?;
            log.tell(
                Reason::new("said-partner-published")
                    .with("partner", &partner.identity)
                    .with("revision", revision),
            );
            Ok(partner)
        },
    )?;
    Ok((partner, run))
}

/// Stops trusting a partner; returns the CMS revision and the run id.
pub fn remove_partner(
    data: &DataDir,
    identity: &str,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<(u64, String), StepError<StoreError>> {
    let (revision, run) = deploy::global_change(
        data,
        spec(
            "partner-remove",
            "Remove Partner Application",
            &["partner", "remove", identity],
            sink,
        ),
        io,
        |cms, log| match partners::remove(cms, identity)? {
            Some(revision) => {
                log.tell(
                    Reason::new("said-partner-removed")
                        .with("partner", identity)
                        .with("revision", revision),
                );
                Ok(revision)
            }
            None => Err(Refusal::new(
                format!("there is no partner application named {identity}"),
                Reason::new("why-partner-unknown").with("partner", identity),
            )
            .into()),
        },
    )?;
    Ok((revision, run))
}

/// `[ok] name: detail`, and for a failed check its usual cause after `separator`.
fn check_line(check: &Check, separator: &str) -> String {
    let mut line = format!(
        "[{}] {}: {}",
        if check.passed { "ok" } else { "failed" },
        check.name,
        check.detail
    );
    if let Some(cause) = check.usual_cause {
        line.push_str(&format!("{separator}usual cause: {cause}"));
    }
    line
}

/// What `partner test` found.
#[derive(Debug, Clone)]
pub struct PartnerTest {
    /// The partner.
    pub identity: String,
    /// Every check, in order.
    pub checks: Vec<Check>,
    /// The run id.
    pub run: Option<String>,
}

impl PartnerTest {
    /// The checks as text: `[ok] name: detail`, with the usual cause under a failed one.
    pub fn report(&self) -> String {
        self.checks
            .iter()
            .map(|c| check_line(c, "\n    "))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// How many checks failed.
    pub fn failed(&self) -> usize {
        self.checks.iter().filter(|c| !c.passed).count()
    }
}

/// Why `partner test` failed, with the checks when it got as far as running them.
#[derive(Debug)]
pub struct PartnerTestError {
    /// The error (a failed check fails the run's command).
    pub error: StepError<StoreError>,
    /// The checks, when the document was checked.
    pub test: Option<PartnerTest>,
}

/// Fetches the partner's document again and checks it (TLS chain, shape, signing
/// certificates). The run's command fails when a check fails; the checks are returned either way
/// (the error holds them).
pub fn test_partner(
    data: &DataDir,
    identity: &str,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<PartnerTest, Box<PartnerTestError>> {
    let no_run = |error| {
        Box::new(PartnerTestError {
            error: StepError { error, run: None },
            test: None,
        })
    };
    let replica = LocalConfigurationStore::require(data).map_err(no_run)?;
    let partner = partners::find(&replica, identity)
        .map_err(no_run)?
        .ok_or_else(|| {
            no_run(StoreError::from(Refusal::new(
                format!(
                    "there is no partner application named {identity}; `deploy-wizard partner list` shows them"
                ),
                Reason::new("why-partner-unknown-list").with("partner", identity),
            )))
        })?;
    let mut outcome = PartnerTest {
        identity: partner.identity.clone(),
        checks: Vec::new(),
        run: None,
    };
    let result = deploy::run_logged(
        data,
        spec(
            "partner-test",
            "Test Partner Application",
            &["partner", "test", identity],
            sink,
        ),
        io,
        |log| {
            log.tell(Reason::new("said-fetching").with("url", &partner.metadata_url));
            let fetched = fetch(data, &replica, &partner.metadata_url)?;
            outcome.checks = partners::test(&partner, fetched);
            for check in &outcome.checks {
                let level = if check.passed {
                    Level::Info
                } else {
                    Level::Error
                };
                log.line(level, &check_line(check, " — "));
            }
            let failed = outcome.failed();
            if failed > 0 {
                let names: Vec<&str> = outcome
                    .checks
                    .iter()
                    .filter(|c| !c.passed)
                    .map(|c| c.name)
                    .collect();
                let whys = outcome
                    .checks
                    .iter()
                    .filter_map(|c| c.why.clone())
                    .collect();
                return Err(StoreError::from(Refusal::new(
                    format!("{failed} check(s) failed: {}", names.join(", ")),
                    crate::log::Reason::new("why-partner-checks-failed")
                        .with("count", failed)
                        .with_parts(whys),
                )));
            }
            Ok(())
        },
    );
    match result {
        Ok(((), run)) => {
            outcome.run = Some(run);
            Ok(outcome)
        }
        Err(error) => {
            outcome.run.clone_from(&error.run);
            let test = (!outcome.checks.is_empty()).then_some(outcome);
            Err(Box::new(PartnerTestError { error, test }))
        }
    }
}

/// Publishes a new TURN secret for the A/V Edges and the Front Ends (a global change: every
/// server gets it by step 1, and the Edges' step 2 writes it into coturn's configuration).
/// Credentials issued with the old secret stop working. Returns the CMS revision and the run.
pub fn rotate_turn_secret(
    data: &DataDir,
    sink: Option<UnboundedSender<RunEvent>>,
) -> Result<(u64, String), StepError<StoreError>> {
    deploy::global_change(
        data,
        spec(
            "turn-secret",
            "Rotate the TURN Secret",
            &["edge", "secret-rotate"],
            sink,
        ),
        io,
        |cms, log| {
            let revision = crate::integration::turn::rotate_secret(cms)?;
            log.tell(Reason::new("said-turn-secret-rotated").with("revision", revision));
            Ok(revision)
        },
    )
}

/// A TURN credential for `user` valid `ttl` seconds, from the secret this server's replica
/// holds (what a Front End's media relay authentication service hands out).
pub fn turn_credential(
    data: &DataDir,
    user: &str,
    ttl: u64,
) -> Result<crate::integration::turn::Credential, StoreError> {
    use crate::integration::turn;
    let user = turn::check_request(user, ttl).map_err(StoreError::BadLocation)?;
    let replica = LocalConfigurationStore::require(data)?;
    let secret = turn::secret(&replica)?.ok_or_else(|| {
        StoreError::from(Refusal::new(
            "this server has no TURN secret: publish one with `deploy-wizard edge secret-rotate` on the server that writes the CMS, then run step 1 here",
            Reason::new("why-turn-no-secret"),
        ))
    })?;
    let now = OffsetDateTime::now_utc().unix_timestamp().max(0) as u64;
    Ok(turn::credential(&secret, &user, ttl, now))
}
