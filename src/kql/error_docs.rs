//! Documentation text for each kind of syntax error.
use crate::kql::error::SyntaxErrorKind;
pub(crate) fn docs(_kind: SyntaxErrorKind) -> &'static str { "## What it does\n## Why is this bad?\n## Example\n" }
