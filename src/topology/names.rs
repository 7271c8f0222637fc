//! DNS names as certificates and the topology need them: lower-case ASCII, IDNs in punycode,
//! a wildcard only as the whole left-most label (and only where the caller allows one).

use std::fmt;

/// Why a DNS name was refused: the name as typed and what is wrong with it. `Display` says it
/// in English (the CLI's and the topology's messages); the faces word it from the catalogue
/// (`wording::name_problem`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameProblem {
    /// The name as given.
    pub input: String,
    /// What is wrong.
    pub kind: NameFault,
}

/// What is wrong with a DNS name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameFault {
    /// Nothing was given.
    Empty,
    /// It holds a space, tab or line break.
    WhiteSpace,
    /// `*.` where no wildcard is allowed.
    WildcardNotAllowed,
    /// A `*` elsewhere than as the whole left-most label.
    MisplacedWildcard,
    /// Not a valid internationalised name.
    InvalidIdn,
    /// A single label; the example adds a domain part.
    NotQualified { example: String },
    /// Two dots in a row, or a leading dot.
    EmptyLabel,
    /// A label of more than 63 characters.
    LongLabel,
    /// A character other than letters, digits and '-'.
    BadCharacter(char),
    /// A label that starts or ends with '-'.
    HyphenAtEdge,
    /// All-digit last label.
    LooksLikeIp,
    /// More than 253 characters.
    TooLong,
}

impl fmt::Display for NameProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let input = &self.input;
        match &self.kind {
            NameFault::Empty => write!(f, "the name is empty"),
            NameFault::WhiteSpace => write!(f, "\"{input}\" contains white space"),
            NameFault::WildcardNotAllowed => write!(
                f,
                "\"{input}\" is a wildcard name; a wildcard is not allowed here"
            ),
            NameFault::MisplacedWildcard => write!(
                f,
                "\"{input}\" has a '*' that is not the whole left-most label"
            ),
            NameFault::InvalidIdn => write!(
                f,
                "\"{input}\" is not a valid internationalized domain name"
            ),
            NameFault::NotQualified { example } => write!(
                f,
                "\"{input}\" is not a fully qualified name (it needs a domain part, e.g. {example})"
            ),
            NameFault::EmptyLabel => write!(f, "\"{input}\" has an empty label"),
            NameFault::LongLabel => write!(f, "\"{input}\" has a label longer than 63 characters"),
            NameFault::BadCharacter(bad) => write!(
                f,
                "\"{input}\" contains '{bad}'; only letters, digits and '-' are allowed"
            ),
            NameFault::HyphenAtEdge => {
                write!(f, "\"{input}\" has a label that starts or ends with '-'")
            }
            NameFault::LooksLikeIp => {
                write!(f, "\"{input}\" looks like an IP address, not a DNS name")
            }
            NameFault::TooLong => write!(f, "\"{input}\" is longer than 253 characters"),
        }
    }
}

impl From<NameProblem> for String {
    fn from(problem: NameProblem) -> String {
        problem.to_string()
    }
}

/// Checks a DNS name and returns its canonical form (lower-case ASCII, punycode for IDNs).
pub fn normalize_dns_name(input: &str, allow_wildcard: bool) -> Result<String, NameProblem> {
    let problem = |input: &str, kind| NameProblem {
        input: input.to_string(),
        kind,
    };
    if input.is_empty() {
        return Err(problem(input, NameFault::Empty));
    }
    if input.chars().any(char::is_whitespace) {
        return Err(problem(input, NameFault::WhiteSpace));
    }
    let input = input.strip_suffix('.').unwrap_or(input);
    let (wildcard, rest) = match input.strip_prefix("*.") {
        Some(rest) if allow_wildcard => (true, rest),
        Some(_) => return Err(problem(input, NameFault::WildcardNotAllowed)),
        None => (false, input),
    };
    if rest.contains('*') {
        return Err(problem(input, NameFault::MisplacedWildcard));
    }
    let ascii = idna::domain_to_ascii(rest).map_err(|_| problem(input, NameFault::InvalidIdn))?;
    let labels: Vec<&str> = ascii.split('.').collect();
    if labels.len() < 2 {
        let example = format!("{ascii}.contoso.com");
        return Err(problem(input, NameFault::NotQualified { example }));
    }
    for label in &labels {
        if label.is_empty() {
            return Err(problem(input, NameFault::EmptyLabel));
        }
        if label.len() > 63 {
            return Err(problem(input, NameFault::LongLabel));
        }
        if let Some(bad) = label
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-'))
        {
            return Err(problem(input, NameFault::BadCharacter(bad)));
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(problem(input, NameFault::HyphenAtEdge));
        }
    }
    if labels
        .last()
        .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(problem(input, NameFault::LooksLikeIp));
    }
    let name = if wildcard {
        format!("*.{ascii}")
    } else {
        ascii
    };
    if name.len() > 253 {
        return Err(problem(input, NameFault::TooLong));
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
                .to_string()
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
                .to_string()
                .contains("fully qualified")
        );
        assert!(
            normalize_dns_name("fe_01.contoso.com", false)
                .unwrap_err()
                .to_string()
                .contains("'_'")
        );
        assert!(normalize_dns_name("-fe.contoso.com", false).is_err());
        assert!(normalize_dns_name("a..b", false).is_err());
        assert!(
            normalize_dns_name("10.0.0.1", false)
                .unwrap_err()
                .to_string()
                .contains("IP address")
        );
        assert!(normalize_dns_name("", false).is_err());
    }
}
