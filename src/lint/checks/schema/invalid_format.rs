//! SCH105: a string in the wrong format (GUID, version, duration, technique id, names).

use super::violation::{Cx, Violation};
use crate::declare_lint;

declare_lint! {
    /// A value is not in the format the field requires
    ///
    /// ## What it does
    /// Checks formats: `id` is a GUID; `version` is `X.Y.Z`; `queryFrequency`, `queryPeriod`
    /// and `suppressionDuration` are Sentinel shorthand (`5m`, `1h`, `1h10m`, `14d`) or ISO 8601
    /// (`PT1H`, `P1D`).
    ///
    /// Technique ids are checked by the ATT&CK checks (`ATT1xx`); column names, custom detail
    /// keys and the grouping lookback by the entity checks (`ENT1xx`).
    ///
    /// ## Why is this bad?
    /// A human-readable `id` breaks the template linkage and has produced broken ARM resource
    /// names (Azure/Azure-Sentinel issue #6621); the other formats are refused by Sentinel or
    /// converted wrongly on deploy.
    ///
    /// ## Example
    /// ```yaml
    /// id: aws-console-no-mfa-01
    /// queryFrequency: 1H
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// id: 5b7ad6c4-6c3c-4f4a-9a43-42c2bb7f3d1e
    /// queryFrequency: 1h
    /// ```
    pub(crate) static INVALID_FORMAT = ("SCH105", "invalid-format", Error);
}

/// A pattern used by the shipped schemas and how to talk about it.
pub(super) struct Format {
    pub(super) pattern: &'static str,
    /// What the value should be, after "is not": "a GUID".
    pub(super) noun: &'static str,
    /// How to fix it in general.
    pub(super) help: &'static str,
}

const GUID: &str = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
const DURATION: &str = "^(?:[0-9]+d(?:[0-9]+h)?(?:[0-9]+m)?|[0-9]+h(?:[0-9]+m)?|[0-9]+m|\
    P(?:[0-9]+D(?:T(?:[0-9]+H(?:[0-9]+M)?(?:[0-9]+S)?|[0-9]+M(?:[0-9]+S)?|[0-9]+S))?|\
    T(?:[0-9]+H(?:[0-9]+M)?(?:[0-9]+S)?|[0-9]+M(?:[0-9]+S)?|[0-9]+S)))$";
const VERSION: &str = "^[0-9]+\\.[0-9]+\\.[0-9]+$";
const TECHNIQUE: &str = "^T[0-9]{4}(?:\\.[0-9]{3})?$";
const COLUMN: &str = "^[A-Za-z_][A-Za-z0-9_]*$";
const DETAIL_KEY: &str = "^[A-Za-z][A-Za-z0-9_]*$";
const THRESHOLD_TEXT: &str = "^(?:10000|[0-9]{1,4})$";

/// Every `pattern` in `schemas/*.json`; a test keeps this table complete.
#[rustfmt::skip]
pub(super) const FORMATS: &[Format] = &[
    Format {
        pattern: GUID,
        noun: "a GUID",
        help: "Use a new GUID (for example from `uuidgen`) and never change it afterwards",
    },
    Format {
        pattern: DURATION,
        noun: "a duration",
        help: "Use Sentinel shorthand (`5m`, `1h`, `1h10m`, `14d`) or ISO 8601 (`PT1H`, `P1D`)",
    },
    Format {
        pattern: VERSION,
        noun: "a version `X.Y.Z`",
        help: "Use three numbers such as `1.0.0`",
    },
    Format {
        pattern: TECHNIQUE,
        noun: "an ATT&CK technique id",
        help: "Use `T` and four digits, with an optional sub-technique: `T1059`, `T1059.001`",
    },
    Format {
        pattern: COLUMN,
        noun: "a column name",
        help: "Use an output column of the query: letters, digits and `_`, not starting with a digit",
    },
    Format {
        pattern: DETAIL_KEY,
        noun: "a valid key",
        help: "Start with a letter and use only letters, digits and `_`",
    },
    Format {
        pattern: THRESHOLD_TEXT,
        noun: "an integer from 0 to 10000",
        help: "Write a whole number from 0 to 10000, without quotes",
    },
];

/// The violation for the string at `pointer`, which does not match `pattern`.
pub(super) fn violation(cx: &Cx<'_>, pointer: &str, pattern: &str, text: &str) -> Violation {
    let format = FORMATS.iter().find(|f| f.pattern == pattern);
    let noun = format.map_or("in the required format", |f| f.noun);
    let message = format!("{} is not {noun}: `{text}`", cx.field(pointer));
    let help = repair(pattern, text)
        .map(|fixed| format!("Write `{fixed}`"))
        .or_else(|| format.map(|f| f.help.to_owned()));
    Violation::new(&INVALID_FORMAT, "pattern", pointer, message).with_help(help)
}

/// A corrected value when the mistake is mechanical: `1H` → `1h`.
fn repair(pattern: &str, text: &str) -> Option<String> {
    if pattern != DURATION {
        return None;
    }
    [text.to_lowercase(), text.to_uppercase(), text.trim().to_owned()]
        .into_iter()
        .find(|candidate| candidate != text && is_duration(candidate))
}

fn is_duration(text: &str) -> bool {
    if let Some(rest) = text.strip_prefix('P') {
        return !rest.is_empty() && !rest.ends_with('T') && units_in_order(rest, "DTHMS");
    }
    !text.is_empty() && units_in_order(text, "dhm")
}

/// Digits followed by unit letters drawn in order from `units` (a `T` needs no digits).
fn units_in_order(text: &str, units: &str) -> bool {
    let mut remaining = units;
    let mut digits = 0;
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits += 1;
            continue;
        }
        let Some(at) = remaining.find(c) else { return false };
        if (c == 'T') != (digits == 0) {
            return false;
        }
        remaining = &remaining[at + 1..];
        digits = 0;
    }
    digits == 0
}

/// The violation for `key` of the mapping at `pointer`, whose name breaks the schema's key
/// rules. (The only such rule, on `customDetails` keys, is worded by the entity checks.)
pub(super) fn key_violation(cx: &Cx<'_>, pointer: &str, key: &str) -> Violation {
    let message = format!("{} has an invalid key `{key}`", cx.field(pointer));
    Violation::new(&INVALID_FORMAT, "propertyNames", pointer, message).at_key(key)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::is_duration;
    use crate::lint::checks::schema::tests::{findings_json, nrt_rule, only, scheduled_rule};
    use crate::model::RuleKind;

    #[test]
    fn id_must_be_a_guid() {
        let mut rule = nrt_rule();
        rule["id"] = json!("aws-console-no-mfa-01");
        let found = findings_json(RuleKind::Nrt, &rule);
        assert_eq!(
            only(&found, "SCH105"),
            "`id` is not a GUID: `aws-console-no-mfa-01` (schema: nrt-rule.schema.json)"
        );
    }

    #[test]
    fn durations_in_upper_case_get_the_fix() {
        let mut rule = scheduled_rule();
        rule["queryFrequency"] = json!("7H");
        let found = findings_json(RuleKind::Scheduled, &rule);
        assert!(only(&found, "SCH105").starts_with("`queryFrequency` is not a duration: `7H`"));
        assert_eq!(found[0].help, "Write `7h`");
    }

    #[test]
    fn durations_accept_both_notations() {
        for good in ["5m", "1h", "1h10m", "14d", "1d12h", "PT1H", "P1D", "P1DT12H", "PT30M"] {
            assert!(is_duration(good), "{good}");
            let mut rule = scheduled_rule();
            rule["queryPeriod"] = json!(good);
            assert!(findings_json(RuleKind::Scheduled, &rule).is_empty(), "{good}");
        }
        for bad in ["", "5", "1H", "PT", "P1DT", "PT1D", "1m1h", "5 m", "01:00:00"] {
            assert!(!is_duration(bad), "{bad}");
            let mut rule = scheduled_rule();
            rule["queryPeriod"] = json!(bad);
            let found = findings_json(RuleKind::Scheduled, &rule);
            assert!(only(&found, "SCH105").contains("is not a duration"), "{bad}");
        }
    }

    #[test]
    fn technique_ids_are_left_to_the_attack_checks() {
        let mut rule = nrt_rule();
        rule["relevantTechniques"] = json!(["T1059", "t1071"]);
        assert!(findings_json(RuleKind::Nrt, &rule).is_empty());
    }

    #[test]
    fn version_format() {
        let mut rule = nrt_rule();
        rule["version"] = json!("1.0");
        let found = findings_json(RuleKind::Nrt, &rule);
        assert!(only(&found, "SCH105").starts_with("`version` is not a version `X.Y.Z`: `1.0`"));
    }
}
