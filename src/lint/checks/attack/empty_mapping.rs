//! ATT103: `tactics:` or `relevantTechniques:` present but empty.

use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};
use crate::yaml::Value;

declare_lint! {
    /// `tactics` or `relevantTechniques` present but empty
    ///
    /// ## What it does
    /// Reports `tactics:` and `relevantTechniques:` written with no value (YAML `null`) or as
    /// an empty list. The rule still loads: the field is treated as an empty list.
    ///
    /// ## Why is this bad?
    /// An empty key usually means the author meant to fill it in. Content guidelines expect at
    /// least one technique matching the tactics, and templates whose techniques were empty
    /// disappeared from the portal when technique validation was tightened
    /// (Azure/Azure-Sentinel issue #4061). Tools that copy the value also send `null` or
    /// `[null]` to the API.
    ///
    /// ## Example
    /// ```yaml
    /// tactics:
    ///   - InitialAccess
    /// relevantTechniques:
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// tactics:
    ///   - InitialAccess
    /// relevantTechniques:
    ///   - T1078
    /// ```
    pub(crate) static EMPTY_ATTACK_FIELD = ("ATT103", "empty-attack-field", Warning);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    for (key, what) in [("tactics", "tactic"), ("relevantTechniques", "technique")] {
        let Some(entry) = doc.root.entry(key) else { continue };
        let empty = match &entry.value.value {
            Value::Null => true,
            Value::Seq(items) => items.is_empty(),
            _ => false,
        };
        if empty {
            ctx.report(
                &EMPTY_ATTACK_FIELD,
                entry.key_range,
                format!("`{key}` is empty: no {what} given"),
            )
            .set_help(format!("List at least one {what}, or remove the `{key}` key"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    #[test]
    fn null_and_empty_lists_warn_at_the_key() {
        let found = run("tactics: []\nrelevantTechniques:\nquery: x\n", check);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].text, "tactics");
        assert_eq!(found[1].text, "relevantTechniques");
        assert_eq!(found[1].message, "`relevantTechniques` is empty: no technique given");
    }

    #[test]
    fn absent_or_filled_fields_are_fine() {
        assert!(run("tactics:\n  - Impact\n", check).is_empty());
    }
}
