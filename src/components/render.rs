//! `{{name}}` templates of the catalog, rendered with values from the replica's topology.

use std::collections::BTreeMap;

/// Replaces every `{{name}}` in `template`; an unknown name is an error that names it.
pub fn render(template: &str, vars: &BTreeMap<String, String>) -> Result<String, String> {
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
        out.push_str(value);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_and_names_unknown_variables() {
        let vars = BTreeMap::from([("port".to_string(), "4443".to_string())]);
        assert_eq!(
            render("listen {{port}} ssl; {{ port }}", &vars).unwrap(),
            "listen 4443 ssl; 4443"
        );
        assert!(
            render("{{nope}}", &vars)
                .unwrap_err()
                .contains("unknown variable {{nope}}")
        );
        assert!(render("{{open", &vars).is_err());
    }
}
