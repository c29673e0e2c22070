//! Data connector checks (`CON1xx`): `requiredDataConnectors` against the connector catalogue
//! embedded in [`crate::catalog`].
//!
//! `requiredDataConnectors: []` is accepted without comment: rules on tables every workspace
//! has (`Heartbeat`) need no connector. Types and required keys are the schema's business.

mod empty_data_types;
mod unknown_connector;

#[cfg(test)]
mod cases;

use crate::lint::registry::Lint;
use crate::lint::{LintContext, RuleDocument};
use crate::yaml::Node;

pub(crate) use empty_data_types::EMPTY_DATA_TYPES;
pub(crate) use unknown_connector::UNKNOWN_CONNECTOR;

pub const LINTS: &[&Lint] = &[&UNKNOWN_CONNECTOR, &EMPTY_DATA_TYPES];

/// Runs every connector check on one rule document.
pub fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    unknown_connector::check(doc, ctx);
    empty_data_types::check(doc, ctx);
}

/// The mapping items of `requiredDataConnectors`.
fn connector_entries<'a>(doc: &RuleDocument<'a>) -> impl Iterator<Item = &'a Node> {
    doc.root
        .get("requiredDataConnectors")
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .filter(|item| item.as_map().is_some())
}
