//! IDS101: two analytic rules with the same `id`.

use crate::declare_lint;

declare_lint! {
    /// Two rules of the same resource collection share one `id`
    ///
    /// ## What it does
    /// Compares the `id` of every rule linted in one run, case-insensitively (Azure resource
    /// names are case-insensitive), and reports each analytic rule whose id an earlier
    /// analytic rule already uses, naming both files; the same for two hunting queries.
    ///
    /// ## Why is this bad?
    /// An analytic rule deploys to `alertRules/<id>` (a hunting query to a saved search named
    /// after its id): the second file silently overwrites the first, and drift reports flip
    /// between the two on every run.
    ///
    /// ## Example
    /// Two files under `rules/analytics/` both with
    /// `id: f32a505b-1031-44a3-a5a7-64f2735bce0b`.
    ///
    /// Use instead: give one of them a new GUID (and keep the other's, which the workspace
    /// already knows).
    pub static DUPLICATE_RULE_ID = ("IDS101", "duplicate-rule-id", Error);
}
