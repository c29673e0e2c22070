//! `triggerOperator` spellings: content files write `gt`, the API wants `GreaterThan`.
//!
//! The short forms are the ones the content validator's converter accepts
//! (`ScheduledTemplateTriggerOperatorConverter`); symbols such as `>` are not accepted by
//! either side, so they are errors rather than guesses.

/// (short form, API form).
const OPERATORS: &[(&str, &str)] =
    &[("gt", "GreaterThan"), ("lt", "LessThan"), ("eq", "Equal"), ("ne", "NotEqual")];

/// What an invalid operator message lists.
pub const EXPECTED: &str = "gt, lt, eq, ne, GreaterThan, LessThan, Equal or NotEqual";

/// The API form of any accepted spelling (case-insensitive), or `None`.
pub fn to_api(text: &str) -> Option<&'static str> {
    let text = text.trim();
    OPERATORS
        .iter()
        .find(|(short, long)| short.eq_ignore_ascii_case(text) || long.eq_ignore_ascii_case(text))
        .map(|(_, long)| *long)
}

/// The content short form of any accepted spelling, or `None`.
pub fn to_content(text: &str) -> Option<&'static str> {
    let long = to_api(text)?;
    OPERATORS.iter().find(|(_, l)| *l == long).map(|(short, _)| *short)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_maps_to_the_api_form() {
        assert_eq!(to_api("gt"), Some("GreaterThan"));
        assert_eq!(to_api("GreaterThan"), Some("GreaterThan"));
        assert_eq!(to_api("eq"), Some("Equal"));
        assert_eq!(to_api("NE"), Some("NotEqual"));
        assert_eq!(to_api(">"), None);
    }

    #[test]
    fn content_form_is_the_short_one() {
        assert_eq!(to_content("GreaterThan"), Some("gt"));
        assert_eq!(to_content("lt"), Some("lt"));
    }
}
