//! Small value clean-ups both directions of the mapping share.
//!
//! Files written on Windows carry `\r\n`; ARM keeps whatever it is sent, so a body built from
//! a CRLF checkout would differ from one built on Linux. Empty containers and nulls mean
//! "not set" in a rule file, but the API rejects some of them (`entityMappings: []` is a 400),
//! so they are removed before sending and before comparing.

use serde_json::Value as Json;

/// `text` with `\r\n` and lone `\r` turned into `\n`.
pub fn unify_line_endings(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// `text` for comparison: unified line endings, no trailing whitespace on any line or at the
/// end (editors and the portal add and strip it freely; KQL ignores it).
pub fn comparable_text(text: &str) -> String {
    let unified = unify_line_endings(text);
    let lines: Vec<&str> = unified.lines().map(str::trim_end).collect();
    lines.join("\n").trim_end().to_owned()
}

/// `value` without nulls, empty lists and empty maps at every depth; `None` when nothing is
/// left. Empty strings and `false` are values and stay.
pub fn compact(value: Json) -> Option<Json> {
    match value {
        Json::Null => None,
        Json::Array(items) => {
            let items: Vec<Json> = items.into_iter().filter_map(compact).collect();
            (!items.is_empty()).then_some(Json::Array(items))
        }
        Json::Object(map) => {
            let map: serde_json::Map<String, Json> =
                map.into_iter().filter_map(|(k, v)| compact(v).map(|v| (k, v))).collect();
            (!map.is_empty()).then_some(Json::Object(map))
        }
        other => Some(other),
    }
}

/// `value` with [`unify_line_endings`] applied to every string in it.
pub fn unify_json_line_endings(value: Json) -> Json {
    match value {
        Json::String(text) => Json::String(unify_line_endings(&text)),
        Json::Array(items) => Json::Array(items.into_iter().map(unify_json_line_endings).collect()),
        Json::Object(map) => {
            Json::Object(map.into_iter().map(|(k, v)| (k, unify_json_line_endings(v))).collect())
        }
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn crlf_and_cr_become_lf() {
        assert_eq!(unify_line_endings("a\r\nb\rc\n"), "a\nb\nc\n");
    }

    #[test]
    fn comparable_text_ignores_trailing_whitespace() {
        assert_eq!(comparable_text("T\r\n| take 1  \r\n\n"), comparable_text("T\n| take 1"));
        assert_ne!(comparable_text("T\n| take 1"), comparable_text("T\n| take 2"));
    }

    #[test]
    fn compact_removes_nulls_and_empty_containers() {
        let value =
            json!({"a": null, "b": [], "c": {}, "d": [null, {"e": []}], "f": 0, "g": false});
        assert_eq!(compact(value), Some(json!({"f": 0, "g": false})));
        assert_eq!(compact(json!([])), None);
    }
}
