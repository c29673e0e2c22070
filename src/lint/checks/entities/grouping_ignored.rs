//! ENT116: incident settings that have no effect as written.

use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};
use crate::yaml::Node;

declare_lint! {
    /// Incident grouping settings that have no effect
    ///
    /// ## What it does
    /// Reports `groupByEntities`, `groupByAlertDetails` and `groupByCustomDetails` lists when
    /// `matchingMethod` is not `Selected` (Sentinel only reads them for `Selected`), and
    /// enabled alert grouping when `createIncident` is `false` (there are no incidents to group
    /// alerts into).
    ///
    /// ## Why is this bad?
    /// The author expects incidents grouped one way and gets another; nothing in the portal
    /// says the setting was ignored.
    ///
    /// ## Example
    /// ```yaml
    /// incidentConfiguration:
    ///   createIncident: true
    ///   groupingConfiguration:
    ///     enabled: true
    ///     matchingMethod: AllEntities
    ///     groupByEntities:
    ///       - Host
    /// ```
    pub(crate) static GROUPING_SETTING_IGNORED = ("ENT116", "grouping-setting-ignored", Warning);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    let Some(grouping) = super::incident_grouping::grouping(doc) else { return };
    check_group_by_lists(ctx, grouping);
    check_create_incident(ctx, doc, grouping);
}

fn check_group_by_lists(ctx: &mut LintContext, grouping: &Node) {
    let method = grouping.get("matchingMethod").and_then(Node::as_str);
    // No method (a schema finding) or Selected: the lists are read.
    let Some(method) = method.filter(|m| *m != "Selected") else { return };
    for key in ["groupByEntities", "groupByAlertDetails", "groupByCustomDetails"] {
        let Some(entry) = grouping.entry(key) else { continue };
        if entry.value.as_seq().is_some_and(|items| !items.is_empty()) {
            ctx.report(
                &GROUPING_SETTING_IGNORED,
                entry.key_range,
                format!(
                    "`{key}` is ignored because `matchingMethod` is `{method}`, not `Selected`"
                ),
            )
            .set_help(format!("Set `matchingMethod: Selected` or remove `{key}`"));
        }
    }
}

fn check_create_incident(ctx: &mut LintContext, doc: &RuleDocument<'_>, grouping: &Node) {
    let create = doc.field("incidentConfiguration").and_then(|c| c.get("createIncident"));
    let enabled = grouping.entry("enabled");
    if let (Some(false), Some(enabled)) = (create.and_then(Node::as_bool), enabled)
        && enabled.value.as_bool() == Some(true)
    {
        ctx.report(
            &GROUPING_SETTING_IGNORED,
            enabled.value.range,
            "Alert grouping is enabled but `createIncident` is `false`, so there are no incidents to group into",
        )
        .set_help("Set `createIncident: true`, or disable grouping");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    #[test]
    fn group_by_without_selected_warns() {
        let yaml = "incidentConfiguration:\n  createIncident: true\n  groupingConfiguration:\n    enabled: true\n    matchingMethod: AllEntities\n    groupByEntities: [Host]\n    groupByAlertDetails: []\n";
        let found = run(yaml, check);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "groupByEntities");
        assert_eq!(
            found[0].message,
            "`groupByEntities` is ignored because `matchingMethod` is `AllEntities`, not `Selected`"
        );
    }

    #[test]
    fn grouping_without_incidents_warns() {
        let yaml = "incidentConfiguration:\n  createIncident: false\n  groupingConfiguration:\n    enabled: true\n    matchingMethod: AnyAlert\n";
        let found = run(yaml, check);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "true");
    }
}
