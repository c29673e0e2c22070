//! YML105: the YAML file does not hold a rule.

use crate::declare_lint;

declare_lint! {
    /// File does not hold a rule
    ///
    /// ## What it does
    /// Reports YAML files among the linted paths that are empty, whose top level is not a
    /// mapping, or that have neither `query` nor `id`, so cannot be a Sentinel analytic rule
    /// or hunting query.
    ///
    /// ## Why is this bad?
    /// A rule file emptied by a bad merge, or a stray file in the rules folder, would
    /// otherwise be skipped without a word.
    ///
    /// ## Example
    /// ```yaml
    /// - id: 0b5d9ab8-...   # a list, not a rule mapping
    /// ```
    pub static NOT_A_RULE = ("YML105", "not-a-rule", Error);
}
