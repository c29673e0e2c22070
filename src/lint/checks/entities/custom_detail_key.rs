//! ENT110: a custom detail key Sentinel does not accept.

use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};

const MAX_KEY_CHARS: usize = 20;

declare_lint! {
    /// A custom detail key that Sentinel does not accept
    ///
    /// ## What it does
    /// Checks each `customDetails` key: it must start with an English letter, be at most 20
    /// characters long, and contain only letters, digits and `_` (`^[a-zA-Z]+\w*$`). The
    /// message says which rule the key breaks.
    ///
    /// ## Why is this bad?
    /// The service rejects the rule; the Azure-Sentinel validator enforces the same pattern.
    ///
    /// ## Example
    /// ```yaml
    /// customDetails:
    ///   1stPort: DestinationPort
    ///   Transport Protocol: Protocol
    /// ```
    ///
    /// Use instead:
    /// ```yaml
    /// customDetails:
    ///   FirstPort: DestinationPort
    ///   TransportProtocol: Protocol
    /// ```
    pub(crate) static INVALID_CUSTOM_DETAIL_KEY = ("ENT110", "invalid-custom-detail-key", Error);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    for entry in super::custom_details(doc) {
        if let Some((message, help)) = problem(&entry.key) {
            ctx.report(&INVALID_CUSTOM_DETAIL_KEY, entry.key_range, message).set_help(help);
        }
    }
}

/// What is wrong with `key`, if anything, as (message, help); the first broken rule wins.
fn problem(key: &str) -> Option<(String, String)> {
    let fixed = suggestion(key);
    let help = if fixed.is_empty() {
        "Start the key with a letter and use only letters, digits and `_`".to_owned()
    } else {
        format!("Rename the key, e.g. `{fixed}`")
    };
    if !key.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        return Some((
            format!("Custom detail key `{key}` must start with an English letter"),
            help,
        ));
    }
    if let Some(bad) = key.chars().find(|c| !c.is_ascii_alphanumeric() && *c != '_') {
        let found = if bad == ' ' { "a space".to_owned() } else { format!("`{bad}`") };
        return Some((
            format!(
                "Custom detail key `{key}` may contain only letters, digits and `_` ({found} found)"
            ),
            help,
        ));
    }
    let length = key.chars().count();
    (length > MAX_KEY_CHARS).then(|| {
        (
            format!(
                "Custom detail key `{key}` is {length} characters long; maximum is {MAX_KEY_CHARS}"
            ),
            "Shorten the key to at most 20 characters".to_owned(),
        )
    })
}

/// `key` with the offending characters removed and leading non-letters dropped, if that
/// leaves a valid key.
fn suggestion(key: &str) -> String {
    let kept: String = key.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
    let trimmed = kept.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
    if trimmed.is_empty() || trimmed.chars().count() > MAX_KEY_CHARS {
        String::new()
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    #[test]
    fn each_rule_has_its_own_message() {
        let yaml = "customDetails:\n  1stPort: A\n  DestinationAddressOfConnection: B\n  Transport Protocol: C\n  Action: Action\n";
        let found = run(yaml, check);
        let texts: Vec<&str> = found.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(texts, ["1stPort", "DestinationAddressOfConnection", "Transport Protocol"]);
        assert_eq!(
            found[0].message,
            "Custom detail key `1stPort` must start with an English letter"
        );
        assert_eq!(found[0].help.as_deref(), Some("Rename the key, e.g. `stPort`"));
        assert_eq!(
            found[1].message,
            "Custom detail key `DestinationAddressOfConnection` is 30 characters long; maximum is 20"
        );
        assert_eq!(
            found[2].message,
            "Custom detail key `Transport Protocol` may contain only letters, digits and `_` (a space found)"
        );
        assert_eq!(found[2].help.as_deref(), Some("Rename the key, e.g. `TransportProtocol`"));
    }
}
