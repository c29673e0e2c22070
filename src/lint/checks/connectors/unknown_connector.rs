//! CON101: a `connectorId` that is not in the connector catalogue.

use crate::catalog::{self, Connector};
use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};
use crate::yaml::Node;

declare_lint! {
    /// A `connectorId` that is not in the data connector catalogue
    ///
    /// ## What it does
    /// Looks every `requiredDataConnectors[].connectorId` up in the connector catalogue
    /// compiled into sentinelctl: the Microsoft Sentinel content catalogue (640 connectors)
    /// plus the legacy ids the Azure-Sentinel template validator still accepts. Ids are
    /// case-sensitive; a near miss gets a suggestion.
    ///
    /// An id that resembles no catalogued connector and whose `dataTypes` are all custom log
    /// tables (`*_CL`) is taken to be the workspace's own custom connector, which no catalogue
    /// can know, and is not reported.
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
        let suggestion = catalog::suggest_connector(id);
        if suggestion.is_none() && feeds_only_custom_tables(entry) {
            continue;
        }
        let diagnostic = ctx.report(
            &UNKNOWN_CONNECTOR,
            node.range,
            format!("Connector `{id}` is not in the data connector catalogue"),
        );
        match suggestion {
            Some(known) => diagnostic.set_help(format!("Write `{}`{}", known.id, described(known))),
            None => diagnostic.set_help(
                "Use the id of the connector as listed in the Sentinel content hub \
                 (sentinelctl's catalogue may also need a refresh for a brand-new connector)",
            ),
        };
    }
}

/// Whether every data type of the entry is a custom log table (`*_CL`), the mark of a
/// workspace's own connector.
fn feeds_only_custom_tables(entry: &Node) -> bool {
    let tables = entry.get("dataTypes").and_then(Node::as_seq).unwrap_or_default();
    !tables.is_empty() && tables.iter().all(|t| t.as_str().is_some_and(|t| t.ends_with("_CL")))
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
    fn custom_connectors_for_custom_tables_pass_but_typos_do_not() {
        let custom = "requiredDataConnectors:\n  - connectorId: ExampleEDR\n    dataTypes:\n      - ExampleEDR_CL\n";
        assert!(run(custom, check).is_empty());
        let typo = "requiredDataConnectors:\n  - connectorId: 1Pasword\n    dataTypes:\n      - OnePasswordEventLogs_CL\n";
        assert_eq!(run(typo, check).len(), 1);
    }

    #[test]
    fn unrelated_ids_explain_where_ids_come_from() {
        let found = run(&rule("TotallyMadeUpThing"), check);
        assert_eq!(found.len(), 1);
        assert!(found[0].help.as_deref().unwrap_or_default().starts_with("Use the id"));
    }
}
