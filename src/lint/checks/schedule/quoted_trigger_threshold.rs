//! SCD107: `triggerThreshold` written as a quoted string.

use crate::declare_lint;
use crate::diagnostics::Severity;
use crate::lint::{LintContext, RuleDocument};
use crate::model::RuleKind;

declare_lint! {
    /// Trigger threshold written as a quoted number
    ///
    /// ## What it does
    /// Reports `triggerThreshold: "5"`: a number in quotes. sentinelctl deploys it as the
    /// integer 5. A quoted value that is not a whole number from 0 to 10000 is an error.
    ///
    /// ## Why is this bad?
    /// The API expects an integer; tools that pass the string through fail at deploy time,
    /// others coerce it silently.
    ///
    /// ## Example
    /// ```yaml
    /// triggerThreshold: "5"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// triggerThreshold: 5
    /// ```
    pub static QUOTED_TRIGGER_THRESHOLD = ("SCD107", "quoted-trigger-threshold", Warning);
}

const MAX_THRESHOLD: u32 = 10_000;

pub fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    if doc.kind != RuleKind::Scheduled {
        return;
    }
    let Some(node) = doc.field("triggerThreshold") else { return };
    let Some(text) = node.as_str() else { return };
    match text.trim().parse::<u32>() {
        Ok(value) if value <= MAX_THRESHOLD => {
            ctx.report(
                &QUOTED_TRIGGER_THRESHOLD,
                node.range,
                format!("`triggerThreshold` is the quoted string \"{text}\"; it will be deployed as the number {value}"),
            )
            .set_help(format!("Write `triggerThreshold: {value}` without quotes"))
            .set_fix(node.range, value.to_string());
        }
        _ => {
            let diagnostic = ctx.report(
                &QUOTED_TRIGGER_THRESHOLD,
                node.range,
                format!(
                    "`triggerThreshold` must be a whole number from 0 to 10000, found \"{text}\""
                ),
            );
            diagnostic.severity = Severity::Error;
        }
    }
}
