//! YML104: a tab character after a value.

use crate::declare_lint;

declare_lint! {
    /// Tab character after a value
    ///
    /// ## What it does
    /// Finds tab characters between the end of a value and the end of its line.
    ///
    /// ## Why is this bad?
    /// YAML 1.2 allows it, but PyYAML (and so many content pipelines, including the
    /// Azure-Sentinel repository's) fail with "found character '\t' that cannot start any
    /// token".
    ///
    /// ## Example
    /// ```yaml
    /// relevantTechniques:
    ///   - T1110<TAB>
    /// ```
    ///
    /// Use instead: remove the trailing tab.
    pub static TRAILING_TAB = ("YML104", "trailing-tab", Warning);
}
