//! ATT101: `tactics` or `relevantTechniques` written as one string instead of a list.

use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};
use crate::yaml::Value;

declare_lint! {
    /// A single string where `tactics` or `relevantTechniques` expects a list
    ///
    /// ## What it does
    /// Reports `tactics: CommandAndControl` or `relevantTechniques: T1219` written as a scalar
    /// rather than as a list of one item.
    ///
    /// ## Why is this bad?
    /// Sentinel's API takes lists. Hunting queries in Azure-Sentinel get away with scalars
    /// because nothing validates them, but tools that convert rules (and the portal's import)
    /// either drop the value or fail on it.
    ///
    /// ## Example
    /// ```yaml
    /// tactics: CommandAndControl
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// tactics:
    ///   - CommandAndControl
    /// ```
    pub(crate) static ATTACK_FIELD_NOT_A_LIST = ("ATT101", "attack-field-not-a-list", Warning);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    for key in ["tactics", "relevantTechniques"] {
        let Some(node) = doc.field(key) else { continue };
        let Value::Str(text) = &node.value else { continue };
        // A comma-separated string is the usual way this goes wrong; say how to split it.
        let items: Vec<&str> = text.split(',').map(str::trim).filter(|s| !s.is_empty()).collect();
        let list = format!("[{}]", items.join(", "));
        let diagnostic = ctx.report(
            &ATTACK_FIELD_NOT_A_LIST,
            node.range,
            format!("`{key}` is a string, not a list"),
        );
        diagnostic.set_help(format!("Write each value as a list item: `{key}: {list}`"));
        // The flow list is a fix when it needs no quoting and replaces a one-line scalar.
        let one_line = !doc.source.slice(node.range).contains('\n');
        if one_line && !items.is_empty() && items.iter().all(|item| is_plain_word(item)) {
            diagnostic.set_fix(node.range, list);
        }
    }
}

/// Letters, digits, dots and inner spaces: safe unquoted in a YAML flow list.
fn is_plain_word(item: &str) -> bool {
    item.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == ' ')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    #[test]
    fn scalar_tactics_and_techniques_warn() {
        let found = run("tactics: CommandAndControl\nrelevantTechniques: T1219, T1071\n", check);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].text, "CommandAndControl");
        assert_eq!(found[0].message, "`tactics` is a string, not a list");
        assert_eq!(found[0].severity, crate::diagnostics::Severity::Warning);
        assert_eq!(
            found[1].help.as_deref(),
            Some("Write each value as a list item: `relevantTechniques: [T1219, T1071]`")
        );
        assert_eq!(found[1].fix.as_deref(), Some("[T1219, T1071]"));
        let odd = run("tactics: \"Impact: yes\"\n", check);
        assert_eq!(odd[0].fix, None, "a value that would need quoting is left to the author");
    }

    #[test]
    fn lists_and_null_are_not_reported() {
        assert!(run("tactics:\n  - Impact\nrelevantTechniques:\n", check).is_empty());
    }
}
