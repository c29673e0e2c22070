//! ATT&CK checks (`ATT1xx`): `tactics` and `relevantTechniques` against Sentinel's 17 tactic
//! values and the ATT&CK data embedded in [`crate::catalog`].
//!
//! Structural problems the JSON Schema already reports (a mapping where a list belongs, a
//! number instead of a string) are left to the schema checks; these checks read only the
//! string values they understand and skip anything else.

mod duplicate_item;
mod empty_mapping;
mod invalid_technique_id;
mod not_a_list;
mod retired_technique;
mod technique_tactic_mismatch;
mod unknown_tactic;
mod unknown_technique;

#[cfg(test)]
mod cases;
#[cfg(test)]
pub(crate) mod testing;

use crate::lint::message::backticked;
use crate::lint::registry::Lint;
use crate::lint::{LintContext, RuleDocument};
use crate::yaml::Node;

pub(crate) use duplicate_item::DUPLICATE_ATTACK_ITEM;
pub(crate) use empty_mapping::EMPTY_ATTACK_FIELD;
pub(crate) use invalid_technique_id::INVALID_TECHNIQUE_ID;
pub(crate) use not_a_list::ATTACK_FIELD_NOT_A_LIST;
pub(crate) use retired_technique::RETIRED_TECHNIQUE;
pub(crate) use technique_tactic_mismatch::TECHNIQUE_TACTIC_MISMATCH;
pub(crate) use unknown_tactic::UNKNOWN_TACTIC;
pub(crate) use unknown_technique::UNKNOWN_TECHNIQUE;

pub const LINTS: &[&Lint] = &[
    &ATTACK_FIELD_NOT_A_LIST,
    &UNKNOWN_TACTIC,
    &EMPTY_ATTACK_FIELD,
    &INVALID_TECHNIQUE_ID,
    &UNKNOWN_TECHNIQUE,
    &RETIRED_TECHNIQUE,
    &TECHNIQUE_TACTIC_MISMATCH,
    &DUPLICATE_ATTACK_ITEM,
];

/// Runs every ATT&CK check on one rule document.
pub fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    not_a_list::check(doc, ctx);
    unknown_tactic::check(doc, ctx);
    empty_mapping::check(doc, ctx);
    invalid_technique_id::check(doc, ctx);
    unknown_technique::check(doc, ctx);
    retired_technique::check(doc, ctx);
    technique_tactic_mismatch::check(doc, ctx);
    duplicate_item::check(doc, ctx);
}

/// The first of `items` whose trimmed text is `value`, ignoring case when asked (technique ids
/// compare so): the repeat of a value, or the value a fix must not write a second time.
fn find_listed<'a>(items: &[(&str, &'a Node)], value: &str, ignore_case: bool) -> Option<&'a Node> {
    let same =
        |text: &str| if ignore_case { text.eq_ignore_ascii_case(value) } else { text == value };
    items.iter().find(|(text, _)| same(text.trim())).map(|(_, node)| *node)
}

/// The string items of the top-level list `key`, or the single string written in its place
/// (`tactics: CommandAndControl` is how many hunting queries spell it).
fn string_items<'a>(doc: &RuleDocument<'a>, key: &str) -> Vec<(&'a str, &'a Node)> {
    let Some(node) = doc.root.get(key) else {
        return Vec::new();
    };
    node.items_or_scalar().into_iter().filter_map(|item| Some((item.as_str()?, item))).collect()
}

/// Whether `id` is written as ATT&CK writes technique ids: `T1234` or `T1234.567`.
fn is_technique_id(id: &str) -> bool {
    let (technique, sub) = match id.split_once('.') {
        Some((technique, sub)) => (technique, Some(sub)),
        None => (id, None),
    };
    let digits =
        |text: &str, count: usize| text.len() == count && text.bytes().all(|b| b.is_ascii_digit());
    technique.strip_prefix('T').is_some_and(|number| digits(number, 4))
        && sub.is_none_or(|sub| digits(sub, 3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn technique_id_format() {
        for ok in ["T1071", "T1071.001", "T0816"] {
            assert!(is_technique_id(ok), "{ok}");
        }
        for bad in ["t1071", "T107", "T1071.1", "T1071.", "T10711", " T1071", "T1071.0011", ""] {
            assert!(!is_technique_id(bad), "{bad}");
        }
    }
}
