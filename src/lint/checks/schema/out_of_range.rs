//! SCH106: a value too long, too short, too large, too small, or a list with too many entries.

use serde_json::Value as Json;

use super::compiled;
use super::violation::{Cx, Violation};
use crate::declare_lint;

declare_lint! {
    /// A value is outside the allowed length or range
    ///
    /// ## What it does
    /// Checks the limits Sentinel enforces: `name` at most 256 characters, `description` at most
    /// 5000, `query` 1 to 10000, `triggerThreshold` 0 to 10000, `version` at most 20
    /// characters. Lengths are counted in characters.
    ///
    /// The counts of entity mappings, field mappings and custom details and the lengths of
    /// alert formats and custom details are reported by the entity checks (`ENT1xx`), a quoted
    /// threshold by the schedule checks (`SCD1xx`), and non-empty `dataTypes` by the connector
    /// checks (`CON1xx`).
    ///
    /// ## Why is this bad?
    /// The API refuses the rule at deploy time, long after the pull request was merged.
    ///
    /// ## Example
    /// ```yaml
    /// triggerThreshold: 10001
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// triggerThreshold: 10000
    /// ```
    pub(crate) static OUT_OF_RANGE = ("SCH106", "out-of-range", Error);
}

/// Which limit was crossed.
#[derive(Clone, Copy, Debug)]
pub(super) enum Limit {
    MaxLength(u64),
    MinLength(u64),
    Maximum(f64),
    Minimum(f64),
    MaxItems(u64),
    MinItems(u64),
    MaxProperties(u64),
    MinProperties(u64),
}

impl Limit {
    pub(super) fn keyword(self) -> &'static str {
        match self {
            Limit::MaxLength(_) => "maxLength",
            Limit::MinLength(_) => "minLength",
            Limit::Maximum(_) => "maximum",
            Limit::Minimum(_) => "minimum",
            Limit::MaxItems(_) => "maxItems",
            Limit::MinItems(_) => "minItems",
            Limit::MaxProperties(_) => "maxProperties",
            Limit::MinProperties(_) => "minProperties",
        }
    }
}

/// The violation for the value at `pointer`, which crosses `limit`.
pub(super) fn violation(cx: &Cx<'_>, pointer: &str, limit: Limit) -> Violation {
    let found = cx.value(pointer).unwrap_or(&Json::Null);
    let field = cx.field(pointer);
    let message = match limit {
        Limit::MinLength(_) if length(found) == 0 => format!("{field} is empty"),
        Limit::MaxLength(max) | Limit::MinLength(max) => {
            let bound = if matches!(limit, Limit::MaxLength(_)) { "maximum" } else { "minimum" };
            format!("{field} is {} characters long, {bound} {max}", length(found))
        }
        Limit::Maximum(_) | Limit::Minimum(_) => {
            format!("{field} must be {}, found {}", bounds(cx, pointer, limit), cx.shown(pointer))
        }
        Limit::MaxItems(max) | Limit::MaxProperties(max) => {
            format!("{field} has {} entries, maximum {max}", count(found))
        }
        Limit::MinItems(min) | Limit::MinProperties(min) => {
            format!("{field} has {} entries, minimum {min}", count(found))
        }
    };
    Violation::new(&OUT_OF_RANGE, limit.keyword(), pointer, message)
}

/// "between 0 and 10000" when the schema gives both bounds, else the one that was crossed.
fn bounds(cx: &Cx<'_>, pointer: &str, limit: Limit) -> String {
    let nodes = compiled::subschemas(&cx.schema.document, pointer);
    let bound = |keyword| nodes.iter().find_map(|node| node.get(keyword)?.as_f64());
    match (bound("minimum"), bound("maximum"), limit) {
        (Some(min), Some(max), _) => format!("between {} and {}", number(min), number(max)),
        (_, _, Limit::Maximum(max)) => format!("at most {}", number(max)),
        (_, _, Limit::Minimum(min)) => format!("at least {}", number(min)),
        _ => "in range".to_owned(),
    }
}

/// A bound as written in the schema: `10000`, not `10000.0`.
fn number(value: f64) -> String {
    let text = value.to_string();
    text.strip_suffix(".0").map_or(text.clone(), str::to_owned)
}

fn length(value: &Json) -> usize {
    value.as_str().map_or(0, |text| text.chars().count())
}

fn count(value: &Json) -> usize {
    match value {
        Json::Array(items) => items.len(),
        Json::Object(entries) => entries.len(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::lint::checks::schema::tests::{
        findings, findings_json, nrt_rule, only, scheduled_rule,
    };
    use crate::model::RuleKind;

    #[test]
    fn long_name() {
        let mut rule = nrt_rule();
        rule["name"] = json!("x".repeat(300));
        let found = findings_json(RuleKind::Nrt, &rule);
        assert_eq!(
            only(&found, "SCH106"),
            "`name` is 300 characters long, maximum 256 (schema: nrt-rule.schema.json)"
        );
    }

    #[test]
    fn empty_and_oversized_query() {
        let mut rule = nrt_rule();
        rule["query"] = json!("");
        assert!(
            only(&findings_json(RuleKind::Nrt, &rule), "SCH106").starts_with("`query` is empty")
        );
        rule["query"] = json!("x".repeat(10_001));
        assert!(
            only(&findings_json(RuleKind::Nrt, &rule), "SCH106")
                .starts_with("`query` is 10001 characters long, maximum 10000")
        );
    }

    #[test]
    fn threshold_range_whether_quoted_or_not() {
        for (value, shown) in [(json!(10001), "10001"), (json!(-1), "-1")] {
            let mut rule = scheduled_rule();
            rule["triggerThreshold"] = value;
            let found = findings_json(RuleKind::Scheduled, &rule);
            assert_eq!(
                only(&found, "SCH106"),
                format!(
                    "`triggerThreshold` must be between 0 and 10000, found {shown} \
                     (schema: scheduled-rule.schema.json)"
                )
            );
        }
        // Quoted thresholds, in range or not, are the schedule checks' findings (SCD107).
        for quoted in ["5", "10001"] {
            let mut rule = scheduled_rule();
            rule["triggerThreshold"] = json!(quoted);
            assert!(findings_json(RuleKind::Scheduled, &rule).is_empty());
        }
    }

    #[test]
    fn numbers_are_shown_as_written() {
        for (written, code) in [
            ("99999999999999999999999999999", "SCH106"),
            ("1e5", "SCH106"),
            ("0x2711", "SCH106"),
            ("10000.5", "SCH103"),
        ] {
            let text = scheduled_rule()
                .to_string()
                .replace("\"triggerThreshold\":0", &format!("\"triggerThreshold\": {written}"));
            assert!(text.contains(written), "fixture has no threshold 0: {text}");
            let message = only(&findings(RuleKind::Scheduled, &text), code);
            assert!(
                message.contains(&format!(" {written} "))
                    || message.contains(&format!("`{written}`")),
                "{message}"
            );
        }
    }

    #[test]
    fn long_description() {
        let mut rule = nrt_rule();
        rule["description"] = json!("x".repeat(5001));
        let found = findings_json(RuleKind::Nrt, &rule);
        assert!(
            only(&found, "SCH106")
                .starts_with("`description` is 5001 characters long, maximum 5000")
        );
    }

    #[test]
    fn limits_delegated_to_the_entity_checks_are_not_repeated() {
        let mapping = json!({"entityType": "Host", "fieldMappings": [
            {"identifier": "HostName", "columnName": "A"}, {"identifier": "DnsDomain", "columnName": "B"},
            {"identifier": "NTDomain", "columnName": "C"}, {"identifier": "FullName", "columnName": "D"}]});
        let mut rule = nrt_rule();
        rule["entityMappings"] = json!(vec![mapping; 11]);
        let details: serde_json::Map<_, _> =
            (0..21).map(|i| (format!("Detail{i}"), json!("Column"))).collect();
        rule["customDetails"] = serde_json::Value::Object(details);
        rule["alertDetailsOverride"] = json!({"alertDisplayNameFormat": "x".repeat(257)});
        assert!(findings_json(RuleKind::Nrt, &rule).is_empty());
    }
}
