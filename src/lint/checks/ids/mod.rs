//! Rule identity checks across files (`IDS1xx`): duplicate ids in one run, and ids and
//! versions compared with a base revision.

mod duplicate_hunting_id;
mod duplicate_rule_id;
pub mod revision;

use std::collections::HashMap;

use crate::diagnostics::Diagnostic;
use crate::lint::registry::Lint;
use crate::lint::runner::RuleSummary;

pub const LINTS: &[&Lint] = &[
    &duplicate_rule_id::DUPLICATE_RULE_ID,
    &duplicate_hunting_id::DUPLICATE_HUNTING_ID,
    &revision::ID_CHANGED,
    &revision::VERSION_NOT_BUMPED,
    &revision::RULE_DELETED,
];

/// Duplicate ids among all rules of one run. Rules deployed to the same resource collection
/// (analytic with analytic, hunting with hunting) collide; across collections they only
/// confuse, so each rule is compared with the first of its own collection, then of the other.
pub fn check_across_files(rules: &[RuleSummary]) -> Vec<Diagnostic> {
    let mut first_by_id: HashMap<(String, bool), &RuleSummary> = HashMap::new();
    let mut diagnostics = Vec::new();
    for rule in rules {
        let Some((id, _)) = &rule.id else { continue };
        let id = id.trim().to_ascii_lowercase();
        let analytic = rule.kind.is_analytic();
        let same = first_by_id.get(&(id.clone(), analytic)).copied();
        let other = first_by_id.get(&(id.clone(), !analytic)).copied();
        match (same, other) {
            (Some(first), _) => {
                diagnostics.push(duplicate(rule, first, &duplicate_rule_id::DUPLICATE_RULE_ID))
            }
            (None, Some(first)) => {
                diagnostics.push(duplicate(
                    rule,
                    first,
                    &duplicate_hunting_id::DUPLICATE_HUNTING_ID,
                ));
            }
            (None, None) => {}
        }
        first_by_id.entry((id, analytic)).or_insert(rule);
    }
    diagnostics
}

fn duplicate(rule: &RuleSummary, first: &RuleSummary, lint: &'static Lint) -> Diagnostic {
    let (id, range) = rule.id.clone().unwrap_or_default();
    let first_range = first.id.as_ref().map(|(_, r)| *r).unwrap_or_default();
    let message =
        format!("`{}` and `{}` share id `{id}`", first.path.display(), rule.path.display());
    let help = if rule.kind.is_analytic() == first.kind.is_analytic() {
        "Give one of the two files a new GUID; both would deploy to the same resource"
    } else {
        "Give one of the two files a new GUID"
    };
    let mut diagnostic =
        Diagnostic::new(lint.code, lint.default_severity, rule.source, range, message)
            .with_help(help);
    diagnostic.add_related(
        first.source,
        first_range,
        format!("`{id}` first used here ({})", first.kind),
    );
    diagnostic
}
