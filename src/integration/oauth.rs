//! The global OAuth configuration: where server-to-server authentication finds Exchange's
//! autodiscover service. Published to the CMS like every global setting.

use crate::log::{Reason, Refusal};
use serde::{Deserialize, Serialize};

use crate::store::{CentralStore, LocalConfigurationStore, StoreError};
use crate::topology::{ServerPlace, Topology, normalize_dns_name, url_host};

/// The URL of this server's metadata document, served by its web services (none without them).
pub fn metadata_url(topology: &Topology, place: &ServerPlace) -> Option<String> {
    topology
        .pool(&place.pool)
        .and_then(|p| p.web_services.as_ref())
        .map(|web| {
            format!(
                "https://{}:{}/metadata/json/1",
                web.internal_fqdn, web.internal_port
            )
        })
}

/// The OAuth configuration document.
pub const DOC: &str = "global/oauth-configuration.json";

/// Global OAuth settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct OAuthConfiguration {
    /// Exchange autodiscover service URL (`…/autodiscover/autodiscover.svc`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exchange_autodiscover_url: Option<String>,
}

/// Checks an Exchange autodiscover URL and returns it with its host canonicalised.
pub fn check_autodiscover_url(url: &str) -> Result<String, Refusal> {
    let url = url.trim();
    if !url.to_ascii_lowercase().starts_with("https://") {
        return Err(Refusal::new(
            format!(
                "{url} is not an https:// URL; server-to-server authentication only talks to Exchange over HTTPS"
            ),
            Reason::new("s2s-url-not-https").with("url", url),
        ));
    }
    let url = format!("https://{}", &url[8..]);
    let host = url_host(&url).ok_or_else(|| {
        Refusal::new(
            format!("{url} has no host name"),
            Reason::new("url-no-host").with("url", &url),
        )
    })?;
    let canonical = normalize_dns_name(host, false).map_err(|e| {
        Refusal::new(
            format!("{url}: {e}"),
            Reason::new("why-bad-host")
                .with("url", &url)
                .with("detail", &e),
        )
    })?;
    let path = url[8 + host.len()..]
        .split(['?', '#'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if path.ends_with("autodiscover.xml") {
        return Err(Refusal::new(
            format!(
                "{url} points at the autodiscover.xml file; server-to-server authentication calls the autodiscover service endpoint instead: use https://{canonical}/autodiscover/autodiscover.svc"
            ),
            Reason::new("s2s-url-xml"),
        ));
    }
    Ok(url.replacen(host, &canonical, 1))
}

fn parse(bytes: &[u8], what: &str) -> Result<OAuthConfiguration, StoreError> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt {
        what: what.into(),
        reason: e.to_string(),
    })
}

/// The configuration as replicated to this server.
pub fn replicated(replica: &LocalConfigurationStore) -> Result<OAuthConfiguration, StoreError> {
    match replica.document(DOC)? {
        Some(bytes) => parse(&bytes, "the replicated OAuth configuration"),
        None => Ok(OAuthConfiguration::default()),
    }
}

/// Server-to-server authentication as this server sees it (`oauth show`, the window's
/// server-to-server screen): one overview for both faces.
#[derive(Debug, Clone, Serialize)]
pub struct Overview {
    /// The realm: the default SIP domain (the metadata document's issuer).
    pub realm: String,
    /// The OAuth configuration (Exchange autodiscover URL).
    pub configuration: OAuthConfiguration,
    /// The global OAuthTokenIssuer assignment.
    pub oauth_token_issuer: crate::cert::assign::Assignment,
    /// Where this server publishes its metadata document, if it has web services.
    pub metadata_url: Option<String>,
    /// The partner applications.
    pub partners: Vec<super::partners::PartnerApplication>,
}

/// Reads the overview from the replica.
pub fn overview(replica: &LocalConfigurationStore) -> Result<Overview, StoreError> {
    let topology = replica.topology()?;
    let place = replica.this_server()?;
    Ok(Overview {
        realm: topology
            .default_sip_domain()
            .unwrap_or_default()
            .to_string(),
        configuration: replicated(replica)?,
        oauth_token_issuer: crate::cert::global::replicated_assignment(replica).map_err(|e| {
            StoreError::Corrupt {
                what: "the replicated OAuthTokenIssuer assignment".into(),
                reason: e.to_string(),
            }
        })?,
        metadata_url: metadata_url(&topology, &place),
        partners: super::partners::replicated(replica)?,
    })
}

/// Publishes a new autodiscover URL to the CMS; returns the revision.
pub fn publish_autodiscover_url(cms: &CentralStore, url: &str) -> Result<u64, StoreError> {
    let mut config = match cms.document(DOC)? {
        Some(bytes) => parse(&bytes, "the OAuth configuration in the CMS")?,
        None => OAuthConfiguration::default(),
    };
    config.exchange_autodiscover_url = Some(url.to_string());
    let mut json = serde_json::to_vec_pretty(&config).expect("the configuration serialises");
    json.push(b'\n');
    Ok(cms.publish(&[(DOC, json)])?.revision)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn autodiscover_url_must_be_https_and_the_service_endpoint() {
        assert_eq!(
            check_autodiscover_url(
                "https://AutoDiscover.Contoso.com/autodiscover/autodiscover.svc"
            )
            .unwrap(),
            "https://autodiscover.contoso.com/autodiscover/autodiscover.svc"
        );
        let error =
            check_autodiscover_url("http://autodiscover.contoso.com/autodiscover/autodiscover.svc")
                .unwrap_err();
        assert!(error.english.contains("not an https:// URL"), "{error}");
        assert_eq!(error.why.id, "s2s-url-not-https");
        let error = check_autodiscover_url(
            "https://autodiscover.contoso.com/autodiscover/autodiscover.xml",
        )
        .unwrap_err();
        assert!(
            error.english.contains("autodiscover service endpoint")
                && error.english.contains("autodiscover.svc"),
            "{error}"
        );
        assert_eq!(error.why.id, "s2s-url-xml");
    }
}
