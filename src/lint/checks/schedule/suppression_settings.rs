//! SCD105: `suppressionEnabled` and `suppressionDuration` that do not go together.

use crate::declare_lint;
use crate::diagnostics::Severity;
use crate::lint::{LintContext, RuleDocument};

declare_lint! {
    /// Suppression switched on without a window, or a window that is never used
    ///
    /// ## What it does
    /// Reports `suppressionEnabled: true` without `suppressionDuration` (an error: the service
    /// needs the window), and a `suppressionDuration` while suppression is off or not set (an
    /// informational note: the value has no effect).
    ///
    /// ## Why is this bad?
    /// The first cannot be deployed; the second usually means someone believes alerts are
    /// suppressed when they are not.
    ///
    /// ## Example
    /// ```yaml
    /// suppressionEnabled: true
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// suppressionEnabled: true
    /// suppressionDuration: 5h
    /// ```
    pub static SUPPRESSION_SETTINGS = ("SCD105", "suppression-settings", Error);
}

pub fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    if !doc.kind.is_analytic() {
        return;
    }
    let enabled = doc.root.entry("suppressionEnabled");
    let duration = doc.field("suppressionDuration");
    match (enabled.and_then(|e| e.value.as_bool()), duration) {
        (Some(true), None) => {
            let Some(enabled) = enabled else { return };
            ctx.report(
                &SUPPRESSION_SETTINGS,
                enabled.key_range,
                "`suppressionEnabled` is true but `suppressionDuration` is missing",
            )
            .set_help("Add `suppressionDuration`, e.g. `suppressionDuration: 5h`");
        }
        (Some(false) | None, Some(node)) if !node.is_null() => {
            let diagnostic = ctx.report(
                &SUPPRESSION_SETTINGS,
                node.range,
                "`suppressionDuration` has no effect while `suppressionEnabled` is not true",
            );
            diagnostic.severity = Severity::Info;
        }
        _ => {}
    }
}
