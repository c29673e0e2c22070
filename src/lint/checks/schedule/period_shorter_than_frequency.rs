//! SCD102: `queryPeriod` shorter than `queryFrequency`.

use super::scheduled_duration;
use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};

declare_lint! {
    /// Query period shorter than the query frequency
    ///
    /// ## What it does
    /// Checks that a Scheduled rule looks back at least as far as the interval between runs.
    ///
    /// ## Why is this bad?
    /// Events between two lookback windows are never seen; the service rejects the rule
    /// ("queryPeriod should be greater than or equal to queryFrequency").
    ///
    /// ## Example
    /// ```yaml
    /// queryFrequency: 1h
    /// queryPeriod: 30m
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// queryFrequency: 1h
    /// queryPeriod: 1h
    /// ```
    pub static PERIOD_SHORTER_THAN_FREQUENCY = ("SCD102", "period-shorter-than-frequency", Error);
}

pub fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    let Some((frequency, _)) = scheduled_duration(doc, "queryFrequency") else { return };
    let Some((period, node)) = scheduled_duration(doc, "queryPeriod") else { return };
    if period < frequency {
        ctx.report(
            &PERIOD_SHORTER_THAN_FREQUENCY,
            node.range,
            format!("`queryPeriod` ({period}) must be at least `queryFrequency` ({frequency})"),
        )
        .set_help(format!("Set `queryPeriod` to {frequency} or more"));
    }
}
