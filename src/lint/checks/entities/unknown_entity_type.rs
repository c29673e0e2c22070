//! ENT101: an `entityType` that is not one of Sentinel's entity types.

use crate::catalog;
use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};

declare_lint! {
    /// An `entityType` that is not one of Sentinel's entity types
    ///
    /// ## What it does
    /// Checks each `entityMappings[].entityType` against Sentinel's entity types (`Account`,
    /// `Host`, `IP`, `URL`, `FileHash`, ...). Matching is case-sensitive; a near miss such as
    /// `Ip` or `Url` gets the right spelling.
    ///
    /// ## Why is this bad?
    /// The service rejects the rule, and no identifier of the mapping can be checked.
    ///
    /// ## Example
    /// ```yaml
    /// entityMappings:
    ///   - entityType: Ip
    ///     fieldMappings:
    ///       - identifier: Address
    ///         columnName: ClientIP
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// entityMappings:
    ///   - entityType: IP
    ///     fieldMappings:
    ///       - identifier: Address
    ///         columnName: ClientIP
    /// ```
    pub(crate) static UNKNOWN_ENTITY_TYPE = ("ENT101", "unknown-entity-type", Error);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    for (_, mapping) in super::entity_mappings(doc) {
        let Some(node) = mapping.get("entityType") else { continue };
        let Some(name) = node.as_str() else { continue };
        if catalog::entity_type(name).is_some() {
            continue;
        }
        let diagnostic =
            ctx.report(&UNKNOWN_ENTITY_TYPE, node.range, format!("`{name}` is not an entity type"));
        match catalog::suggest_entity_type(name) {
            Some(known) => {
                diagnostic.set_help(format!("Write `{}`", known.name));
                // Only another casing is certain; a near miss may be another type.
                if known.name.eq_ignore_ascii_case(name) {
                    diagnostic.set_fix(node.range, known.name);
                }
            }
            None => {
                diagnostic.set_help(format!("Use one of {}", all_types()));
            }
        };
    }
}

fn all_types() -> String {
    let names: Vec<&str> = catalog::entity_types().iter().map(|e| e.name).collect();
    super::backticked_or(&names)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    #[test]
    fn near_misses_and_unknown_types() {
        let yaml =
            "entityMappings:\n  - entityType: Ip\n  - entityType: Laptop\n  - entityType: Host\n";
        let found = run(yaml, check);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].text, "Ip");
        assert_eq!(found[0].message, "`Ip` is not an entity type");
        assert_eq!(found[0].help.as_deref(), Some("Write `IP`"));
        assert!(found[1].help.as_deref().unwrap_or_default().starts_with("Use one of `Account`"));
    }
}
