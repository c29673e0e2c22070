//! KQL208: an `ago()` time filter that reaches further back than `queryPeriod`.

use crate::declare_lint;
use crate::lint::checks::kql_semantic::Checked;
use crate::lint::{LintContext, RuleDocument};
use crate::model::duration::Duration;

declare_lint! {
    /// A time filter in the query looks back further than `queryPeriod`
    ///
    /// ## What it does
    /// Resolves `ago(...)` arguments that are timespan literals, directly or through a
    /// `let name = <timespan>;` binding, and warns when one is longer than the rule's
    /// `queryPeriod`. A lookback that cannot be resolved statically is not reported.
    ///
    /// ## Why is this bad?
    /// A scheduled rule only sees data inside its `queryPeriod`; `ago(30d)` under a 1h period
    /// reads as 30 days but matches one hour, so the detection silently misses data.
    ///
    /// ## Example
    /// ```yaml
    /// queryPeriod: 1h
    /// query: |
    ///   let lookback = 30d;
    ///   ThreatIntelligenceIndicator | where TimeGenerated >= ago(lookback)
    /// ```
    ///
    /// Use instead: raise `queryPeriod` (at most 14d) or shorten the filter to 1h.
    pub(crate) static LOOKBACK_EXCEEDS_PERIOD = ("KQL208", "lookback-exceeds-period", Warning);
}

pub(super) fn check(doc: &RuleDocument<'_>, checked: &Checked, ctx: &mut LintContext) {
    let Some(period_text) = doc.field("queryPeriod").and_then(|n| n.as_str()) else { return };
    let Some(period) = Duration::parse(period_text) else { return };
    let period_seconds = period.as_seconds() as f64;
    for lookback in &checked.analysis.lookbacks {
        if lookback.seconds <= period_seconds {
            continue;
        }
        let message = format!(
            "Time filter `{}` = {} exceeds `queryPeriod` {period_text}; data older than \
             {period_text} is not visible to the rule",
            lookback.call_text, lookback.span_text
        );
        ctx.report(&LOOKBACK_EXCEEDS_PERIOD, checked.file_range(lookback.range), message)
            .set_help("Raise `queryPeriod` (at most 14d) or shorten the time filter");
    }
}
