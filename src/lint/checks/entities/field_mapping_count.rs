//! ENT105: an entity mapping with no field mappings or more than three.

use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};
use crate::yaml::Node;

const MAX_FIELD_MAPPINGS: usize = 3;

declare_lint! {
    /// An entity mapping with no field mappings, or more than three
    ///
    /// ## What it does
    /// Counts the `fieldMappings` of each entity mapping; Sentinel accepts one to three.
    ///
    /// ## Why is this bad?
    /// The service rejects the rule. To map more identifiers of the same entity, split them
    /// over two mappings of the same entity type.
    ///
    /// ## Example
    /// ```yaml
    /// entityMappings:
    ///   - entityType: Account
    ///     fieldMappings:
    ///       - identifier: FullName
    ///         columnName: UserId
    ///       - identifier: Name
    ///         columnName: AccountName
    ///       - identifier: UPNSuffix
    ///         columnName: AccountUPNSuffix
    ///       - identifier: Sid
    ///         columnName: UserSid
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// entityMappings:
    ///   - entityType: Account
    ///     fieldMappings:
    ///       - identifier: FullName
    ///         columnName: UserId
    ///       - identifier: Name
    ///         columnName: AccountName
    ///       - identifier: UPNSuffix
    ///         columnName: AccountUPNSuffix
    ///   - entityType: Account
    ///     fieldMappings:
    ///       - identifier: Sid
    ///         columnName: UserSid
    /// ```
    pub(crate) static FIELD_MAPPING_COUNT = ("ENT105", "field-mapping-count", Error);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    for (index, mapping) in super::entity_mappings(doc) {
        let Some(entry) = mapping.entry("fieldMappings") else { continue };
        let count = match &entry.value.value {
            crate::yaml::Value::Seq(items) => items.len(),
            crate::yaml::Value::Null => 0,
            _ => continue,
        };
        let entity = mapping.get("entityType").and_then(Node::as_str).unwrap_or("entity");
        if count == 0 {
            ctx.report(
                &FIELD_MAPPING_COUNT,
                entry.key_range,
                format!("`entityMappings[{index}].fieldMappings` is empty; at least 1 is required"),
            )
            .set_help(format!("Map at least one identifier of `{entity}`, or remove the mapping"));
        } else if count > MAX_FIELD_MAPPINGS {
            ctx.report(
                &FIELD_MAPPING_COUNT,
                entry.key_range,
                format!(
                    "`entityMappings[{index}].fieldMappings` has {count} field mappings; maximum is {MAX_FIELD_MAPPINGS}"
                ),
            )
            .set_help(format!("Move the extra identifiers into a second `{entity}` mapping"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    fn account(count: usize) -> String {
        let ids = ["FullName", "Name", "UPNSuffix", "Sid", "AadUserId"];
        let fields: String = ids[..count]
            .iter()
            .map(|id| format!("      - identifier: {id}\n        columnName: C\n"))
            .collect();
        format!("entityMappings:\n  - entityType: Account\n    fieldMappings:\n{fields}")
    }

    #[test]
    fn more_than_three_is_an_error_at_the_key() {
        let found = run(&account(4), check);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "fieldMappings");
        assert_eq!(
            found[0].message,
            "`entityMappings[0].fieldMappings` has 4 field mappings; maximum is 3"
        );
        assert_eq!(
            found[0].help.as_deref(),
            Some("Move the extra identifiers into a second `Account` mapping")
        );
        assert!(run(&account(3), check).is_empty());
    }

    #[test]
    fn none_is_an_error_too() {
        let found = run("entityMappings:\n  - entityType: IP\n    fieldMappings: []\n", check);
        assert_eq!(
            found[0].message,
            "`entityMappings[0].fieldMappings` is empty; at least 1 is required"
        );
    }
}
