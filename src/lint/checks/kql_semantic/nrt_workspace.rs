//! KQL209: an NRT rule that queries another workspace.

use crate::declare_lint;
use crate::lint::checks::kql_semantic::Checked;
use crate::lint::{LintContext, RuleDocument};
use crate::model::RuleKind;

declare_lint! {
    /// An NRT rule uses `workspace()`
    ///
    /// ## What it does
    /// Reports each `workspace(...)` call in the query of a `kind: NRT` rule. Scheduled rules
    /// may query other workspaces; NRT rules are confined to their own. Several tables,
    /// unions and joins are allowed in NRT rules and are not reported.
    ///
    /// ## Why is this bad?
    /// Sentinel rejects the rule: near-real-time queries cannot be cross-workspace.
    ///
    /// ## Example
    /// ```kql
    /// union AuditLogs, workspace("other").AuditLogs
    /// ```
    ///
    /// Use instead: a `kind: Scheduled` rule, or one NRT rule per workspace.
    pub(crate) static NRT_CROSS_WORKSPACE = ("KQL209", "nrt-cross-workspace", Error);
}

pub(super) fn check(doc: &RuleDocument<'_>, checked: &Checked, ctx: &mut LintContext) {
    if doc.kind != RuleKind::Nrt {
        return;
    }
    for range in &checked.analysis.workspace_calls {
        ctx.report(
            &NRT_CROSS_WORKSPACE,
            checked.file_range(*range),
            "NRT rules cannot query other workspaces with `workspace()`",
        )
        .set_help("Use a `kind: Scheduled` rule for cross-workspace queries");
    }
}
