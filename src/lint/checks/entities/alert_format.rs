//! ENT113: an alert name or description format that is empty or too long.

use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};
use crate::yaml::Value;

declare_lint! {
    /// An alert name or description format that is empty or too long
    ///
    /// ## What it does
    /// Checks `alertDetailsOverride.alertDisplayNameFormat` (1 to 256 characters) and
    /// `alertDescriptionFormat` (1 to 5000 characters). A key with no value counts as empty.
    ///
    /// ## Why is this bad?
    /// The service rejects the rule; an empty format would give every alert an empty name.
    ///
    /// ## Example
    /// ```yaml
    /// alertDetailsOverride:
    ///   alertDisplayNameFormat: ""
    /// ```
    pub(crate) static INVALID_ALERT_FORMAT = ("ENT113", "invalid-alert-format", Error);
}

const LIMITS: &[(&str, usize)] =
    &[("alertDisplayNameFormat", 256), ("alertDescriptionFormat", 5000)];

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    let Some(overrides) = doc.field("alertDetailsOverride") else { return };
    for &(field, max) in LIMITS {
        let Some(entry) = overrides.entry(field) else { continue };
        let message = match &entry.value.value {
            Value::Null => format!("`{field}` is empty"),
            Value::Str(text) if text.trim().is_empty() => format!("`{field}` is empty"),
            Value::Str(text) if text.chars().count() > max => {
                format!("`{field}` is {} characters long; maximum is {max}", text.chars().count())
            }
            _ => continue,
        };
        ctx.report(&INVALID_ALERT_FORMAT, super::value_or_key_range(entry), message)
            .set_help(format!("Write a format of 1 to {max} characters, or remove `{field}`"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    #[test]
    fn empty_and_long_formats() {
        let long = "x".repeat(257);
        let yaml = format!(
            "alertDetailsOverride:\n  alertDisplayNameFormat: {long}\n  alertDescriptionFormat:\n"
        );
        let found = run(&yaml, check);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0].message,
            "`alertDisplayNameFormat` is 257 characters long; maximum is 256"
        );
        assert_eq!(found[1].text, "alertDescriptionFormat");
        assert_eq!(found[1].message, "`alertDescriptionFormat` is empty");
    }
}
