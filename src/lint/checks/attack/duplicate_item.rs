//! ATT108: the same tactic or technique listed twice.

use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};

declare_lint! {
    /// The same tactic or technique listed twice
    ///
    /// ## What it does
    /// Reports a `tactics` or `relevantTechniques` item that repeats an earlier one, compared
    /// as Sentinel does (tactics exactly, technique ids ignoring case), and points at both.
    ///
    /// ## Why is this bad?
    /// The repeat adds nothing, and it is usually a leftover of an edit: a technique replaced
    /// by its successor that was listed already, or a tactic renamed to one the list held.
    ///
    /// ## Example
    /// ```yaml
    /// relevantTechniques:
    ///   - T1059.001
    ///   - T1059.001
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// relevantTechniques:
    ///   - T1059.001
    /// ```
    pub(crate) static DUPLICATE_ATTACK_ITEM = ("ATT108", "duplicate-attack-item", Warning);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    for (key, ignore_case) in [("tactics", false), ("relevantTechniques", true)] {
        let items = super::string_items(doc, key);
        // A single scalar is ATT101's; only list items can repeat.
        if doc.field(key).is_some_and(|n| items.iter().any(|(_, item)| std::ptr::eq(*item, n))) {
            continue;
        }
        for (index, (value, node)) in items.iter().enumerate() {
            let Some(first) = super::find_listed(&items[..index], value.trim(), ignore_case) else {
                continue;
            };
            ctx.report(
                &DUPLICATE_ATTACK_ITEM,
                node.range,
                format!("`{value}` is listed twice in `{key}`"),
            )
            .set_help("Remove the repeat")
            .add_related(doc.source_id, first.range, "First listed here");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    #[test]
    fn repeats_are_reported_at_the_second_item() {
        let yaml = "tactics:\n  - Execution\n  - Execution\n  - execution\n\
                    relevantTechniques: [T1059.001, t1059.001, T1059]\n";
        let found = run(yaml, check);
        let texts: Vec<(&str, &str)> =
            found.iter().map(|f| (f.text.as_str(), f.message.as_str())).collect();
        assert_eq!(
            texts,
            [
                ("Execution", "`Execution` is listed twice in `tactics`"),
                ("t1059.001", "`t1059.001` is listed twice in `relevantTechniques`"),
            ],
            "tactics compare exactly (`execution` is ATT102's), techniques ignoring case"
        );
    }

    #[test]
    fn distinct_items_and_scalars_are_not_reported() {
        assert!(run("tactics: [Execution, Persistence]\n", check).is_empty());
        assert!(run("relevantTechniques: T1059\n", check).is_empty());
    }
}
