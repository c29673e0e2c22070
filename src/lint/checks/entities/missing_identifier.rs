//! ENT107: an entity mapping without the identifiers its entity type requires.

use crate::catalog::EntityType;
use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};

declare_lint! {
    /// An entity mapping without the identifiers its type requires
    ///
    /// ## What it does
    /// Checks that each entity mapping maps one of the identifier combinations that identify
    /// its entity type: `FileHash` needs `Algorithm` and `Value`; `Account` needs one of
    /// `FullName`, `Sid`, `Name`, `AadUserId`, `PUID` or `ObjectGuid`; and so on. Mappings with
    /// an invalid identifier are left to ENT102, since fixing it usually fixes this too.
    ///
    /// ## Why is this bad?
    /// Without its identifying fields Sentinel cannot build the entity: the rule is rejected
    /// when created (Azure/Azure-Sentinel issue #9790).
    ///
    /// ## Example
    /// ```yaml
    /// entityMappings:
    ///   - entityType: FileHash
    ///     fieldMappings:
    ///       - identifier: Value
    ///         columnName: SHA256
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// entityMappings:
    ///   - entityType: FileHash
    ///     fieldMappings:
    ///       - identifier: Algorithm
    ///         columnName: HashAlgorithm   # e.g. extend HashAlgorithm = "SHA256"
    ///       - identifier: Value
    ///         columnName: SHA256
    /// ```
    pub(crate) static MISSING_REQUIRED_IDENTIFIER =
        ("ENT107", "missing-required-identifier", Error);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    for (_, mapping) in super::entity_mappings(doc) {
        let Some(entity) = super::entity_type_of(mapping) else { continue };
        let mapped: Vec<&str> = super::identifiers(mapping).map(|(_, id, _)| id).collect();
        // Nothing to judge without field mappings (ENT105), or with a bad identifier (ENT102).
        if mapped.is_empty() || mapped.iter().any(|id| !entity.has_identifier(id)) {
            continue;
        }
        if entity.is_complete(&mapped) {
            continue;
        }
        let (message, help) = describe(entity, &mapped);
        ctx.report(&MISSING_REQUIRED_IDENTIFIER, mapping.range, message).set_help(help);
    }
}

fn describe(entity: &EntityType, mapped: &[&str]) -> (String, String) {
    let name = entity.name;
    // One combination (FileHash: Algorithm and Value): name exactly what is missing.
    if let [group] = entity.required_any_of {
        let missing: Vec<&str> = group.iter().copied().filter(|id| !mapped.contains(id)).collect();
        let noun = if missing.len() == 1 { "identifier" } else { "identifiers" };
        return (
            format!("`{name}` mapping lacks required {noun} {}", super::backticked(&missing)),
            format!(
                "Map {}: `{name}` requires {}",
                super::backticked(&missing),
                super::backticked(group)
            ),
        );
    }
    // Several alternatives (Account, Host, ...): list them.
    let options: Vec<String> =
        entity.required_any_of.iter().map(|group| super::backticked(group)).collect();
    (
        format!("`{name}` mapping has none of the identifiers that identify a `{name}`"),
        format!("Map one of: {}", options.join("; ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    fn mapping(entity: &str, ids: &[&str]) -> String {
        let fields: String = ids
            .iter()
            .map(|id| format!("      - identifier: {id}\n        columnName: C\n"))
            .collect();
        format!("entityMappings:\n  - entityType: {entity}\n    fieldMappings:\n{fields}")
    }

    #[test]
    fn file_hash_without_algorithm() {
        let found = run(&mapping("FileHash", &["Value"]), check);
        assert_eq!(found.len(), 1);
        assert!(found[0].text.starts_with("entityType: FileHash"));
        assert_eq!(found[0].message, "`FileHash` mapping lacks required identifier `Algorithm`");
        assert_eq!(
            found[0].help.as_deref(),
            Some("Map `Algorithm`: `FileHash` requires `Algorithm` and `Value`")
        );
        assert!(run(&mapping("FileHash", &["Algorithm", "Value"]), check).is_empty());
    }

    #[test]
    fn account_with_only_a_suffix() {
        let found = run(&mapping("Account", &["UPNSuffix"]), check);
        assert_eq!(
            found[0].message,
            "`Account` mapping has none of the identifiers that identify a `Account`"
        );
        assert!(
            found[0]
                .help
                .as_deref()
                .unwrap_or_default()
                .starts_with("Map one of: `FullName`; `Sid`")
        );
        assert!(run(&mapping("Account", &["Name", "UPNSuffix"]), check).is_empty());
    }

    #[test]
    fn invalid_identifiers_are_left_to_ent102() {
        assert!(run(&mapping("IP", &["IPAddress"]), check).is_empty());
    }
}
