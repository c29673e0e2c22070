//! YML102: a tab character in indentation.

use crate::declare_lint;

declare_lint! {
    /// Tab character used for indentation
    ///
    /// ## What it does
    /// Finds tab characters in the indentation of a line outside block scalars.
    ///
    /// ## Why is this bad?
    /// YAML forbids tabs in indentation. Editors that show tabs as spaces hide the problem;
    /// strict parsers reject the file and lenient ones may nest the keys differently.
    ///
    /// ## Example
    /// ```yaml
    /// entityMappings:
    ///   - entityType: Account
    /// <TAB>fieldMappings:
    /// ```
    ///
    /// Use instead: indent with spaces.
    pub static TAB_INDENTATION = ("YML102", "tab-indentation", Error);
}
