//! ENT108: a field mapping's `columnName` that cannot be a column of the query output.

use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};
use crate::yaml::Value;

const MAX_COLUMN_NAME: usize = 500;

declare_lint! {
    /// A `columnName` that is not a valid column name
    ///
    /// ## What it does
    /// Checks `entityMappings[].fieldMappings[].columnName`: non-empty, at most 500
    /// characters, a letter or `_` first, then only letters, digits and `_`
    /// (`^[a-zA-Z_]+\w*$`). Whether the column exists in the query output is a separate check.
    ///
    /// ## Why is this bad?
    /// Sentinel rejects the rule, and such a name could not be a projected column anyway.
    ///
    /// ## Example
    /// ```yaml
    ///       - identifier: Name
    ///         columnName: Account Name
    /// ```
    ///
    /// Use instead (with `project-rename AccountName = ['Account Name']` in the query):
    /// ```yaml
    ///       - identifier: Name
    ///         columnName: AccountName
    /// ```
    pub(crate) static INVALID_COLUMN_NAME = ("ENT108", "invalid-column-name", Error);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    for (index, mapping) in super::entity_mappings(doc) {
        for (field_index, field) in super::field_mappings(mapping) {
            let Some(entry) = field.entry("columnName") else { continue };
            let place =
                format!("`entityMappings[{index}].fieldMappings[{field_index}].columnName`");
            let message = match &entry.value.value {
                Value::Null => format!("{place} is empty"),
                Value::Str(name) if name.is_empty() => format!("{place} is empty"),
                Value::Str(name) if name.chars().count() > MAX_COLUMN_NAME => {
                    format!("{place} is longer than {MAX_COLUMN_NAME} characters")
                }
                Value::Str(name) if !super::is_column_name(name) => {
                    format!("`{name}` is not a valid column name")
                }
                _ => continue,
            };
            ctx.report(&INVALID_COLUMN_NAME, super::value_or_key_range(entry), message).set_help(
                "Name a query output column: a letter or `_` first, then letters, digits and `_`",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    fn with_column(column: &str) -> String {
        format!(
            "entityMappings:\n  - entityType: Account\n    fieldMappings:\n      - identifier: Name\n        columnName: {column}\n"
        )
    }

    #[test]
    fn bad_names_are_errors() {
        let found = run(&with_column("\"Account Name\""), check);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "\"Account Name\"");
        assert_eq!(found[0].message, "`Account Name` is not a valid column name");
        let found = run(&with_column(""), check);
        assert_eq!(found[0].text, "columnName");
        assert_eq!(found[0].message, "`entityMappings[0].fieldMappings[0].columnName` is empty");
    }

    #[test]
    fn good_names_pass() {
        assert!(run(&with_column("_AccountName1"), check).is_empty());
    }
}
