//! All checks, grouped by code family; one file per lint.
//!
//! | prefix | family |
//! |---|---|
//! | `YML1` | YAML syntax |
//! | `SCH1` | structure, from the JSON Schemas |
//! | `SCD1` | schedule, trigger and suppression |
//! | `IDS1` | rule ids and versions across files and revisions |
//! | `ATT1` | MITRE ATT&CK tactics and techniques |
//! | `CON1` | data connectors |
//! | `ENT1` | entity mappings, custom details, alert details |
//! | `KQL1` | KQL syntax |
//! | `KQL2` | KQL semantics: names, output columns, tables read, time window |

pub mod attack;
pub mod connectors;
pub mod entities;
pub mod ids;
pub mod kql;
pub mod kql_semantic;
pub mod schedule;
pub mod schema;
pub mod yaml;

use crate::lint::registry::Lint;
use crate::lint::{LintContext, RuleDocument};

/// Every lint of every family.
pub fn all_lints() -> Vec<&'static Lint> {
    let mut lints = [
        yaml::LINTS,
        schema::LINTS,
        schedule::LINTS,
        ids::LINTS,
        attack::LINTS,
        connectors::LINTS,
        entities::LINTS,
        kql_semantic::LINTS,
    ]
    .concat();
    lints.extend(kql::lints());
    lints
}

/// Runs every per-file check on one rule document.
pub fn check_document(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    schema::check(doc, ctx);
    schedule::check(doc, ctx);
    attack::check(doc, ctx);
    connectors::check(doc, ctx);
    entities::check(doc, ctx);
    kql::check(doc, ctx);
}
