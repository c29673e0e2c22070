//! CON101: a `connectorId` that is not in the connector catalogue.

use crate::catalog::{self, Connector};
use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};

declare_lint! {
    /// A `connectorId` that is not in the data connector catalogue
    ///
    /// ## What it does
    /// Looks every `requiredDataConnectors[].connectorId` up in the connector catalogue
    /// compiled into sentinelctl: the Microsoft Sentinel content catalogue (640 connectors)
    /// plus the legacy ids the Azure-Sentinel template validator still accepts. Ids are
    /// case-sensitive; a near miss gets a suggestion.
    ///
    /// ## Why is this bad?
    /// Sentinel uses the id to tell users which connector a rule needs; an unknown id shows the
    /// rule as having no working data source, and the Azure-Sentinel validator rejects it.
    ///
    /// ## Example
    /// ```yaml
    /// requiredDataConnectors:
    ///   - connectorId: MicrosoftThreatProtecton
    ///     dataTypes:
    ///       - DeviceFileCertificateInfo
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// requiredDataConnectors:
    ///   - connectorId: MicrosoftThreatProtection
    ///     dataTypes:
    ///       - DeviceFileCertificateInfo
    /// ```
    pub(crate) static UNKNOWN_CONNECTOR = ("CON101", "unknown-connector", Error);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    for entry in super::connector_entries(doc) {
        let Some(node) = entry.get("connectorId") else { continue };
        let Some(id) = node.as_str() else { continue };
        // An empty id is the schema's finding (minLength); there is nothing to look up.
        if id.is_empty() || catalog::connector(id).is_some() {
            continue;
        }
        let diagnostic = ctx.report(
            &UNKNOWN_CONNECTOR,
            node.range,
            format!("Connector `{id}` is not in the data connector catalogue"),
        );
        match catalog::suggest_connector(id) {
            Some(known) => diagnostic.set_help(format!("Write `{}`{}", known.id, described(known))),
            None => diagnostic.set_help(
                "Use the id of the connector as listed in the Sentinel content hub \
                 (sentinelctl's catalogue may also need a refresh for a brand-new connector)",
            ),
        };
    }
}

/// ` (Title)` when the catalogue has a title, for the suggestion.
fn described(connector: &Connector) -> String {
    if connector.title.is_empty() { String::new() } else { format!(" ({})", connector.title) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    fn rule(id: &str) -> String {
        format!(
            "requiredDataConnectors:\n  - connectorId: {id}\n    dataTypes:\n      - SecurityEvent\n"
        )
    }

    #[test]
    fn known_and_legacy_ids_pass() {
        assert!(run(&rule("MicrosoftThreatProtection"), check).is_empty());
        assert!(run(&rule("Zscaler"), check).is_empty());
    }

    #[test]
    fn near_miss_gets_a_suggestion() {
        let found = run(&rule("MicrosoftThreatProtecton"), check);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "MicrosoftThreatProtecton");
        assert_eq!(
            found[0].message,
            "Connector `MicrosoftThreatProtecton` is not in the data connector catalogue"
        );
        let help = found[0].help.as_deref().unwrap_or_default();
        assert!(help.starts_with("Write `MicrosoftThreatProtection` ("), "{help}");
    }

    #[test]
    fn wrong_case_is_reported_with_the_right_case() {
        let found = run(&rule("office365"), check);
        assert!(found[0].help.as_deref().unwrap_or_default().starts_with("Write `Office365`"));
    }

    #[test]
    fn unrelated_ids_explain_where_ids_come_from() {
        let found = run(&rule("TotallyMadeUpThing"), check);
        assert_eq!(found.len(), 1);
        assert!(found[0].help.as_deref().unwrap_or_default().starts_with("Use the id"));
    }
}
