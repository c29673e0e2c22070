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

/// A valid key close to `key`, or nothing if there is none: characters other than letters,
/// digits and `_` are dropped, the word after a dropped one capitalised (`Transport Protocol`
/// → `TransportProtocol`), and a leading number with its suffix moved to the end (`1stPort` →
/// `Port1st`), since the service requires a letter first.
fn suggestion(key: &str) -> String {
    let joined = camel_join(key);
    let joined = joined.trim_start_matches('_');
    let fixed = match joined.find(|c: char| c.is_ascii_alphabetic()) {
        Some(0) => joined.to_owned(),
        _ => move_number_to_end(joined),
    };
    let valid = fixed.chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    if valid && fixed.chars().count() <= MAX_KEY_CHARS { fixed } else { String::new() }
}

/// `key` with every character other than letters, digits and `_` dropped, and the letter
/// after a dropped character capitalised.
fn camel_join(key: &str) -> String {
    let mut joined = String::with_capacity(key.len());
    let mut capitalise = false;
    for c in key.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            joined.push(if capitalise { c.to_ascii_uppercase() } else { c });
            capitalise = false;
        } else {
            capitalise = !joined.is_empty();
        }
    }
    joined
}

/// `1stPort` → `Port1st`, `2_port` → `port_2`: the leading number, with the lower-case
/// letters that belong to it (`st`, `nd`, `min`), goes after the rest.
fn move_number_to_end(key: &str) -> String {
    let digits = key.len() - key.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let suffix = key[digits..].len()
        - key[digits..].trim_start_matches(|c: char| c.is_ascii_lowercase()).len();
    let (number, rest) = key.split_at(digits + suffix);
    let trimmed = rest.trim_start_matches('_');
    let separator = if trimmed.len() < rest.len() { "_" } else { "" };
    format!("{trimmed}{separator}{number}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    #[test]
    fn suggestions_are_valid_keys_that_keep_every_word() {
        for (key, fixed) in [
            ("1stPort", "Port1st"),
            ("2ndHop", "Hop2nd"),
            ("1Port", "Port1"),
            ("30minCount", "Count30min"),
            ("2_port", "port_2"),
            ("Transport Protocol", "TransportProtocol"),
            ("src-ip.address", "srcIpAddress"),
            ("_hidden", "hidden"),
            ("123", ""),
            ("1st", ""),
            ("AVeryLongKeyName With Words", ""),
        ] {
            let suggested = suggestion(key);
            assert_eq!(suggested, fixed, "{key}");
            assert!(
                suggested.is_empty() || problem(&suggested).is_none(),
                "{suggested} is invalid"
            );
        }
    }

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
        assert_eq!(found[0].help.as_deref(), Some("Rename the key, e.g. `Port1st`"));
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
