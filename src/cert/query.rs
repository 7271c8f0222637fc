//! Read-only certificate queries: the Certificate Wizard's main page (`cert usages`), the
//! request context and name preview, assignment candidates, trusted roots and the checks of one
//! certificate. Nothing here changes the machine; the commands that do are in `deploy`.

use serde::Serialize;
use time::{Duration, OffsetDateTime};

use super::CertError;
use super::assign::all_assignments;
use super::check::{Check, CheckFailure, check_for_usage};
use super::lab;
use super::request::RequestSpec;
use super::store::{CertStore, StoredCert};
use super::usage::{Usage, required_names, required_usages};
use crate::data_dir::DataDir;
use crate::store::LocalConfigurationStore;
use crate::topology::{ServerPlace, Topology};

/// What every certificate query reads: the replica, its topology, and this server's place.
pub struct Context {
    /// The replica.
    pub replica: LocalConfigurationStore,
    /// Its topology.
    pub topology: Topology,
    /// This server in it.
    pub place: ServerPlace,
}

/// Reads the replica (step 1 must have run).
pub fn context(data: &DataDir) -> Result<Context, CertError> {
    let replica = LocalConfigurationStore::require(data)?;
    let topology = replica.topology()?;
    let place = replica.this_server()?;
    Ok(Context {
        replica,
        topology,
        place,
    })
}

/// The topology's default SIP domain.
pub fn default_domain(topology: &Topology) -> String {
    topology
        .default_sip_domain()
        .unwrap_or_default()
        .to_string()
}

/// The only CA detected in the environment, or why there is none to choose.
pub fn only_detected_ca(replica: &LocalConfigurationStore) -> Result<String, CertError> {
    let cas = lab::detected(replica)?;
    match cas.as_slice() {
        [one] => Ok(one.name.clone()),
        [] => Err(CertError::BadInput(
            "no CA is detected in the environment: give --ca URL (an ACME directory), --offline FILE, or create a lab CA with `deploy-wizard cms ca create`".into(),
        )),
        many => Err(CertError::BadInput(format!(
            "several CAs are detected ({}); choose one with --ca NAME",
            many.iter().map(|c| c.name.as_str()).collect::<Vec<_>>().join(", ")
        ))),
    }
}

/// Roots trusted for checks: every lab CA of the replica and every imported root.
pub fn trusted_roots(
    data: &DataDir,
    replica: &LocalConfigurationStore,
) -> Result<Vec<Vec<u8>>, CertError> {
    let mut roots = lab::trusted_roots(replica)?;
    let dir = data.root().join("trusted-roots");
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries.flatten() {
            if let Ok(bytes) = std::fs::read(entry.path())
                && let Ok(block) = pem::parse(bytes)
            {
                roots.push(block.into_contents());
            }
        }
    }
    Ok(roots)
}

/// Checks a stored certificate against `usage` on this server.
pub fn check(
    data: &DataDir,
    thumbprint: &str,
    usage: Usage,
) -> Result<Vec<CheckFailure>, CertError> {
    let ctx = context(data)?;
    let store = CertStore::open(data);
    let cert = store.get(thumbprint)?;
    let roots = trusted_roots(data, &ctx.replica)?;
    check_in(&ctx, &store, &cert, usage, &roots)
}

/// Checks `cert` against `usage` with this server's context and trusted roots already read
/// (a command checking one certificate for several usages reads them once).
pub fn check_in(
    ctx: &Context,
    store: &CertStore,
    cert: &StoredCert,
    usage: Usage,
    roots: &[Vec<u8>],
) -> Result<Vec<CheckFailure>, CertError> {
    let names =
        required_names(&ctx.topology, &ctx.place, usage, &[]).map_err(CertError::BadInput)?;
    Ok(check_for_usage(
        store,
        cert,
        usage,
        &names,
        &default_domain(&ctx.topology),
        roots,
    ))
}

/// State of one usage on the Certificate Wizard's main page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum UsageState {
    /// Assigned and passing every check.
    Valid,
    /// Valid, but expires within 30 days.
    Expiring,
    /// Assigned but failing a check.
    Invalid,
    /// Nothing assigned.
    Missing,
}

/// One row of the Certificate Wizard's main page (`cert usages`).
#[derive(Debug, Clone, Serialize)]
pub struct UsageStatus {
    /// Usage.
    pub usage: Usage,
    /// `local` or `global`.
    pub scope: &'static str,
    /// State.
    pub state: UsageState,
    /// Current certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumbprint: Option<String>,
    /// Its friendly name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub friendly_name: Option<String>,
    /// Its expiry.
    #[serde(
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub not_after: Option<OffsetDateTime>,
    /// Previous certificate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<String>,
    /// A roll waiting for its date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending: Option<super::assign::PendingRoll>,
    /// Failed checks (Invalid).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub failures: Vec<CheckFailure>,
    /// When `cert renew` renews it (a certificate it knows how to request again).
    #[serde(
        with = "time::serde::rfc3339::option",
        skip_serializing_if = "Option::is_none"
    )]
    pub renews_on: Option<OffsetDateTime>,
    /// Why its last renewal (or the deployment of the renewed certificate) failed, while it has
    /// not succeeded since: the usage shows red until then.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renewal_failed: Option<String>,
    /// The same as data, for the faces to word in their language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renewal_failed_why: Option<crate::log::Reason>,
}

/// Every usage this server needs, with its state.
pub fn usage_statuses(data: &DataDir) -> Result<Vec<UsageStatus>, CertError> {
    let ctx = context(data)?;
    let store = CertStore::open(data);
    let anchors = super::check::Anchors::new(&trusted_roots(data, &ctx.replica)?);
    let all = all_assignments(data)?;
    let renewal = super::renewal::RenewalState::load(data)?;
    let settings = crate::settings::Settings::load(data);
    let mut rows = Vec::new();
    for usage in required_usages(&ctx.place) {
        let assignment = all.get(&usage).cloned().unwrap_or_default();
        let mut row = UsageStatus {
            usage,
            scope: if usage.is_global() { "global" } else { "local" },
            state: UsageState::Missing,
            thumbprint: assignment.current.clone(),
            friendly_name: None,
            not_after: None,
            previous: assignment.previous.clone(),
            pending: assignment.pending.clone(),
            failures: Vec::new(),
            renews_on: None,
            renewal_failed: renewal
                .usages
                .get(&usage)
                .and_then(|r| r.last_error.clone()),
            renewal_failed_why: renewal
                .usages
                .get(&usage)
                .and_then(|r| r.last_reason.clone()),
        };
        if let Some(thumb) = &assignment.current {
            match store.get(thumb) {
                Ok(cert) => {
                    let names = required_names(&ctx.topology, &ctx.place, usage, &[])
                        .map_err(CertError::BadInput)?;
                    row.failures = super::check::check_anchored(
                        &store,
                        &cert,
                        usage,
                        &names,
                        &default_domain(&ctx.topology),
                        &anchors,
                    );
                    row.friendly_name = Some(cert.meta.friendly_name.clone());
                    row.not_after = Some(cert.info.not_after);
                    row.renews_on = cert.meta.request.is_some().then(|| {
                        renewal.due(
                            thumb,
                            &cert.info,
                            &super::renewal::policies_of(&[usage], &settings),
                        )
                    });
                    row.state = if !row.failures.is_empty() {
                        UsageState::Invalid
                    } else if cert.info.not_after - OffsetDateTime::now_utc() < Duration::days(30) {
                        UsageState::Expiring
                    } else {
                        UsageState::Valid
                    };
                }
                Err(_) => {
                    row.state = UsageState::Invalid;
                    row.failures.push(CheckFailure::new(
                        Check::PrivateKey,
                        format!("certificate {thumb} is assigned but not in this server's store"),
                        crate::log::Reason::new("why-assigned-not-in-store")
                            .with("thumbprint", thumb),
                    ));
                }
            }
        }
        rows.push(row);
    }
    Ok(rows)
}

/// The usages a certificate is assigned to on this server, as `Usage (current|previous|from DATE)`.
pub fn assigned_usages(data: &DataDir, thumbprint: &str) -> Result<Vec<AssignedAs>, CertError> {
    let thumb = thumbprint.trim().to_ascii_uppercase();
    let all = all_assignments(data)?;
    let mut out = Vec::new();
    for (usage, a) in all {
        if a.current.as_deref() == Some(thumb.as_str()) {
            out.push(AssignedAs::Current(usage));
        }
        if a.previous.as_deref() == Some(thumb.as_str()) {
            out.push(AssignedAs::Previous(usage));
        }
        if let Some(p) = a.pending.as_ref().filter(|p| p.thumbprint == thumb) {
            out.push(AssignedAs::From(usage, p.effective));
        }
    }
    Ok(out)
}

/// How a certificate serves a usage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssignedAs {
    /// It is the usage's current certificate.
    Current(Usage),
    /// It was the usage's certificate before the current one.
    Previous(Usage),
    /// It becomes current at this date (a roll).
    From(Usage, OffsetDateTime),
}

impl AssignedAs {
    /// In English, as `cert show --json` gives it.
    pub fn english(&self) -> String {
        let reason = self.reason();
        let usage = &reason.args["usage"];
        match self {
            AssignedAs::Current(_) => format!("{usage} (current)"),
            AssignedAs::Previous(_) => format!("{usage} (previous)"),
            AssignedAs::From(..) => format!("{usage} (from {})", reason.args["date"]),
        }
    }

    /// The same as data, for the faces to word.
    pub fn reason(&self) -> crate::log::Reason {
        use crate::log::Reason;
        match self {
            AssignedAs::Current(usage) => Reason::new("assigned-current").with("usage", usage),
            AssignedAs::Previous(usage) => Reason::new("assigned-previous").with("usage", usage),
            AssignedAs::From(usage, date) => {
                Reason::new("assigned-from").with("usage", usage).with(
                    "date",
                    date.format(&time::format_description::well_known::Rfc3339)
                        .unwrap_or_default(),
                )
            }
        }
    }
}

/// What the Certificate Wizard's Request pages need to know about this server.
#[derive(Debug, Clone)]
pub struct RequestContext {
    /// This server's FQDN.
    pub server: String,
    /// The usages it needs.
    pub usages: Vec<Usage>,
    /// The topology's SIP domains.
    pub sip_domains: Vec<String>,
    /// The default SIP domain.
    pub default_domain: String,
    /// CAs detected in the environment (lab CAs of the replica).
    pub cas: Vec<lab::DetectedCa>,
}

/// Reads this server's request context from the replica.
pub fn request_context(data: &DataDir) -> Result<RequestContext, CertError> {
    let ctx = context(data)?;
    Ok(RequestContext {
        server: ctx.place.server.clone(),
        usages: required_usages(&ctx.place),
        sip_domains: ctx
            .topology
            .sip_domains
            .iter()
            .map(|d| d.name.clone())
            .collect(),
        default_domain: default_domain(&ctx.topology),
        cas: lab::detected(&ctx.replica)?,
    })
}

/// The subject and subject alternative names a request with `spec` would carry (nothing is
/// generated or written).
pub fn preview_names(
    data: &DataDir,
    spec: &RequestSpec,
) -> Result<super::RequiredNames, CertError> {
    let ctx = context(data)?;
    super::request::request_names(&ctx.topology, &ctx.place, spec)
}

/// A certificate of the store offered for assignment, with the checks it failed per usage.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The certificate.
    pub cert: StoredCert,
    /// Every usage asked for, with the checks the certificate fails for it (empty = passes).
    pub checks: Vec<(Usage, Vec<CheckFailure>)>,
}

impl Candidate {
    /// Whether it passes every check of every usage.
    pub fn selectable(&self) -> bool {
        self.checks.iter().all(|(_, failures)| failures.is_empty())
    }
}

/// Every certificate of the store, checked against each of `usages` on this server; the
/// ones that pass come first, newest first.
pub fn candidates(data: &DataDir, usages: &[Usage]) -> Result<Vec<Candidate>, CertError> {
    let ctx = context(data)?;
    let store = CertStore::open(data);
    let anchors = super::check::Anchors::new(&trusted_roots(data, &ctx.replica)?);
    let domain = default_domain(&ctx.topology);
    let mut names = Vec::new();
    for &usage in usages {
        names.push((
            usage,
            required_names(&ctx.topology, &ctx.place, usage, &[]).map_err(CertError::BadInput)?,
        ));
    }
    // The chain and key verdicts come from the store's index (made again for what changed).
    let check = |indexed: super::index::Indexed| {
        let cert = indexed.cert;
        let checks = names
                .iter()
                .map(|(usage, names)| {
                    let mut failures =
                        super::check::check_with(&cert, &indexed.verdicts, *usage, names, &domain);
                    if usage.is_global() && !cert.meta.exportable {
                        failures.push(CheckFailure::new(
                            Check::ExportableKey,
                            format!(
                                "{usage} is shared by every Front End through the central management store, so its private key must be exportable"
                            ),
                            crate::log::Reason::new("why-not-exportable").with("usage", usage),
                        ));
                    }
                    (*usage, failures)
                })
                .collect();
        Candidate { cert, checks }
    };
    let mut out: Vec<Candidate> = super::index::scan(&store, &anchors)?
        .into_iter()
        .map(check)
        .collect();
    out.sort_by(|a, b| {
        b.selectable()
            .cmp(&a.selectable())
            .then(b.cert.meta.added_at.cmp(&a.cert.meta.added_at))
    });
    Ok(out)
}
