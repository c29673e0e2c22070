//! IDS102: a hunting query that shares its `id` with another rule or query.

use crate::declare_lint;

declare_lint! {
    /// A hunting query shares its `id` with another file
    ///
    /// ## What it does
    /// Reports a hunting query whose `id` (case-insensitively) is also used by another
    /// hunting query or analytic rule in the same run.
    ///
    /// ## Why is this bad?
    /// Hunting queries deploy to a different resource collection than analytic rules, so
    /// nothing is overwritten across the two kinds, but the same id for two pieces of content
    /// confuses people and tools that index content by id. Two hunting queries with one id
    /// do overwrite each other.
    ///
    /// ## Example
    /// A hunting query copied from an analytic rule without a new `id`.
    ///
    /// Use instead: give the copy a new GUID.
    pub static DUPLICATE_HUNTING_ID = ("IDS102", "duplicate-hunting-id", Warning);
}
