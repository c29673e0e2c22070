//! ENT106: the same identifier twice in one entity mapping.

use std::collections::HashMap;

use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};
use crate::source::TextRange;

declare_lint! {
    /// The same identifier mapped twice in one entity mapping
    ///
    /// ## What it does
    /// Reports a `fieldMappings[].identifier` already used earlier in the same entity mapping,
    /// naming the first place it was used.
    ///
    /// ## Why is this bad?
    /// An entity has one value per identifier; the service rejects the rule rather than guess
    /// which column wins.
    ///
    /// ## Example
    /// ```yaml
    /// entityMappings:
    ///   - entityType: Account
    ///     fieldMappings:
    ///       - identifier: DisplayName
    ///         columnName: UserId
    ///       - identifier: DisplayName
    ///         columnName: AccountName
    /// ```
    pub(crate) static DUPLICATE_IDENTIFIER = ("ENT106", "duplicate-identifier", Error);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    for (_, mapping) in super::entity_mappings(doc) {
        let mut first: HashMap<&str, (usize, TextRange)> = HashMap::new();
        for (index, identifier, node) in super::identifiers(mapping) {
            let Some(&(first_index, first_range)) = first.get(identifier) else {
                first.insert(identifier, (index, node.range));
                continue;
            };
            ctx.report(
                &DUPLICATE_IDENTIFIER,
                node.range,
                format!(
                    "Identifier `{identifier}` already used in this entity mapping (first at `fieldMappings[{first_index}]`)"
                ),
            )
            .set_help("Remove one of the two, or move it into a second mapping of the same entity type")
            .add_related(doc.source_id, first_range, format!("`{identifier}` first mapped here"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    #[test]
    fn second_use_is_reported_naming_the_first() {
        let yaml = "entityMappings:\n  - entityType: Account\n    fieldMappings:\n      - identifier: DisplayName\n        columnName: A\n      - identifier: Name\n        columnName: B\n      - identifier: DisplayName\n        columnName: C\n";
        let found = run(yaml, check);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "DisplayName");
        assert_eq!(
            found[0].message,
            "Identifier `DisplayName` already used in this entity mapping (first at `fieldMappings[0]`)"
        );
    }

    #[test]
    fn same_identifier_in_two_mappings_is_fine() {
        let item = "  - entityType: IP\n    fieldMappings:\n      - identifier: Address\n        columnName: A\n";
        assert!(run(&format!("entityMappings:\n{item}{item}"), check).is_empty());
    }
}
