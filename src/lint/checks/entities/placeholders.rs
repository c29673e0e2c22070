//! ENT112: more than three `{{Column}}` placeholders in an alert name or description format.

use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};
use crate::source::TextRange;
use crate::yaml::Node;

const MAX_PLACEHOLDERS: usize = 3;

/// The `alertDetailsOverride` fields that take `{{Column}}` placeholders.
pub(super) const FORMAT_FIELDS: &[&str] = &["alertDisplayNameFormat", "alertDescriptionFormat"];

declare_lint! {
    /// More than three `{{Column}}` placeholders in an alert format
    ///
    /// ## What it does
    /// Counts the `{{Column}}` placeholders in `alertDetailsOverride.alertDisplayNameFormat`
    /// and `alertDescriptionFormat`; Sentinel substitutes at most three per field. The finding
    /// points at the placeholders beyond the third.
    ///
    /// ## Why is this bad?
    /// The service rejects the rule.
    ///
    /// ## Example
    /// ```yaml
    /// alertDetailsOverride:
    ///   alertDisplayNameFormat: "{{User}} on {{Host}} from {{IP}} at {{Time}}"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// alertDetailsOverride:
    ///   alertDisplayNameFormat: "{{User}} on {{Host}} from {{IP}}"
    /// ```
    pub(crate) static TOO_MANY_PLACEHOLDERS = ("ENT112", "too-many-placeholders", Error);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    let Some(overrides) = doc.field("alertDetailsOverride") else { return };
    for field in FORMAT_FIELDS {
        let Some(node) = overrides.get(field) else { continue };
        let Some(text) = node.as_str() else { continue };
        let found = placeholders(text);
        if found.len() <= MAX_PLACEHOLDERS {
            continue;
        }
        let range = extra_range(doc, node, found.len()).unwrap_or(node.range);
        ctx.report(
            &TOO_MANY_PLACEHOLDERS,
            range,
            format!("`{field}` has {} placeholders; maximum is {MAX_PLACEHOLDERS}", found.len()),
        )
        .set_help(
            "Keep at most three `{{Column}}` placeholders; put other values in `customDetails`",
        );
    }
}

/// The byte ranges of the `{{...}}` placeholders in `text`, braces included.
pub(crate) fn placeholders(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("{{").map(|i| from + i) {
        let Some(close) = text[open + 2..].find("}}").map(|i| open + 2 + i) else { break };
        found.push(open..close + 2);
        from = close + 2;
    }
    found
}

/// The source range from the fourth placeholder to the last, when the scalar's source text
/// holds the placeholders verbatim (a quoted or folded scalar may not, then `None`).
fn extra_range(doc: &RuleDocument<'_>, node: &Node, expected: usize) -> Option<TextRange> {
    let raw = doc.source.slice(node.range);
    let in_source = placeholders(raw);
    if in_source.len() != expected {
        return None;
    }
    let first = in_source.get(MAX_PLACEHOLDERS)?;
    let last = in_source.last()?;
    let base = node.range.start() as usize;
    Some(TextRange::from_usize(base + first.start, base + last.end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    #[test]
    fn four_placeholders_point_at_the_fourth() {
        let yaml = "alertDetailsOverride:\n  alertDisplayNameFormat: \"{{A}} on {{B}} from {{C}} at {{D}}\"\n  alertDescriptionFormat: \"{{A}} {{B}} {{C}}\"\n";
        let found = run(yaml, check);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "{{D}}");
        assert_eq!(found[0].message, "`alertDisplayNameFormat` has 4 placeholders; maximum is 3");
    }

    #[test]
    fn placeholder_scan() {
        assert_eq!(placeholders("{{a}}-{{b}} {{c").len(), 2);
        assert!(placeholders("no braces").is_empty());
    }
}
