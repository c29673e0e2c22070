//! ENT111: a custom detail whose value is not a column name.

use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};
use crate::yaml::Value;

const MAX_VALUE_CHARS: usize = 500;

declare_lint! {
    /// A custom detail whose value is empty or not a column name
    ///
    /// ## What it does
    /// Checks each `customDetails` value: it names the query output column that fills the
    /// detail, so it must be a non-empty column name of at most 500 characters. A key with
    /// nothing after it (`FirewallAction:`) is YAML `null` and is reported here.
    ///
    /// ## Why is this bad?
    /// The service rejects the rule; the Azure-Sentinel validator even crashes on a null value
    /// ("Value cannot be null. (Parameter 'key')", Azure/Azure-Sentinel PR #14959).
    ///
    /// ## Example
    /// ```yaml
    /// customDetails:
    ///   FirewallAction:
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// customDetails:
    ///   FirewallAction: Action
    /// ```
    pub(crate) static INVALID_CUSTOM_DETAIL_VALUE = ("ENT111", "invalid-custom-detail-value", Error);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    for entry in super::custom_details(doc) {
        let key = &entry.key;
        let message = match &entry.value.value {
            Value::Null => {
                format!("Custom detail `{key}` has no value; it must name an output column")
            }
            Value::Str(column) if column.trim().is_empty() => {
                format!("Custom detail `{key}` has no value; it must name an output column")
            }
            Value::Str(column) if column.chars().count() > MAX_VALUE_CHARS => {
                format!("Custom detail `{key}` is longer than {MAX_VALUE_CHARS} characters")
            }
            Value::Str(column) if !super::is_column_name(column) => {
                format!("Custom detail `{key}` value `{column}` is not a column name")
            }
            Value::Str(_) => continue,
            // The schema leaves every `customDetails` value to this check, types included.
            _ => {
                let found = entry.value.type_name();
                let article = if found.starts_with(['a', 'e', 'i', 'o', 'u']) { "an" } else { "a" };
                format!("Custom detail `{key}` value must be a column name, not {article} {found}")
            }
        };
        ctx.report(&INVALID_CUSTOM_DETAIL_VALUE, super::value_or_key_range(entry), message)
            .set_help(format!(
                "Write the query output column to show as `{key}`, or remove the entry"
            ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    #[test]
    fn null_value_is_reported_at_the_key_without_crashing() {
        let found = run("customDetails:\n  FirewallAction:\n  Action: Action\n", check);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "FirewallAction");
        assert_eq!(
            found[0].message,
            "Custom detail `FirewallAction` has no value; it must name an output column"
        );
    }

    #[test]
    fn non_column_values() {
        let found = run("customDetails:\n  Port: \"Destination Port\"\n  Empty: ''\n", check);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].text, "\"Destination Port\"");
        assert_eq!(
            found[0].message,
            "Custom detail `Port` value `Destination Port` is not a column name"
        );
        assert_eq!(found[1].text, "''");
    }

    #[test]
    fn non_string_values() {
        let found = run("customDetails:\n  Port: 443\n  Hosts: [a, b]\n", check);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].message,
            "Custom detail `Port` value must be a column name, not an integer"
        );
        assert_eq!(
            found[1].message,
            "Custom detail `Hosts` value must be a column name, not a list"
        );
    }
}
