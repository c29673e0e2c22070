//! "Did you mean ...?" for unknown keys and values outside an enum.
//!
//! Three steps, most certain first: a table of known mistakes seen in real content
//! (`requiredTechniques` for `relevantTechniques`), a match that ignores case, spaces,
//! underscores and dashes (`Defense Evasion`, `high`), and finally edit distance for plain
//! typos. A suggestion is only made when it names one of the allowed candidates.

/// Mistakes from real rule files and bug reports, matched case-insensitively.
#[rustfmt::skip]
const KNOWN_MISTAKES: &[(&str, &str)] = &[
    // Keys. See Azure/Azure-Sentinel PR #11887 and PR #13346 (`requiredTechniques`).
    ("requiredTechniques", "relevantTechniques"),
    ("techniques", "relevantTechniques"),
    ("subTechniques", "relevantTechniques"),
    ("mitreTechniques", "relevantTechniques"),
    ("displayName", "name"),
    ("title", "name"),
    ("dataConnectors", "requiredDataConnectors"),
    ("connectors", "requiredDataConnectors"),
    ("frequency", "queryFrequency"),
    ("period", "queryPeriod"),
    ("threshold", "triggerThreshold"),
    ("operator", "triggerOperator"),
    ("entities", "entityMappings"),
    ("alertnameFormat", "alertDisplayNameFormat"),
    ("alertNameFormat", "alertDisplayNameFormat"),
    ("alertDescription", "alertDescriptionFormat"),
    // Values: operators written as symbols, tactic nicknames.
    (">", "gt"),
    ("<", "lt"),
    ("=", "eq"),
    ("==", "eq"),
    ("!=", "ne"),
    ("<>", "ne"),
    ("C2", "CommandAndControl"),
    ("Evasion", "DefenseEvasion"),
];

/// The candidate `found` most likely stands for, if any.
pub(super) fn did_you_mean<'a>(found: &str, candidates: &[&'a str]) -> Option<&'a str> {
    known_mistake(found, candidates)
        .or_else(|| loose_match(found, candidates))
        .or_else(|| closest(found, candidates))
}

fn known_mistake<'a>(found: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let (_, right) = KNOWN_MISTAKES.iter().find(|(wrong, _)| wrong.eq_ignore_ascii_case(found))?;
    candidates.iter().copied().find(|candidate| candidate == right)
}

/// Lower case without spaces, underscores and dashes: `Defense Evasion` -> `defenseevasion`.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '\t'))
        .flat_map(char::to_lowercase)
        .collect()
}

fn loose_match<'a>(found: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let found = squash(found);
    candidates.iter().copied().find(|candidate| squash(candidate) == found)
}

/// The nearest candidate by edit distance, when it is near enough to be a typo.
///
/// The allowance grows with the length of the word (one edit per four letters, at least one) so
/// short values such as `gt` do not attract random suggestions.
fn closest<'a>(found: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let found = squash(found);
    if found.is_empty() {
        return None;
    }
    let allowance = (found.chars().count() / 4).max(1);
    candidates
        .iter()
        .copied()
        .map(|candidate| (strsim::damerau_levenshtein(&found, &squash(candidate)), candidate))
        .filter(|(distance, _)| *distance <= allowance)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    const KEYS: &[&str] = &["id", "name", "query", "tactics", "relevantTechniques", "severity"];
    const TACTICS: &[&str] = &["DefenseEvasion", "CommandAndControl", "Execution", "Impact"];

    #[test]
    fn known_mistakes_win() {
        assert_eq!(did_you_mean("requiredTechniques", KEYS), Some("relevantTechniques"));
        assert_eq!(did_you_mean("techniques", KEYS), Some("relevantTechniques"));
        assert_eq!(did_you_mean(">", &["gt", "lt", "eq", "ne"]), Some("gt"));
        assert_eq!(did_you_mean("Evasion", TACTICS), Some("DefenseEvasion"));
    }

    #[test]
    fn case_and_spacing_are_ignored() {
        assert_eq!(did_you_mean("Query", KEYS), Some("query"));
        assert_eq!(did_you_mean("Defense Evasion", TACTICS), Some("DefenseEvasion"));
        assert_eq!(did_you_mean("high", &["Low", "Medium", "High"]), Some("High"));
    }

    #[test]
    fn typos_are_caught_and_strangers_are_not() {
        assert_eq!(did_you_mean("severty", KEYS), Some("severity"));
        assert_eq!(did_you_mean("CommandAndControll", TACTICS), Some("CommandAndControl"));
        assert_eq!(did_you_mean("playbookName", KEYS), None);
        assert_eq!(did_you_mean("Critical", &["Informational", "Low", "Medium", "High"]), None);
    }
}
