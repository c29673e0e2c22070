//! `sentinelctl rule [CODE|NAME|FAMILY]`: print a lint's documentation, the lints of a family,
//! or the table of all lints.

use std::fmt::Write as _;

use anyhow::bail;

use super::{ExitStatus, RuleArgs};
use crate::lint::{Lint, all_lints, lint_by_code};
use crate::printer;

pub fn run(args: &RuleArgs) -> anyhow::Result<ExitStatus> {
    let text = match &args.code {
        Some(query) => lookup(query.trim())?,
        None => table(&all_lints()),
    };
    printer::write_report(None, |out| out.write_all(text.as_bytes()))?;
    Ok(ExitStatus::Success)
}

/// The documentation of the lint `query` names by code or by name, or the table of the lints
/// whose codes start with it (`SCH`, `KQL2`).
fn lookup(query: &str) -> anyhow::Result<String> {
    let lints = all_lints();
    let by_name = || lints.iter().find(|lint| lint.name.eq_ignore_ascii_case(query));
    if let Some(lint) = lint_by_code(query).or_else(|| by_name().copied()) {
        return Ok(documentation(lint));
    }
    let prefix = query.to_ascii_uppercase();
    let family: Vec<&Lint> = lints
        .iter()
        .copied()
        .filter(|lint| !prefix.is_empty() && lint.code.starts_with(&prefix))
        .collect();
    if !family.is_empty() {
        return Ok(table(&family));
    }
    let hint =
        closest(query, &lints).map(|near| format!(" (did you mean `{near}`?)")).unwrap_or_default();
    bail!(
        "no lint has the code, name or code prefix `{query}`{hint}; run `sentinelctl rule` to list them"
    )
}

/// The code or name closest to a mistyped `query`, if one is close.
fn closest(query: &str, lints: &[&Lint]) -> Option<&'static str> {
    let query = query.to_ascii_lowercase();
    lints
        .iter()
        .flat_map(|lint| [lint.code, lint.name])
        .map(|candidate| (strsim::levenshtein(&query, &candidate.to_ascii_lowercase()), candidate))
        .filter(|(distance, candidate)| *distance <= 2.max(candidate.len() / 4))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// The full documentation of one lint, as markdown.
pub fn documentation(lint: &Lint) -> String {
    let mut text = format!("# {} ({})\n\n", lint.name, lint.code);
    let _ = writeln!(text, "{}\n", lint.summary);
    let _ = writeln!(text, "Default severity: {}\n", lint.default_severity);
    let _ = writeln!(text, "{}", lint.documentation());
    text.trim_end().to_owned() + "\n"
}

fn table(lints: &[&Lint]) -> String {
    let mut text = String::new();
    for lint in lints {
        let _ = writeln!(
            text,
            "{:<7} {:<8} {:<40} {}",
            lint.code, lint.default_severity, lint.name, lint.summary
        );
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lint_is_found_by_code_or_name_and_a_family_by_prefix() {
        let by_code = lookup("sch102").expect("code");
        assert!(by_code.starts_with("# unknown-key (SCH102)"), "{by_code}");
        assert_eq!(lookup("Unknown-Key").expect("name"), by_code);
        let family = lookup("SCH").expect("family");
        let codes: Vec<&str> = family.lines().filter_map(|l| l.split_whitespace().next()).collect();
        assert!(codes.len() > 3 && codes.iter().all(|c| c.starts_with("SCH")), "{family}");
        assert!(lookup("kql2").expect("family").lines().all(|l| l.starts_with("KQL2")));
    }

    #[test]
    fn a_near_miss_gets_a_suggestion() {
        let error = lookup("unknown-keys").unwrap_err().to_string();
        assert!(error.contains("did you mean `unknown-key`?"), "{error}");
        let error = lookup("XYZ").unwrap_err().to_string();
        assert!(error.starts_with("no lint has the code, name or code prefix `XYZ`;"), "{error}");
    }
}
