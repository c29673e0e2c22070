//! ENT102: a field-mapping identifier the entity type does not have.

use crate::catalog::EntityType;
use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};

declare_lint! {
    /// An identifier that the mapping's entity type does not have
    ///
    /// ## What it does
    /// Checks each `fieldMappings[].identifier` against the identifiers of the mapping's
    /// entity type, case-sensitively. The message lists the valid identifiers; a different
    /// casing of a valid one (`Hostname` for `HostName`) is pointed out.
    ///
    /// ## Why is this bad?
    /// The service rejects the rule ("Invalid identifier ... for type ..."). A common slip is
    /// to use the column name as the identifier: the IP entity's identifier is `Address`, not
    /// `IPAddress`.
    ///
    /// ## Example
    /// ```yaml
    /// entityMappings:
    ///   - entityType: IP
    ///     fieldMappings:
    ///       - identifier: IPAddress
    ///         columnName: RemoteIP
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// entityMappings:
    ///   - entityType: IP
    ///     fieldMappings:
    ///       - identifier: Address
    ///         columnName: RemoteIP
    /// ```
    pub(crate) static INVALID_IDENTIFIER = ("ENT102", "invalid-identifier", Error);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    for (_, mapping) in super::entity_mappings(doc) {
        let Some(entity) = super::entity_type_of(mapping) else { continue };
        for (_, identifier, node) in super::identifiers(mapping) {
            if entity.has_identifier(identifier) {
                continue;
            }
            let diagnostic = ctx.report(
                &INVALID_IDENTIFIER,
                node.range,
                format!(
                    "`{identifier}` is not an identifier of entity type `{}`; valid: {}",
                    entity.name,
                    super::backticked_or(entity.identifiers)
                ),
            );
            diagnostic.set_help(help(entity, identifier));
            if let Some(meant) = certain_identifier(entity, identifier, mapping) {
                diagnostic.set_fix(node.range, meant);
            }
        }
    }
}

/// The identifier certainly meant: another casing of a valid one, or the only identifier of
/// the type when the mapping does not use it already (a second one would be a duplicate).
fn certain_identifier(
    entity: &EntityType,
    identifier: &str,
    mapping: &crate::yaml::Node,
) -> Option<&'static str> {
    if let Some(known) = entity.identifier_ignore_case(identifier) {
        return Some(known);
    }
    let [only] = entity.identifiers else { return None };
    let used = super::identifiers(mapping).any(|(_, id, _)| id == *only);
    (!used).then_some(*only)
}

fn help(entity: &EntityType, identifier: &str) -> String {
    match entity.identifier_ignore_case(identifier) {
        Some(known) => format!("Write `{known}`: identifiers are case-sensitive"),
        None if entity.identifiers.len() == 1 => format!("Write `{}`", entity.identifiers[0]),
        None => format!("Use one of the identifiers of `{}`", entity.name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    #[test]
    fn ip_address_is_not_an_ip_identifier() {
        let yaml = "entityMappings:\n  - entityType: IP\n    fieldMappings:\n      - identifier: IPAddress\n        columnName: RemoteIP\n";
        let found = run(yaml, check);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "IPAddress");
        assert_eq!(
            found[0].message,
            "`IPAddress` is not an identifier of entity type `IP`; valid: `Address`"
        );
        assert_eq!(found[0].help.as_deref(), Some("Write `Address`"));
        assert_eq!(found[0].fix.as_deref(), Some("Address"), "the type's only identifier");
        let both = yaml.replace(
            "        columnName: RemoteIP\n",
            "        columnName: RemoteIP\n      - identifier: Address\n        columnName: IP\n",
        );
        assert_eq!(run(&both, check)[0].fix, None, "it would be there twice");
    }

    #[test]
    fn wrong_case_gets_a_hint() {
        let yaml = "entityMappings:\n  - entityType: Host\n    fieldMappings:\n      - identifier: Hostname\n        columnName: Computer\n";
        let found = run(yaml, check);
        assert_eq!(
            found[0].help.as_deref(),
            Some("Write `HostName`: identifiers are case-sensitive")
        );
    }

    #[test]
    fn unknown_types_are_left_to_ent101() {
        let yaml = "entityMappings:\n  - entityType: Laptop\n    fieldMappings:\n      - identifier: Anything\n        columnName: X\n";
        assert!(run(yaml, check).is_empty());
    }
}
