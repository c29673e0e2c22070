//! A unified diff of one field (crate `similar`): long text such as `query` line by line,
//! other values as JSON: on one line when both sides are short (`["Execution"]`), otherwise
//! pretty-printed, so a changed long list or object shows which items came and went.

use serde_json::Value;
use similar::{ChangeTag, TextDiff};

use crate::sync::Difference;

/// Lines of context kept around each change.
const CONTEXT: usize = 3;
/// Longest JSON value shown on one line.
const ONE_LINE: usize = 72;

/// One line of a field diff.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Line {
    Same(String),
    Removed(String),
    Added(String),
    /// Unchanged lines left out between two hunks.
    Gap,
}

/// The diff of `difference`, live side removed, local side added.
pub fn lines(difference: &Difference) -> Vec<Line> {
    let one_line = [&difference.live, &difference.local].into_iter().flatten().all(fits_one_line);
    let live = text(difference.live.as_ref(), one_line);
    let local = text(difference.local.as_ref(), one_line);
    let diff = TextDiff::from_lines(&live, &local);
    let mut out = Vec::new();
    for (index, group) in diff.grouped_ops(CONTEXT).iter().enumerate() {
        if index > 0 {
            out.push(Line::Gap);
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let value = change.value().trim_end_matches(['\n', '\r']).to_owned();
                out.push(match change.tag() {
                    ChangeTag::Equal => Line::Same(value),
                    ChangeTag::Delete => Line::Removed(value),
                    ChangeTag::Insert => Line::Added(value),
                });
            }
        }
    }
    out
}

fn fits_one_line(value: &Value) -> bool {
    match value {
        Value::String(_) => true,
        other => other.to_string().len() <= ONE_LINE,
    }
}

/// The text a value is diffed as; an absent side is empty.
fn text(value: Option<&Value>, one_line: bool) -> String {
    let mut text = match value {
        None => return String::new(),
        Some(Value::String(s)) => s.replace("\r\n", "\n"),
        Some(other) if one_line => other.to_string(),
        Some(other) => serde_json::to_string_pretty(other).unwrap_or_default(),
    };
    // Without a final newline, a changed last line would read as "no newline at end".
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn difference(live: Option<Value>, local: Option<Value>) -> Difference {
        Difference { path: "query".into(), live, local }
    }

    #[test]
    fn query_changes_are_line_diffs_with_context() {
        let live = (1..=20).map(|i| format!("l{i}")).collect::<Vec<_>>().join("\n");
        let local = live.replace("l2\n", "L2\n").replace("l18", "L18");
        let out = lines(&difference(Some(json!(live)), Some(json!(local))));
        assert!(
            out.contains(&Line::Removed("l2".into())) && out.contains(&Line::Added("L2".into()))
        );
        assert!(out.contains(&Line::Removed("l18".into())));
        assert!(out.contains(&Line::Same("l5".into())), "three lines of context");
        assert!(!out.contains(&Line::Same("l10".into())) && out.contains(&Line::Gap), "{out:?}");
    }

    #[test]
    fn short_values_stay_on_one_line_long_ones_are_split() {
        let out = lines(&difference(Some(json!(["Execution"])), Some(json!(["Persistence"]))));
        assert_eq!(
            out,
            [Line::Removed(r#"["Execution"]"#.into()), Line::Added(r#"["Persistence"]"#.into())]
        );
        let long: Vec<String> = (0..20).map(|i| format!("T10{i:02}")).collect();
        let out = lines(&difference(None, Some(json!(long))));
        assert_eq!(out.len(), 22, "brackets and one line per item: {out:?}");
    }

    #[test]
    fn absent_side_is_all_added_or_removed() {
        let out = lines(&difference(None, Some(json!(["A", "B"]))));
        assert!(out.iter().all(|l| matches!(l, Line::Added(_))), "{out:?}");
    }
}
