//! SCD101: `queryFrequency` or `queryPeriod` outside 5 minutes to 14 days.

use super::scheduled_duration;
use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};
use crate::model::duration::Duration;

declare_lint! {
    /// Query frequency or period outside 5 minutes to 14 days
    ///
    /// ## What it does
    /// Checks that `queryFrequency` and `queryPeriod` of a Scheduled rule lie between 5
    /// minutes and 14 days, in any of the accepted notations (`5m`, `PT5M`, `00:05:00`).
    ///
    /// ## Why is this bad?
    /// The service rejects the rule when it is created or updated.
    ///
    /// ## Example
    /// ```yaml
    /// queryFrequency: 1m
    /// queryPeriod: 30d
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// queryFrequency: 5m
    /// queryPeriod: 14d
    /// ```
    pub static SCHEDULE_OUT_OF_RANGE = ("SCD101", "schedule-out-of-range", Error);
}

const MIN: Duration = Duration::minutes(5);
const MAX: Duration = Duration::days(14);

pub fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    for key in ["queryFrequency", "queryPeriod"] {
        let Some((value, node)) = scheduled_duration(doc, key) else { continue };
        if value < MIN || value > MAX {
            ctx.report(
                &SCHEDULE_OUT_OF_RANGE,
                node.range,
                format!("`{key}` is {value}, outside the allowed range 5m to 14d"),
            );
        }
    }
}
