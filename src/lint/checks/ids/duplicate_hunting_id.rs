//! IDS102: a hunting query that shares its `id` with another rule or query.

use crate::declare_lint;

declare_lint! {
    /// A hunting query and an analytic rule share one `id`
    ///
    /// ## What it does
    /// Reports a file whose `id` (case-insensitively) is also used by a file of the other
    /// content type: a hunting query and an analytic rule.
    ///
    /// ## Why is this bad?
    /// Hunting queries deploy to a different resource collection than analytic rules, so
    /// nothing is overwritten, but the same id for two pieces of content confuses people and
    /// the tools that index content by id.
    ///
    /// ## Example
    /// A hunting query copied from an analytic rule without a new `id`.
    ///
    /// Use instead: give the copy a new GUID.
    pub static DUPLICATE_HUNTING_ID = ("IDS102", "duplicate-hunting-id", Warning);
}
