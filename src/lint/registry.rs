//! The table of every lint code, its metadata and its documentation.
//!
//! Each check file declares its lint with [`declare_lint!`]; the doc comment written there is
//! the text `sentinelctl rule CODE` prints and SARIF embeds. [`ALL_LINTS`] lists them once so
//! selection, documentation and meta-tests share a single source.

use crate::diagnostics::Severity;

/// A lint's identity and documentation.
#[derive(Debug)]
pub struct Lint {
    /// Stable code such as `SCH102`; codes are never reused for another meaning.
    pub code: &'static str,
    /// Kebab-case name, e.g. `unknown-key`.
    pub name: &'static str,
    pub default_severity: Severity,
    /// One-line summary (the first line of the docs).
    pub summary: &'static str,
    /// Markdown docs with "What it does", "Why is this bad?" and "Example" sections.
    pub docs: &'static str,
}

impl Lint {
    /// The docs as markdown: doc comments keep the space after `///`, which is removed here.
    pub fn documentation(&self) -> String {
        let every_line_indented =
            self.docs.lines().filter(|l| !l.is_empty()).all(|l| l.starts_with(' '));
        let lines = self.docs.lines().map(|line| match every_line_indented {
            true => line.strip_prefix(' ').unwrap_or(line),
            false => line,
        });
        let text: Vec<&str> = lines.collect();
        text.join("\n").trim().to_owned()
    }
}

/// Declares a `pub(crate) static` [`Lint`] whose docs come from the doc comment above it.
///
/// The first doc line is the summary; the rest is the documentation body.
#[macro_export]
macro_rules! declare_lint {
    (
        #[doc = $summary:literal]
        $(#[doc = $doc:literal])*
        $vis:vis static $ident:ident = ($code:literal, $name:literal, $severity:ident);
    ) => {
        #[doc = $summary]
        $(#[doc = $doc])*
        $vis static $ident: $crate::lint::registry::Lint = $crate::lint::registry::Lint {
            code: $code,
            name: $name,
            default_severity: $crate::diagnostics::Severity::$severity,
            summary: $summary.trim_ascii(),
            docs: concat!($($doc, "\n"),*),
        };
    };
}
