//! SCD103: a lookback of 2 days or more run more often than hourly.

use super::scheduled_duration;
use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};
use crate::model::duration::Duration;

declare_lint! {
    /// Query period of 2 days or more with a frequency under 1 hour
    ///
    /// ## What it does
    /// Checks that a Scheduled rule whose `queryPeriod` is 2 days or longer runs at most once
    /// an hour.
    ///
    /// ## Why is this bad?
    /// The service rejects the pair: "When 'queryPeriod' greater than or equal to 2 days, the
    /// 'queryFrequency' should be greater than or equal to 1 hour".
    ///
    /// ## Example
    /// ```yaml
    /// queryFrequency: 5m
    /// queryPeriod: 14d
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// queryFrequency: 1h
    /// queryPeriod: 14d
    /// ```
    pub static LONG_PERIOD_NEEDS_HOURLY_FREQUENCY =
        ("SCD103", "long-period-needs-hourly-frequency", Error);
}

const LONG_PERIOD: Duration = Duration::days(2);
const HOURLY: Duration = Duration::hours(1);

pub fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    let Some((frequency, node)) = scheduled_duration(doc, "queryFrequency") else { return };
    let Some((period, _)) = scheduled_duration(doc, "queryPeriod") else { return };
    if period >= LONG_PERIOD && frequency < HOURLY {
        ctx.report(
            &LONG_PERIOD_NEEDS_HOURLY_FREQUENCY,
            node.range,
            format!(
                "`queryFrequency` ({frequency}) must be at least 1h when `queryPeriod` ({period}) \
                 is 2d or more"
            ),
        )
        .set_help("Run the rule hourly or less often, or shorten `queryPeriod` below 2d");
    }
}
