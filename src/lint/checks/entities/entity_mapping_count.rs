//! ENT103: more than ten entity mappings.

use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};

/// The service's limit; older tooling (and the Azure-Sentinel validator) still says 5.
const MAX_ENTITY_MAPPINGS: usize = 10;

declare_lint! {
    /// More than ten entity mappings
    ///
    /// ## What it does
    /// Reports `entityMappings` lists with more than ten entries. Ten is the service's limit;
    /// the old limit of five, which some tools still enforce, does not apply. An empty list is
    /// ENT104's finding.
    ///
    /// ## Why is this bad?
    /// The API rejects the rule: "Invalid length of '11' for 'EntityMappings'. 'EntityMappings'
    /// length should be between '1' and '10'".
    ///
    /// ## Example
    /// ```yaml
    /// entityMappings:   # eleven entries
    ///   - entityType: IP
    ///     fieldMappings:
    ///       - identifier: Address
    ///         columnName: Col01
    ///   # ... ten more
    /// ```
    pub(crate) static ENTITY_MAPPING_COUNT = ("ENT103", "too-many-entity-mappings", Error);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    let Some(entry) = doc.root.entry("entityMappings") else { return };
    let Some(items) = entry.value.as_seq() else { return };
    if items.len() > MAX_ENTITY_MAPPINGS {
        ctx.report(
            &ENTITY_MAPPING_COUNT,
            entry.key_range,
            format!(
                "`entityMappings` has {} entries; allowed range is 1..{MAX_ENTITY_MAPPINGS}",
                items.len()
            ),
        )
        .set_help("Merge mappings of the same entity type, or drop the least useful ones");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    fn mappings(count: usize) -> String {
        let item = "  - entityType: IP\n    fieldMappings:\n      - identifier: Address\n        columnName: A\n";
        format!("entityMappings:\n{}", item.repeat(count))
    }

    #[test]
    fn eleven_is_too_many_ten_is_fine() {
        let found = run(&mappings(11), check);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "entityMappings");
        assert_eq!(found[0].message, "`entityMappings` has 11 entries; allowed range is 1..10");
        assert!(run(&mappings(10), check).is_empty());
        assert!(run(&mappings(6), check).is_empty());
    }
}
