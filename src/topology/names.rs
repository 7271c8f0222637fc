//! DNS names as certificates and the topology need them: lower-case ASCII, IDNs in punycode,
//! a wildcard only as the whole left-most label (and only where the caller allows one).

/// Checks a DNS name and returns its canonical form (lower-case ASCII, punycode for IDNs).
///
/// The error says what is wrong in words an administrator can act on.
pub fn normalize_dns_name(input: &str, allow_wildcard: bool) -> Result<String, String> {
    if input.is_empty() {
        return Err("the name is empty".into());
    }
    if input.chars().any(char::is_whitespace) {
        return Err(format!("\"{input}\" contains white space"));
    }
    let input = input.strip_suffix('.').unwrap_or(input);
    let (wildcard, rest) = match input.strip_prefix("*.") {
        Some(rest) if allow_wildcard => (true, rest),
        Some(_) => {
            return Err(format!(
                "\"{input}\" is a wildcard name; a wildcard is not allowed here"
            ));
        }
        None => (false, input),
    };
    if rest.contains('*') {
        return Err(format!(
            "\"{input}\" has a '*' that is not the whole left-most label"
        ));
    }
    let ascii = idna::domain_to_ascii(rest)
        .map_err(|_| format!("\"{input}\" is not a valid internationalized domain name"))?;
    let labels: Vec<&str> = ascii.split('.').collect();
    if labels.len() < 2 {
        return Err(format!(
            "\"{input}\" is not a fully qualified name (it needs a domain part, e.g. {ascii}.contoso.com)"
        ));
    }
    for label in &labels {
        if label.is_empty() {
            return Err(format!("\"{input}\" has an empty label"));
        }
        if label.len() > 63 {
            return Err(format!("\"{input}\" has a label longer than 63 characters"));
        }
        if let Some(bad) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
        {
            return Err(format!(
                "\"{input}\" contains '{bad}'; only letters, digits and '-' are allowed"
            ));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(format!(
                "\"{input}\" has a label that starts or ends with '-'"
            ));
        }
    }
    if labels
        .last()
        .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(format!(
            "\"{input}\" looks like an IP address, not a DNS name"
        ));
    }
    let name = if wildcard {
        format!("*.{ascii}")
    } else {
        ascii
    };
    if name.len() > 253 {
        return Err(format!("\"{input}\" is longer than 253 characters"));
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_cases_and_converts_idn_to_punycode() {
        assert_eq!(
            normalize_dns_name("FE01.Contoso.COM", false).unwrap(),
            "fe01.contoso.com"
        );
        assert_eq!(
            normalize_dns_name("pool.bücher.de", false).unwrap(),
            "pool.xn--bcher-kva.de"
        );
    }

    #[test]
    fn wildcard_only_as_whole_leftmost_label_when_allowed() {
        assert_eq!(
            normalize_dns_name("*.contoso.com", true).unwrap(),
            "*.contoso.com"
        );
        assert!(
            normalize_dns_name("*.contoso.com", false)
                .unwrap_err()
                .contains("wildcard")
        );
        assert!(normalize_dns_name("f*.contoso.com", true).is_err());
        assert!(normalize_dns_name("www.*.contoso.com", true).is_err());
    }

    #[test]
    fn rejects_bad_names_with_reason() {
        assert!(
            normalize_dns_name("fe01", false)
                .unwrap_err()
                .contains("fully qualified")
        );
        assert!(
            normalize_dns_name("fe_01.contoso.com", false)
                .unwrap_err()
                .contains("'_'")
        );
        assert!(normalize_dns_name("-fe.contoso.com", false).is_err());
        assert!(normalize_dns_name("a..b", false).is_err());
        assert!(
            normalize_dns_name("10.0.0.1", false)
                .unwrap_err()
                .contains("IP address")
        );
        assert!(normalize_dns_name("", false).is_err());
    }
}
