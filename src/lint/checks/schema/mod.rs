//! Placeholder for the `schema` checks.

use crate::lint::registry::Lint;
use crate::lint::{LintContext, RuleDocument};

pub const LINTS: &[&Lint] = &[];

pub fn check(_doc: &RuleDocument<'_>, _ctx: &mut LintContext) {}
