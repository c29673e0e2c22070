//! ATT102: a tactic that is not one of Sentinel's 17 `AttackTactic` values.

use crate::catalog;
use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};

declare_lint! {
    /// A tactic that is not one of Sentinel's tactic values
    ///
    /// ## What it does
    /// Checks every `tactics` entry against the 17 values of Sentinel's `AttackTactic` enum
    /// (the 14 Enterprise tactics, `ImpairProcessControl`, `InhibitResponseFunction` and the
    /// legacy `PreAttack`). Matching is exact and case-sensitive, as in the API. When the value
    /// is an ATT&CK display name (`Defense Evasion`), an ICS name (`Evasion`), a tactic id
    /// (`TA0005`) or a different casing, the Sentinel spelling is suggested.
    ///
    /// ## Why is this bad?
    /// The service rejects the rule, and a hunting query with a misspelt tactic silently drops
    /// out of the portal's MITRE views.
    ///
    /// ## Example
    /// ```yaml
    /// tactics:
    ///   - Defense Evasion
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// tactics:
    ///   - DefenseEvasion
    /// ```
    pub(crate) static UNKNOWN_TACTIC = ("ATT102", "unknown-tactic", Error);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    let items = super::string_items(doc, "tactics");
    // A tactic the list holds already would be there twice.
    let listed = |tactic: &str| super::find_listed(&items, tactic, false).is_some();
    for &(value, node) in &items {
        if catalog::sentinel_tactic(value).is_some() {
            continue;
        }
        let diagnostic = ctx.report(
            &UNKNOWN_TACTIC,
            node.range,
            format!("`{value}` is not a Sentinel tactic value"),
        );
        match catalog::suggest_tactic(value) {
            Some(tactic) if !listed(tactic.value) => {
                diagnostic.set_help(format!("Write `{}`", tactic.value));
                diagnostic.set_fix(node.range, tactic.value)
            }
            Some(tactic) => diagnostic.set_help(format!("Write `{}`", tactic.value)),
            None => diagnostic.set_help(format!("Use one of {}", all_values())),
        };
    }
}

fn all_values() -> String {
    let values: Vec<&str> = catalog::sentinel_tactics().iter().map(|t| t.value).collect();
    super::backticked(&values)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    #[test]
    fn misspellings_get_the_sentinel_spelling() {
        let yaml = "tactics:\n  - Defense Evasion\n  - Evasion\n  - defenseevasion\n  - TA0011\n";
        let found = run(yaml, check);
        let texts: Vec<&str> = found.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, ["Defense Evasion", "Evasion", "defenseevasion", "TA0011"]);
        assert_eq!(found[0].message, "`Defense Evasion` is not a Sentinel tactic value");
        assert_eq!(found[0].help.as_deref(), Some("Write `DefenseEvasion`"));
        assert_eq!(found[1].help.as_deref(), Some("Write `DefenseEvasion`"));
        assert_eq!(found[0].fix.as_deref(), Some("DefenseEvasion"));
        let twice = run("tactics:\n  - Defense Evasion\n  - DefenseEvasion\n", check);
        assert_eq!(twice[0].fix, None, "it is listed already");
        assert_eq!(found[3].help.as_deref(), Some("Write `CommandAndControl`"));
    }

    #[test]
    fn all_seventeen_values_are_accepted() {
        let mut yaml = String::from("tactics:\n");
        for tactic in catalog::sentinel_tactics() {
            yaml.push_str(&format!("  - {}\n", tactic.value));
        }
        assert!(run(&yaml, check).is_empty());
    }

    #[test]
    fn unrelated_words_list_the_valid_values() {
        let found = run("tactics: Sneaking\n", check);
        assert_eq!(found.len(), 1);
        let help = found[0].help.as_deref().unwrap_or_default();
        assert!(help.starts_with("Use one of `Reconnaissance`, "), "{help}");
    }
}
