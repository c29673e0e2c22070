//! SCD104: suppression enabled with a window shorter than the query frequency.

use super::{duration, scheduled_duration};
use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};
use crate::yaml::Node;

declare_lint! {
    /// Suppression window shorter than the query frequency
    ///
    /// ## What it does
    /// When `suppressionEnabled` is true, checks that `suppressionDuration` is at least
    /// `queryFrequency` (compared as durations, so `60m` equals `1h` and `PT1H`).
    ///
    /// ## Why is this bad?
    /// A window shorter than the interval between runs suppresses nothing, and the service
    /// rejects the rule: "'suppressionDuration' should be greater than or equal to
    /// 'queryFrequency'".
    ///
    /// ## Example
    /// ```yaml
    /// queryFrequency: 1h
    /// suppressionEnabled: true
    /// suppressionDuration: 30m
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// suppressionDuration: 1h
    /// ```
    pub static SUPPRESSION_SHORTER_THAN_FREQUENCY =
        ("SCD104", "suppression-shorter-than-frequency", Error);
}

pub fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    if doc.field("suppressionEnabled").and_then(Node::as_bool) != Some(true) {
        return;
    }
    let Some((frequency, _)) = scheduled_duration(doc, "queryFrequency") else { return };
    let Some((suppression, node)) = duration(doc, "suppressionDuration") else { return };
    if suppression < frequency {
        ctx.report(
            &SUPPRESSION_SHORTER_THAN_FREQUENCY,
            node.range,
            format!(
                "`suppressionDuration` ({suppression}) must be at least `queryFrequency` \
                 ({frequency}) when suppression is enabled"
            ),
        )
        .set_help(format!("Set `suppressionDuration` to {frequency} or more"));
    }
}
