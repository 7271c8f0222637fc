//! What Prepare Schema adds: an auxiliary object class holding a user's SIP settings, like the
//! product's msRTCSIP-* attributes. Its object identifiers are under a UUID arc (ITU-T X.667,
//! `2.25.<UUID>`): unique without registration.

/// The arc every identifier of ours is under.
pub const ARC: &str = "2.25.216157808695141475518704478538055948226";

/// The auxiliary class users get when enabled.
pub const CLASS: &str = "dwSipUser";
/// The user's SIP address (`sip:alice@contoso.com`).
pub const SIP_ADDRESS: &str = "dwSipAddress";
/// The FQDN of the pool that registers the user.
pub const POOL: &str = "dwSipPool";
/// Whether the user may sign in (`TRUE`/`FALSE`).
pub const ENABLED: &str = "dwSipEnabled";
/// The SIP credential derived at enablement (never the directory password).
pub const CREDENTIAL: &str = "dwSipCredential";

/// The deployment's container under the base DN.
pub const CONTAINER: &str = "DeployWizard";
/// The administrators' group.
pub const ADMINISTRATORS: &str = "DeployWizard Administrators";
/// The servers' group: the accounts servers read enabled users with.
pub const SERVERS: &str = "DeployWizard Servers";

/// The name of the schema entry on OpenLDAP (under `cn=schema,cn=config`).
pub const OPENLDAP_SCHEMA_ENTRY: &str = "cn=deploywizard,cn=schema,cn=config";

/// One attribute: name, number under the arc, syntax and matching rules.
pub struct Attribute {
    /// Its name.
    pub name: &'static str,
    /// Its number under `ARC.1`.
    pub number: u32,
    /// What it holds.
    pub description: &'static str,
    /// `EQUALITY … SYNTAX …` as RFC 4512 writes it.
    pub rules: &'static str,
}

/// The attributes, in order.
pub const ATTRIBUTES: [Attribute; 4] = [
    Attribute {
        name: SIP_ADDRESS,
        number: 1,
        description: "SIP address of a user (sip:user@domain)",
        rules: "EQUALITY caseIgnoreIA5Match SUBSTR caseIgnoreIA5SubstringsMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.26{256}",
    },
    Attribute {
        name: POOL,
        number: 2,
        description: "FQDN of the pool that registers the user",
        rules: "EQUALITY caseIgnoreIA5Match SYNTAX 1.3.6.1.4.1.1466.115.121.1.26{255}",
    },
    Attribute {
        name: ENABLED,
        number: 3,
        description: "Whether the user may sign in",
        rules: "EQUALITY booleanMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.7",
    },
    Attribute {
        name: CREDENTIAL,
        number: 4,
        description: "SIP credential derived at enablement",
        rules: "EQUALITY octetStringMatch SYNTAX 1.3.6.1.4.1.1466.115.121.1.40{512}",
    },
];

/// `( OID NAME 'x' DESC '…' … SINGLE-VALUE )` for an attribute.
pub fn attribute_type(attribute: &Attribute) -> String {
    format!(
        "( {ARC}.1.{} NAME '{}' DESC '{}' {} SINGLE-VALUE )",
        attribute.number, attribute.name, attribute.description, attribute.rules
    )
}

/// The auxiliary class.
pub fn object_class() -> String {
    let names: Vec<&str> = ATTRIBUTES.iter().map(|a| a.name).collect();
    format!(
        "( {ARC}.2.1 NAME '{CLASS}' DESC 'SIP settings of a deploy-wizard user' SUP top AUXILIARY MAY ( {} ) )",
        names.join(" $ ")
    )
}

/// The NAME of a schema description (`( 1.2.3 NAME 'x' …` or `NAME ( 'x' 'y' )`).
pub fn description_names(description: &str) -> Vec<String> {
    let Some(after) = description
        .split_once(" NAME ")
        .map(|(_, a)| a.trim_start())
    else {
        return Vec::new();
    };
    let list = if let Some(rest) = after.strip_prefix('(') {
        rest.split_once(')').map(|(l, _)| l).unwrap_or("")
    } else {
        after.split_whitespace().next().unwrap_or("")
    };
    list.split_whitespace()
        .map(|n| n.trim_matches('\'').to_ascii_lowercase())
        .filter(|n| !n.is_empty())
        .collect()
}

/// Which of our names (attributes and class) a subschema's descriptions lack.
pub fn missing(attribute_types: &[String], object_classes: &[String]) -> Vec<&'static str> {
    let names = |descriptions: &[String]| -> Vec<String> {
        descriptions
            .iter()
            .flat_map(|d| description_names(d))
            .collect()
    };
    let attributes = names(attribute_types);
    let classes = names(object_classes);
    let mut out: Vec<&'static str> = ATTRIBUTES
        .iter()
        .map(|a| a.name)
        .filter(|name| !attributes.contains(&name.to_ascii_lowercase()))
        .collect();
    if !classes.contains(&CLASS.to_ascii_lowercase()) {
        out.push(CLASS);
    }
    out
}

/// The access rules Prepare Domain adds to the data tree's database on OpenLDAP (before the
/// existing ones): administrators write the SIP settings and the class; servers read them;
/// nobody else reads the credential; everything else keeps the directory's own rules.
pub fn openldap_access_rules(administrators: &str, servers: &str) -> Vec<String> {
    let attrs: Vec<&str> = [SIP_ADDRESS, POOL, ENABLED].to_vec();
    vec![
        format!(
            "to attrs={CREDENTIAL} by group.exact=\"{administrators}\" write by group.exact=\"{servers}\" read by * none"
        ),
        format!(
            "to attrs={} by group.exact=\"{administrators}\" write by group.exact=\"{servers}\" read by users read by * none",
            attrs.join(",")
        ),
        format!("to attrs=objectClass by group.exact=\"{administrators}\" write by * break"),
    ]
}

/// An `olcAccess` value without its `{N}` position and with single spaces, lower case: how
/// two rules are compared.
pub fn normal_rule(rule: &str) -> String {
    let rule = rule.trim();
    let rule = match rule.strip_prefix('{').and_then(|r| r.split_once('}')) {
        Some((n, rest)) if n.chars().all(|c| c.is_ascii_digit()) => rest,
        _ => rule,
    };
    rule.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_read_from_descriptions() {
        assert_eq!(
            description_names("( 2.5.4.3 NAME ( 'cn' 'commonName' ) DESC 'x' SUP name )"),
            ["cn", "commonname"]
        );
        assert_eq!(
            description_names(&attribute_type(&ATTRIBUTES[0])),
            ["dwsipaddress"]
        );
        assert_eq!(description_names(&object_class()), ["dwsipuser"]);
    }

    #[test]
    fn missing_names_are_listed() {
        let attributes: Vec<String> = ATTRIBUTES.iter().map(attribute_type).collect();
        assert!(missing(&attributes, &[object_class()]).is_empty());
        assert_eq!(missing(&attributes[1..], &[]), [SIP_ADDRESS, CLASS]);
    }

    #[test]
    fn rules_compare_without_position_or_spacing() {
        assert_eq!(
            normal_rule("{3}to  attrs=x\n by * none"),
            normal_rule("to attrs=x by * none")
        );
    }
}
