//! SCH104: a value outside the fixed set the field allows.

use serde_json::Value as Json;

use super::suggest::did_you_mean;
use super::violation::{Cx, Violation, shown};
use crate::declare_lint;

declare_lint! {
    /// A value is not one of the values the field allows
    ///
    /// ## What it does
    /// Checks fields with a fixed set of values: `severity`, `triggerOperator`, `kind`,
    /// `status`, `eventGroupingSettings.aggregationKind`, and `matchingMethod` and
    /// `groupByAlertDetails` of the incident grouping. Matching is exact and case-sensitive, as
    /// in Sentinel; the message suggests the intended value when the spelling is close
    /// (`high` → `High`, `>` → `gt`).
    ///
    /// Tactics are checked by the ATT&CK checks (`ATT1xx`); entity types and alert properties
    /// by the entity checks (`ENT1xx`).
    ///
    /// ## Why is this bad?
    /// The API rejects the rule, or a lenient tool maps it to something else: content tools
    /// have sent `triggerOperator: ">"` to the API as it was (wortell/AZSentinel issue #134).
    ///
    /// ## Example
    /// ```yaml
    /// severity: Critical
    /// triggerOperator: ">"
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// severity: High
    /// triggerOperator: gt
    /// ```
    pub(crate) static VALUE_NOT_ALLOWED = ("SCH104", "value-not-allowed", Error);
}

/// Both analytic kinds; each analytic schema allows only its own, but an unknown `kind:`
/// should be told about both.
const RULE_KINDS: &[&str] = &["Scheduled", "NRT"];

/// The violation for the value at `pointer`, which must be one of `options`.
pub(super) fn violation(cx: &Cx<'_>, pointer: &str, options: &[Json]) -> Violation {
    let found = cx.value(pointer).unwrap_or(&Json::Null);
    let mut allowed: Vec<String> = options.iter().map(shown).collect();
    if pointer == "/kind" {
        allowed = RULE_KINDS.iter().map(|&k| k.to_owned()).collect();
    }
    let listed: Vec<String> = allowed.iter().map(|a| format!("`{a}`")).collect();
    let field = cx.field(pointer);
    let message = match listed.as_slice() {
        [only] => format!("{field} must be {only}, found `{}`", cx.shown(pointer)),
        _ => format!("{field} must be one of {}, found `{}`", listed.join(", "), cx.shown(pointer)),
    };
    let candidates: Vec<&str> = allowed.iter().map(String::as_str).collect();
    let suggestion = found.as_str().and_then(|text| did_you_mean(text, &candidates));
    let help = suggestion.map(|suggestion| format!("Did you mean `{suggestion}`?"));
    let mut violation =
        Violation::new(&VALUE_NOT_ALLOWED, "enum", pointer, message).with_help(help);
    violation.replacement = suggestion.map(str::to_owned);
    violation
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::lint::checks::schema::tests::{findings_json, nrt_rule, only, scheduled_rule};
    use crate::model::RuleKind;

    #[test]
    fn severity_lists_the_values() {
        let mut rule = nrt_rule();
        rule["severity"] = json!("Critical");
        let found = findings_json(RuleKind::Nrt, &rule);
        assert_eq!(
            only(&found, "SCH104"),
            "`severity` must be one of `Informational`, `Low`, `Medium`, `High`, found \
             `Critical` (schema: nrt-rule.schema.json)"
        );
        assert_eq!(found[0].help, "");
    }

    #[test]
    fn case_slip_gets_the_right_spelling() {
        let mut rule = nrt_rule();
        rule["severity"] = json!("high");
        let found = findings_json(RuleKind::Nrt, &rule);
        only(&found, "SCH104");
        assert_eq!(found[0].help, "Did you mean `High`?");
    }

    #[test]
    fn tactics_and_entity_types_are_left_to_their_checks() {
        let mut rule = nrt_rule();
        rule["tactics"] = json!(["Execution", "Defense Evasion"]);
        rule["entityMappings"] = json!([{"entityType": "Ip",
            "fieldMappings": [{"identifier": "Address", "columnName": "IpAddress"}]}]);
        assert!(findings_json(RuleKind::Nrt, &rule).is_empty());
    }

    #[test]
    fn operator_symbols_get_the_short_form() {
        let mut rule = scheduled_rule();
        rule["triggerOperator"] = json!(">");
        let found = findings_json(RuleKind::Scheduled, &rule);
        assert!(only(&found, "SCH104").starts_with(
            "`triggerOperator` must be one of `gt`, `lt`, `eq`, `ne`, `GreaterThan`, `LessThan`, \
             `Equal`, `NotEqual`, found `>`"
        ));
        assert_eq!(found[0].help, "Did you mean `gt`?");
    }

    #[test]
    fn unknown_kind_names_both_kinds() {
        let mut rule = nrt_rule();
        rule["kind"] = json!("InvalidKind");
        let found = findings_json(RuleKind::Nrt, &rule);
        assert!(
            only(&found, "SCH104")
                .starts_with("`kind` must be one of `Scheduled`, `NRT`, found `InvalidKind`")
        );
    }

    #[test]
    fn nested_enums_are_checked() {
        let mut rule = nrt_rule();
        rule["eventGroupingSettings"] = json!({"aggregationKind": "AlertPerResults"});
        let found = findings_json(RuleKind::Nrt, &rule);
        assert!(only(&found, "SCH104").starts_with("`eventGroupingSettings.aggregationKind`"));
        assert_eq!(found[0].help, "Did you mean `AlertPerResult`?");
    }
}
