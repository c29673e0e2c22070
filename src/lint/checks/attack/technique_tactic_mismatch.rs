//! ATT107: a technique that belongs to none of the rule's tactics.

use crate::catalog::{self, Technique};
use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};
use crate::source::TextRange;

declare_lint! {
    /// A technique that belongs to none of the rule's tactics
    ///
    /// ## What it does
    /// For every known, current technique in `relevantTechniques`, checks that at least one of
    /// the ATT&CK tactics it belongs to is listed in `tactics` (sub-techniques are checked with
    /// their own tactics). A misspelt tactic counts as the tactic it was meant to be, so one
    /// typo is reported once, by ATT102. Rules without tactics are left to ATT103.
    ///
    /// ## Why is this bad?
    /// The Azure-Sentinel validator rejects such rules ("No valid tactic corresponding to the
    /// technique"), and the MITRE coverage view shows the technique under a tactic it does not
    /// belong to.
    ///
    /// ## Example
    /// ```yaml
    /// tactics:
    ///   - Execution
    /// relevantTechniques:
    ///   - T1219
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// tactics:
    ///   - CommandAndControl
    /// relevantTechniques:
    ///   - T1219
    /// ```
    pub(crate) static TECHNIQUE_TACTIC_MISMATCH = ("ATT107", "technique-tactic-mismatch", Error);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    let tactics = rule_tactics(doc);
    if tactics.is_empty() {
        return;
    }
    for (text, node) in super::string_items(doc, "relevantTechniques") {
        for id in text.split(',').map(str::trim) {
            let Some(technique) = catalog::technique(id).filter(|t| t.is_active()) else {
                continue;
            };
            if !tactics.iter().any(|tactic| technique.has_tactic(tactic)) {
                report(ctx, node.range, technique);
            }
        }
    }
}

/// The rule's tactics in Sentinel spelling; misspelt ones count as their suggestion.
fn rule_tactics(doc: &RuleDocument<'_>) -> Vec<&'static str> {
    super::string_items(doc, "tactics")
        .into_iter()
        .filter_map(|(value, _)| {
            catalog::sentinel_tactic(value).or_else(|| catalog::suggest_tactic(value))
        })
        .map(|tactic| tactic.value)
        .collect()
}

fn report(ctx: &mut LintContext, range: TextRange, technique: &Technique) {
    let belongs = super::backticked(technique.tactics);
    let message = format!(
        "Technique `{}` ({}) belongs to {belongs}, none of which is in `tactics`",
        technique.id, technique.name
    );
    let help = match technique.tactics {
        [only] => format!("Add `{only}` to `tactics`, or remove `{}`", technique.id),
        _ => format!("Add one of {belongs} to `tactics`, or remove `{}`", technique.id),
    };
    ctx.report(&TECHNIQUE_TACTIC_MISMATCH, range, message).set_help(help);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    #[test]
    fn t1219_under_execution_is_an_error() {
        let found = run("tactics:\n  - Execution\nrelevantTechniques:\n  - T1219\n", check);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "T1219");
        assert_eq!(
            found[0].message,
            "Technique `T1219` (Remote Access Tools) belongs to `CommandAndControl`, none of which \
             is in `tactics`"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("Add `CommandAndControl` to `tactics`, or remove `T1219`")
        );
    }

    #[test]
    fn one_matching_tactic_is_enough() {
        let yaml =
            "tactics: [Execution, CommandAndControl]\nrelevantTechniques: [T1219, T1059.001]\n";
        assert!(run(yaml, check).is_empty());
    }

    #[test]
    fn misspelt_tactics_count_as_meant_and_ics_techniques_work() {
        let yaml = "tactics:\n  - Defense Evasion\n  - InhibitResponseFunction\nrelevantTechniques:\n  - T1562\n  - T0816\n";
        assert!(run(yaml, check).is_empty());
    }

    #[test]
    fn no_tactics_no_finding() {
        assert!(run("relevantTechniques:\n  - T1219\n", check).is_empty());
    }
}
