//! IDS101: two analytic rules with the same `id`.

use crate::declare_lint;

declare_lint! {
    /// Two analytic rules share one `id`
    ///
    /// ## What it does
    /// Compares the `id` of every analytic rule linted in one run, case-insensitively (Azure
    /// resource names are case-insensitive), and reports each rule whose id an earlier file
    /// already uses, naming both files.
    ///
    /// ## Why is this bad?
    /// An analytic rule deploys to `alertRules/<id>`: the second file silently overwrites the
    /// first, and drift reports flip between the two on every run.
    ///
    /// ## Example
    /// Two files under `rules/analytics/` both with
    /// `id: f32a505b-1031-44a3-a5a7-64f2735bce0b`.
    ///
    /// Use instead: give one of them a new GUID (and keep the other's, which the workspace
    /// already knows).
    pub static DUPLICATE_RULE_ID = ("IDS101", "duplicate-rule-id", Error);
}
