//! Reads `jsonschema` validation errors and turns each real problem into one [`Violation`].
//!
//! The crate reports what failed in schema terms; this module decides what the author did
//! wrong. The main work is `anyOf`: a value such as `tactics` may be a list, a single tactic or
//! empty, and when it is none of them the crate returns every branch's errors. Only the branch
//! whose type matches the value says something useful (`Defense Evasion` is not a tactic);
//! when no branch matches, the one useful thing to say is which types were expected.

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value as Json;

use super::out_of_range::Limit;
use super::violation::{Cx, Violation};
use super::{
    invalid_format, missing_field, out_of_range, unknown_key, value_not_allowed, wrong_type,
};
use crate::model::RuleKind;

/// Appends the violations `error` stands for to `out`.
pub(super) fn convert(
    cx: &Cx<'_>,
    kind: RuleKind,
    error: &ValidationError<'_>,
    out: &mut Vec<Violation>,
) {
    let pointer = error.instance_path().as_str();
    match error.kind() {
        ValidationErrorKind::Required { property } => {
            let field = property.as_str().unwrap_or_default();
            out.push(missing_field::violation(cx, pointer, field, kind));
        }
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            out.extend(unexpected.iter().map(|key| unknown_key::violation(cx, pointer, key)));
        }
        ValidationErrorKind::Type { kind: expected } => {
            out.push(wrong_type::violation(cx, pointer, &type_names(expected)));
        }
        ValidationErrorKind::Enum { options } => {
            let options = options.as_array().cloned().unwrap_or_default();
            out.push(value_not_allowed::violation(cx, pointer, &options));
        }
        ValidationErrorKind::Constant { expected_value } => {
            out.push(value_not_allowed::violation(cx, pointer, &[expected_value.as_ref().clone()]));
        }
        ValidationErrorKind::Pattern { pattern } => {
            out.push(pattern_violation(cx, pointer, pattern))
        }
        ValidationErrorKind::PropertyNames { error: inner } => {
            out.extend(key_violation(cx, pointer, inner));
        }
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            any_of(cx, kind, pointer, context, out);
        }
        other => out.extend(limit(other).map(|limit| out_of_range::violation(cx, pointer, limit))),
    }
}

/// The limit behind a length, range or count error. The shipped schemas use no other keyword,
/// so anything else produces nothing rather than a message nobody has worded.
fn limit(kind: &ValidationErrorKind) -> Option<Limit> {
    let number = |value: &Json| value.as_f64().unwrap_or_default();
    Some(match kind {
        ValidationErrorKind::MaxLength { limit } => Limit::MaxLength(*limit),
        ValidationErrorKind::MinLength { limit } => Limit::MinLength(*limit),
        ValidationErrorKind::Maximum { limit }
        | ValidationErrorKind::ExclusiveMaximum { limit } => Limit::Maximum(number(limit)),
        ValidationErrorKind::Minimum { limit }
        | ValidationErrorKind::ExclusiveMinimum { limit } => Limit::Minimum(number(limit)),
        ValidationErrorKind::MaxItems { limit } => Limit::MaxItems(*limit),
        ValidationErrorKind::MinItems { limit } => Limit::MinItems(*limit),
        ValidationErrorKind::MaxProperties { limit } => Limit::MaxProperties(*limit),
        ValidationErrorKind::MinProperties { limit } => Limit::MinProperties(*limit),
        _ => return None,
    })
}

fn pattern_violation(cx: &Cx<'_>, pointer: &str, pattern: &str) -> Violation {
    let text = cx.value(pointer).and_then(Json::as_str).unwrap_or_default();
    invalid_format::violation(cx, pointer, pattern, text)
}

/// A bad key name: the failing key is the instance of the inner error.
fn key_violation(cx: &Cx<'_>, pointer: &str, inner: &ValidationError<'_>) -> Option<Violation> {
    let key = inner.instance().as_str()?;
    Some(invalid_format::key_violation(cx, pointer, key))
}

/// One finding for a failed `anyOf`: the errors of the branch whose type fits the value, or a
/// single wrong-type finding listing every type the branches accept.
fn any_of(
    cx: &Cx<'_>,
    kind: RuleKind,
    pointer: &str,
    branches: &[Vec<ValidationError<'static>>],
    out: &mut Vec<Violation>,
) {
    let fitting = branches
        .iter()
        .filter(|branch| branch.iter().all(|error| mismatch_at(error, pointer).is_none()))
        .min_by_key(|branch| branch.len());
    if let Some(branch) = fitting {
        for error in branch {
            convert(cx, kind, error, out);
        }
        return;
    }
    let expected: Vec<String> = branches
        .iter()
        .flatten()
        .filter_map(|error| mismatch_at(error, pointer))
        .flatten()
        .collect();
    out.push(wrong_type::violation(cx, pointer, &expected));
}

/// The types an error expected, when it says the value at `pointer` itself has the wrong type
/// (directly, or as a nested `anyOf` none of whose branches fit).
fn mismatch_at(error: &ValidationError<'_>, pointer: &str) -> Option<Vec<String>> {
    if error.instance_path().as_str() != pointer {
        return None;
    }
    match error.kind() {
        ValidationErrorKind::Type { kind } => Some(type_names(kind)),
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            let per_branch: Vec<Option<Vec<String>>> = context
                .iter()
                .map(|branch| branch.iter().find_map(|e| mismatch_at(e, pointer)))
                .collect();
            per_branch
                .iter()
                .all(Option::is_some)
                .then(|| per_branch.into_iter().flatten().flatten().collect())
        }
        _ => None,
    }
}

fn type_names(kind: &TypeKind) -> Vec<String> {
    match kind {
        TypeKind::Single(single) => vec![single.to_string()],
        TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect(),
    }
}
