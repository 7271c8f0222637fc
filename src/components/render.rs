//! `{{name}}` templates of the catalog, rendered with values from the replica's topology.
//!
//! Every value is validated before it reaches a template (the install path, the listen
//! address, the topology's names); the renderer is the second line of defence: in a
//! configuration file it refuses any value holding a character that configuration syntaxes
//! treat specially (white space, `;`, braces, quotes, `#`, `$`, `\`, control characters), so
//! no value can add a directive or end a block.

use std::collections::BTreeMap;

/// Characters no value may bring into a configuration file: nginx, Kamailio, coturn and
/// Prosody read them as separators, blocks, quotes, comments, variables or escapes.
pub const CONFIG_SPECIAL: &[char] = &[
    ' ', '\t', ';', '{', '}', '"', '\'', '`', '#', '$', '\\', '<', '>', '|', '&', '=', ',',
];

/// Variables the wizard itself builds (from checked facts, never from input), exempt from the
/// value check: whole nginx and coturn lines naming a system account (its user and group names
/// checked to be letters, digits, `_` and `-`), and the SIP domains as one regular expression
/// (validated DNS names, each checked again when the pattern is built, joined by `|`).
pub const TRUSTED_FRAGMENTS: &[&str] = &[
    "nginx_user",
    "sip_domains_pattern",
    "coturn_proc_user",
    "coturn_proc_group",
    "chat_hosts",
    "chat_admins",
    "chat_enabled_users",
    "chat_store_databases",
    "chat_compliance",
    "dmq_peers",
    "pool_peer_test",
    "sip_listen",
    "web_http_server",
    "oauth_switch",
    "edge_tls_sections",
    "edge_listen",
    "directory_ldap_cfg",
    "directory_credential_url",
    "directory_disabled_url",
];

/// A regular expression matching nginx's `$msec` (`SECONDS.MILLISECONDS` since the epoch) at
/// or after `seconds`: the same number, a number as long with a larger digit after a common
/// prefix, or a longer number. Only digits, brackets, braces, `|`, `^` and `.` (quoted where it
/// is used).
pub fn epoch_at_or_after(seconds: u64) -> String {
    let digits = seconds.to_string();
    let length = digits.len();
    let mut alternatives = vec![digits.clone()];
    for (i, digit) in digits.bytes().enumerate() {
        if digit == b'9' {
            continue;
        }
        let rest = length - i - 1;
        alternatives.push(format!(
            "{}[{}-9][0-9]{{{rest}}}",
            &digits[..i],
            char::from(digit + 1)
        ));
    }
    alternatives.push(format!("[1-9][0-9]{{{length},}}"));
    format!("^({})[.]", alternatives.join("|"))
}

/// How a rendered text is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// A configuration file or a command argument: values are checked.
    Config,
    /// A document served as is (JSON, plain text): any value.
    Document,
}

/// Why a value may not reach a configuration: the character found.
pub fn unsafe_character(value: &str) -> Option<char> {
    value
        .chars()
        .find(|c| c.is_control() || CONFIG_SPECIAL.contains(c))
}

/// The syntax a configuration reader sees: its line breaks and special characters, in order.
/// A rendering keeps its template's intent when this is the same with and without the values.
pub fn syntax_signature(text: &str) -> String {
    text.chars()
        .filter(|c| *c == '\n' || CONFIG_SPECIAL.contains(c))
        .collect()
}

/// Replaces every `{{name}}` in `template`; an unknown name is an error that names it, and in
/// a [`Syntax::Config`] text so is a value with an unsafe character.
pub fn render(
    template: &str,
    vars: &BTreeMap<String, String>,
    syntax: Syntax,
) -> Result<String, String> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| "a {{ is never closed".to_string())?;
        let name = after[..end].trim();
        let value = vars.get(name).ok_or_else(|| {
            format!(
                "unknown variable {{{{{name}}}}}; the variables are {}",
                vars.keys().cloned().collect::<Vec<_>>().join(", ")
            )
        })?;
        if syntax == Syntax::Config
            && !TRUSTED_FRAGMENTS.contains(&name)
            && let Some(c) = unsafe_character(value)
        {
            return Err(format!(
                "the value of {{{{{name}}}}} ({value:?}) holds {c:?}, which a configuration file would read as syntax; it is refused"
            ));
        }
        out.push_str(value);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pattern against Python's `re` (the same syntax as nginx's PCRE for these
    /// constructs): every candidate around each bound, shorter and longer ones, matches exactly
    /// when it is at or after the bound.
    #[test]
    fn epoch_pattern_matches_exactly_the_times_at_or_after() {
        let bounds = [
            1_764_495_015u64,
            1_799_999_999,
            1_000_000_000,
            9_999_999_999,
            5,
        ];
        let mut script = String::from("import re\nbad = []\n");
        for bound in bounds {
            let pattern = epoch_at_or_after(bound);
            // Quoted in nginx's configuration: no quote, separator or white space inside.
            assert!(
                !pattern.contains(['"', '\'', ';', ' ', '$', '\\'].as_slice()),
                "{pattern}"
            );
            let mut candidates: Vec<u64> = (bound.saturating_sub(1200)..bound + 1200).collect();
            candidates.extend([0, 9, 10, 99, bound / 10, bound * 10, u64::from(u32::MAX)]);
            let list = candidates
                .iter()
                .map(u64::to_string)
                .collect::<Vec<_>>()
                .join(",");
            script.push_str(&format!(
                "p = re.compile(r'{pattern}')\nfor n in [{list}]:\n    if bool(p.match(str(n) + '.123')) != (n >= {bound}):\n        bad.append(({bound}, n))\n"
            ));
        }
        script.push_str("print(bad[:5] if bad else 'ok')\n");
        let out = std::process::Command::new("/usr/bin/python3")
            .args(["-c", &script])
            .output()
            .expect("python3 runs");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout).trim(),
            "ok",
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    #[test]
    fn renders_and_names_unknown_variables() {
        let vars = BTreeMap::from([("port".to_string(), "4443".to_string())]);
        assert_eq!(
            render("listen {{port}} ssl; {{ port }}", &vars, Syntax::Config).unwrap(),
            "listen 4443 ssl; 4443"
        );
        assert!(
            render("{{nope}}", &vars, Syntax::Config)
                .unwrap_err()
                .contains("unknown variable {{nope}}")
        );
        assert!(render("{{open", &vars, Syntax::Config).is_err());
    }

    #[test]
    fn a_value_cannot_inject_a_directive_into_a_configuration() {
        let vars = BTreeMap::from([(
            "install".to_string(),
            "/x\n}\nerror_log /srv/injected.log;\nx".to_string(),
        )]);
        let error = render("pid {{install}}/run.pid;", &vars, Syntax::Config).unwrap_err();
        assert!(error.contains("{{install}}"), "{error}");
        assert!(render("{{install}}", &vars, Syntax::Document).is_ok());
    }
}
