//! CON102: a required data connector with an empty `dataTypes` list.

use crate::catalog;
use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};
use crate::yaml::Node;

/// How many of a connector's tables a help message lists before "...".
const TABLES_SHOWN: usize = 5;

declare_lint! {
    /// A required data connector with no data types
    ///
    /// ## What it does
    /// Reports `requiredDataConnectors` entries whose `dataTypes` is an empty list. When the
    /// catalogue knows which tables the connector feeds, the help lists them.
    ///
    /// ## Why is this bad?
    /// `dataTypes` names the tables the rule needs from the connector; Sentinel uses it to show
    /// whether the rule's data is flowing, and the Azure-Sentinel validator requires at least
    /// one. A missing or mistyped `dataTypes` is reported by the schema checks.
    ///
    /// ## Example
    /// ```yaml
    /// requiredDataConnectors:
    ///   - connectorId: Office365
    ///     dataTypes: []
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// requiredDataConnectors:
    ///   - connectorId: Office365
    ///     dataTypes:
    ///       - OfficeActivity
    /// ```
    pub(crate) static EMPTY_DATA_TYPES = ("CON102", "empty-data-types", Error);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    for entry in super::connector_entries(doc) {
        let Some(data_types) = entry.entry("dataTypes") else { continue };
        if !data_types.value.as_seq().is_some_and(<[Node]>::is_empty) {
            continue;
        }
        let id = entry.get("connectorId").and_then(Node::as_str).unwrap_or_default();
        let label = if id.is_empty() { "this connector".to_owned() } else { format!("`{id}`") };
        ctx.report(
            &EMPTY_DATA_TYPES,
            data_types.value.range,
            format!("`dataTypes` of {label} is empty"),
        )
        .set_help(help(id));
    }
}

fn help(id: &str) -> String {
    let tables = catalog::connector(id).map(|c| c.tables).unwrap_or_default();
    if tables.is_empty() {
        return "List the tables the query reads from this connector".to_owned();
    }
    let shown: Vec<String> = tables.iter().take(TABLES_SHOWN).map(|t| format!("`{t}`")).collect();
    let more = if tables.len() > TABLES_SHOWN { ", ..." } else { "" };
    format!("List the tables the query reads from `{id}`, e.g. {}{more}", shown.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    #[test]
    fn empty_list_is_an_error_with_known_tables() {
        let found =
            run("requiredDataConnectors:\n  - connectorId: 1Password\n    dataTypes: []\n", check);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "[]");
        assert_eq!(found[0].message, "`dataTypes` of `1Password` is empty");
        assert_eq!(
            found[0].help.as_deref(),
            Some(
                "List the tables the query reads from `1Password`, e.g. `OnePasswordEventLogs_CL`"
            )
        );
    }

    #[test]
    fn filled_or_missing_lists_are_not_this_checks_business() {
        let yaml = "requiredDataConnectors:\n  - connectorId: CEF\n    dataTypes:\n      - CommonSecurityLog\n  - connectorId: Syslog\n";
        assert!(run(yaml, check).is_empty());
    }

    #[test]
    fn an_empty_connector_list_is_allowed() {
        assert!(run("requiredDataConnectors: []\n", super::super::check).is_empty());
    }
}
