//! SCD106: schedule or trigger fields on an NRT rule.

use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};
use crate::model::RuleKind;

declare_lint! {
    /// Schedule or trigger field on an NRT rule
    ///
    /// ## What it does
    /// Reports `queryFrequency`, `queryPeriod`, `triggerOperator` and `triggerThreshold` on a
    /// `kind: NRT` rule, one warning each.
    ///
    /// ## Why is this bad?
    /// NRT rules run every minute over new data and have no schedule or trigger; the API
    /// refuses these properties, so sentinelctl never sends them. Keeping them in the file
    /// suggests a schedule that does not exist.
    ///
    /// ## Example
    /// ```yaml
    /// kind: NRT
    /// queryFrequency: 5m
    /// ```
    ///
    /// Use instead: remove the field.
    pub static NRT_SCHEDULE_FIELD = ("SCD106", "nrt-schedule-field", Warning);
}

const SCHEDULED_ONLY: &[&str] =
    &["queryFrequency", "queryPeriod", "triggerOperator", "triggerThreshold"];

pub fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    if doc.kind != RuleKind::Nrt {
        return;
    }
    for key in SCHEDULED_ONLY {
        let Some(entry) = doc.root.entry(key) else { continue };
        ctx.report(
            &NRT_SCHEDULE_FIELD,
            entry.key_range,
            format!("`{key}` is not used by NRT rules and will not be deployed"),
        )
        .set_help(format!("Remove `{key}`"));
    }
}
