//! YML106: the file cannot be read as UTF-8 text.

use crate::declare_lint;

declare_lint! {
    /// File cannot be read as UTF-8 text
    ///
    /// ## What it does
    /// Reports rule files that cannot be read, or are not UTF-8 (for example saved as
    /// UTF-16 by a Windows editor).
    ///
    /// ## Why is this bad?
    /// Sentinel content tooling reads rule files as UTF-8; the file cannot be linted or
    /// deployed.
    ///
    /// ## Example
    /// A rule saved as "Unicode" (UTF-16 LE) in Notepad.
    ///
    /// Use instead: save the file as UTF-8.
    pub static UNREADABLE_FILE = ("YML106", "unreadable-file", Error);
}
