//! YML103: the same key twice in one mapping.

use crate::declare_lint;

declare_lint! {
    /// Duplicate key in a mapping
    ///
    /// ## What it does
    /// Reports a key that appears twice in the same mapping, at any depth, and points at the
    /// first occurrence.
    ///
    /// ## Why is this bad?
    /// Many loaders silently keep the last value: the rule deploys with a severity or entity
    /// mappings the author did not intend, without any message.
    ///
    /// ## Example
    /// ```yaml
    /// severity: High
    /// # ...
    /// severity: Low
    /// ```
    ///
    /// Use instead: keep one `severity`.
    pub static DUPLICATE_KEY = ("YML103", "duplicate-key", Error);
}
