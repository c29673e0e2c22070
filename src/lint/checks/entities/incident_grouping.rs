//! ENT115: alert grouping settings that Sentinel rejects or that refer to nothing.

use crate::catalog;
use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};
use crate::model::duration::Duration;
use crate::yaml::Node;

const MIN_LOOKBACK_SECONDS: u64 = 5 * 60;
const MAX_LOOKBACK_SECONDS: u64 = 7 * 24 * 3600;
const GROUP_BY_KEYS: &[&str] = &["groupByEntities", "groupByAlertDetails", "groupByCustomDetails"];

declare_lint! {
    /// Alert grouping settings that Sentinel rejects or that refer to nothing
    ///
    /// ## What it does
    /// Checks `incidentConfiguration.groupingConfiguration` beyond its types:
    /// `lookbackDuration` is a duration between 5 minutes and 7 days (`5h`, `1d`, `PT5H`);
    /// `matchingMethod: Selected` comes with at least one non-empty `groupBy...` list;
    /// `groupByEntities` names entity types the rule maps in `entityMappings`; and
    /// `groupByCustomDetails` names keys of `customDetails`.
    ///
    /// ## Why is this bad?
    /// The service rejects each of these ("Only entities defined in the current alert rule may
    /// be used"), and a wrong key silently groups by nothing.
    ///
    /// ## Example
    /// ```yaml
    /// incidentConfiguration:
    ///   createIncident: true
    ///   groupingConfiguration:
    ///     enabled: true
    ///     lookbackDuration: 14d
    ///     matchingMethod: Selected
    ///     groupByEntities:
    ///       - Host
    /// ```
    pub(crate) static INVALID_INCIDENT_GROUPING = ("ENT115", "invalid-incident-grouping", Error);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    let Some(grouping) = grouping(doc) else { return };
    check_lookback(ctx, grouping);
    check_selected(ctx, grouping);
    check_entities(ctx, doc, grouping);
    check_custom_details(ctx, doc, grouping);
}

/// `incidentConfiguration.groupingConfiguration`, when it is a mapping.
pub(super) fn grouping<'a>(doc: &RuleDocument<'a>) -> Option<&'a Node> {
    let grouping = doc.root.get("incidentConfiguration")?.get("groupingConfiguration")?;
    grouping.as_map().map(|_| grouping)
}

/// The string items of a `groupBy...` list.
pub(super) fn group_by<'a>(grouping: &'a Node, key: &str) -> Vec<(&'a str, &'a Node)> {
    let items = grouping.get(key).and_then(Node::as_seq).unwrap_or_default();
    items.iter().filter_map(|item| Some((item.as_str()?, item))).collect()
}

fn check_lookback(ctx: &mut LintContext, grouping: &Node) {
    let Some(node) = grouping.get("lookbackDuration") else { return };
    let Some(text) = node.as_str() else { return };
    match duration_seconds(text) {
        None => {
            ctx.report(
                &INVALID_INCIDENT_GROUPING,
                node.range,
                format!("`lookbackDuration` `{text}` is not a duration"),
            )
            .set_help("Write a duration such as `5h`, `1d` or `PT5H`");
        }
        Some(seconds) if !(MIN_LOOKBACK_SECONDS..=MAX_LOOKBACK_SECONDS).contains(&seconds) => {
            ctx.report(
                &INVALID_INCIDENT_GROUPING,
                node.range,
                format!("`lookbackDuration` `{text}` is outside the allowed range of 5 minutes to 7 days"),
            )
            .set_help("Choose a lookback between `5m` and `7d`");
        }
        Some(_) => {}
    }
}

fn check_selected(ctx: &mut LintContext, grouping: &Node) {
    let Some(node) = grouping.get("matchingMethod") else { return };
    if node.as_str() != Some("Selected") {
        return;
    }
    let any = GROUP_BY_KEYS
        .iter()
        .any(|key| grouping.get(key).and_then(Node::as_seq).is_some_and(|items| !items.is_empty()));
    if !any {
        ctx.report(
            &INVALID_INCIDENT_GROUPING,
            node.range,
            "`matchingMethod: Selected` groups by nothing: no `groupByEntities`, `groupByAlertDetails` or `groupByCustomDetails` given",
        )
        .set_help("List what to group by, or use `AllEntities` or `AnyAlert`");
    }
}

fn check_entities(ctx: &mut LintContext, doc: &RuleDocument<'_>, grouping: &Node) {
    let mapped: Vec<&str> = super::entity_mappings(doc)
        .filter_map(|(_, mapping)| mapping.get("entityType").and_then(Node::as_str))
        .collect();
    for (name, node) in group_by(grouping, "groupByEntities") {
        if catalog::entity_type(name).is_none() {
            let diagnostic = ctx.report(
                &INVALID_INCIDENT_GROUPING,
                node.range,
                format!("`{name}` in `groupByEntities` is not an entity type"),
            );
            if let Some(known) = catalog::suggest_entity_type(name) {
                diagnostic.set_help(format!("Write `{}`", known.name));
            }
        } else if !mapped.contains(&name) {
            ctx.report(
                &INVALID_INCIDENT_GROUPING,
                node.range,
                format!("`groupByEntities` names `{name}`, which `entityMappings` does not map"),
            )
            .set_help(format!("Map a `{name}` entity, or remove it from `groupByEntities`"));
        }
    }
}

fn check_custom_details(ctx: &mut LintContext, doc: &RuleDocument<'_>, grouping: &Node) {
    let keys: Vec<&str> = super::custom_details(doc).iter().map(|e| e.key.as_str()).collect();
    for (name, node) in group_by(grouping, "groupByCustomDetails") {
        if keys.contains(&name) {
            continue;
        }
        let diagnostic = ctx.report(
            &INVALID_INCIDENT_GROUPING,
            node.range,
            format!("`groupByCustomDetails` names `{name}`, which is not a key of `customDetails`"),
        );
        match catalog::closest(name, keys.iter().copied()) {
            Some(key) => diagnostic.set_help(format!("Write `{key}`")),
            None => {
                diagnostic.set_help(format!("Add `{name}` to `customDetails`, or remove it here"))
            }
        };
    }
}

/// Seconds in any duration form rule files use (`1d2h30m`, `P1DT2H`, `01:00:00`).
fn duration_seconds(text: &str) -> Option<u64> {
    Duration::parse(text).map(Duration::as_seconds)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    const BASE: &str = "entityMappings:\n  - entityType: Host\n    fieldMappings:\n      - identifier: HostName\n        columnName: Computer\ncustomDetails:\n  Action: Action\n";

    fn rule(grouping: &str) -> String {
        format!(
            "{BASE}incidentConfiguration:\n  createIncident: true\n  groupingConfiguration:\n{grouping}"
        )
    }

    #[test]
    fn durations() {
        assert_eq!(duration_seconds("5h"), Some(18_000));
        assert_eq!(duration_seconds("1d2h30m"), Some(95_400));
        assert_eq!(duration_seconds("PT5H"), Some(18_000));
        assert_eq!(duration_seconds("P1DT1M"), Some(86_460));
        for bad in ["", "5", "h5", "5x", "P", "PT"] {
            assert_eq!(duration_seconds(bad), None, "{bad}");
        }
    }

    #[test]
    fn lookback_out_of_range_and_unparseable() {
        let found = run(&rule("    lookbackDuration: 8d\n"), check);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "8d");
        assert_eq!(
            found[0].message,
            "`lookbackDuration` `8d` is outside the allowed range of 5 minutes to 7 days"
        );
        assert_eq!(
            run(&rule("    lookbackDuration: soon\n"), check)[0].message,
            "`lookbackDuration` `soon` is not a duration"
        );
        assert!(run(&rule("    lookbackDuration: PT5H\n"), check).is_empty());
    }

    #[test]
    fn selected_needs_something_to_group_by() {
        let found = run(&rule("    matchingMethod: Selected\n"), check);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "Selected");
    }

    #[test]
    fn group_by_references_must_exist() {
        let grouping = "    matchingMethod: Selected\n    groupByEntities: [Host, Account, Hots]\n    groupByCustomDetails: [Action, Acton]\n";
        let found = run(&rule(grouping), check);
        let texts: Vec<&str> = found.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, ["Account", "Hots", "Acton"], "{found:#?}");
        assert_eq!(
            found[0].message,
            "`groupByEntities` names `Account`, which `entityMappings` does not map"
        );
        assert_eq!(found[1].help.as_deref(), Some("Write `Host`"));
        assert_eq!(found[2].help.as_deref(), Some("Write `Action`"));
    }
}
