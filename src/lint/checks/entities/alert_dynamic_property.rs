//! ENT114: an `alertDynamicProperties` entry Sentinel cannot apply.

use std::collections::HashMap;

use crate::catalog;
use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};
use crate::source::TextRange;
use crate::yaml::{Node, Value};

declare_lint! {
    /// An `alertDynamicProperties` entry that Sentinel cannot apply
    ///
    /// ## What it does
    /// Checks each `alertDetailsOverride.alertDynamicProperties[]` entry: `alertProperty` must
    /// be one of the API's values (`AlertLink`, `ConfidenceLevel`, `ConfidenceScore`,
    /// `ExtendedLinks`, `ProductName`, `ProviderName`, `ProductComponentName`,
    /// `RemediationSteps`, `Techniques`, `SubTechniques`), each property may be overridden
    /// once, and `value` must name an output column.
    ///
    /// ## Why is this bad?
    /// The service rejects unknown properties and empty values; with a repeated property only
    /// one of the columns would be used.
    ///
    /// ## Example
    /// ```yaml
    /// alertDetailsOverride:
    ///   alertDynamicProperties:
    ///     - alertProperty: AlertURL
    ///       value: ConsoleUrl_s
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// alertDetailsOverride:
    ///   alertDynamicProperties:
    ///     - alertProperty: AlertLink
    ///       value: ConsoleUrl_s
    /// ```
    pub(crate) static INVALID_ALERT_DYNAMIC_PROPERTY =
        ("ENT114", "invalid-alert-dynamic-property", Error);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    let items = doc
        .field("alertDetailsOverride")
        .and_then(|o| o.get("alertDynamicProperties"))
        .and_then(Node::as_seq)
        .unwrap_or_default();
    let mut seen: HashMap<&str, (usize, TextRange)> = HashMap::new();
    for (index, item) in items.iter().enumerate() {
        if let Some(node) = item.get("alertProperty") {
            check_property(ctx, doc, node, index, &mut seen);
        }
        if let Some(entry) = item.entry("value") {
            check_value(ctx, entry, index);
        }
    }
}

fn check_property<'a>(
    ctx: &mut LintContext,
    doc: &RuleDocument<'_>,
    node: &'a Node,
    index: usize,
    seen: &mut HashMap<&'a str, (usize, TextRange)>,
) {
    let Some(property) = node.as_str() else { return };
    if !catalog::ALERT_PROPERTIES.contains(&property) {
        let diagnostic = ctx.report(
            &INVALID_ALERT_DYNAMIC_PROPERTY,
            node.range,
            format!("`{property}` is not an alert property"),
        );
        match catalog::closest(property, catalog::ALERT_PROPERTIES.iter().copied()) {
            Some(known) if known.eq_ignore_ascii_case(property) => {
                diagnostic.set_help(format!("Write `{known}`")).set_fix(node.range, known)
            }
            Some(known) => diagnostic.set_help(format!("Write `{known}`")),
            None => diagnostic.set_help(format!(
                "Use one of {}",
                super::backticked_or(catalog::ALERT_PROPERTIES)
            )),
        };
        return;
    }
    if let Some(&(first, first_range)) = seen.get(property) {
        ctx.report(
            &INVALID_ALERT_DYNAMIC_PROPERTY,
            node.range,
            format!("Alert property `{property}` is already overridden (first at `alertDynamicProperties[{first}]`)"),
        )
        .set_help("Keep one override per alert property")
        .add_related(doc.source_id, first_range, format!("`{property}` first overridden here"));
        return;
    }
    seen.insert(property, (index, node.range));
}

fn check_value(ctx: &mut LintContext, entry: &crate::yaml::Entry, index: usize) {
    let empty = match &entry.value.value {
        Value::Null => true,
        Value::Str(text) => text.trim().is_empty(),
        _ => false,
    };
    if empty {
        ctx.report(
            &INVALID_ALERT_DYNAMIC_PROPERTY,
            super::value_or_key_range(entry),
            format!("`alertDynamicProperties[{index}].value` is empty"),
        )
        .set_help("Name the query output column that holds the property's value");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    #[test]
    fn unknown_repeated_and_empty() {
        let yaml = "alertDetailsOverride:\n  alertDynamicProperties:\n    - alertProperty: AlertLinks\n      value: A\n    - alertProperty: ProductName\n      value: B\n    - alertProperty: ProductName\n      value:\n";
        let found = run(yaml, check);
        assert_eq!(found.len(), 3, "{found:#?}");
        assert_eq!(found[0].message, "`AlertLinks` is not an alert property");
        assert_eq!(found[0].help.as_deref(), Some("Write `AlertLink`"));
        assert_eq!(
            found[1].message,
            "Alert property `ProductName` is already overridden (first at `alertDynamicProperties[1]`)"
        );
        assert_eq!(found[2].text, "value");
        assert_eq!(found[2].message, "`alertDynamicProperties[2].value` is empty");
    }
}
