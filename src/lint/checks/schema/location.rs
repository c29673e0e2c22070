//! Turns JSON pointers from schema errors into what users read and where findings point.
//!
//! Schema errors name instances by JSON pointer (`/entityMappings/0/entityType`). Messages
//! show the path the way rule authors think of it (`entityMappings[0].entityType`), and the
//! diagnostic range comes from the spanned YAML tree the JSON was made from.

use crate::source::TextRange;
use crate::yaml::{Node, Value};

/// The segments of an RFC 6901 pointer, unescaped.
pub(super) fn segments(pointer: &str) -> Vec<String> {
    pointer.split('/').skip(1).map(|raw| raw.replace("~1", "/").replace("~0", "~")).collect()
}

/// A pointer as authors read it: `entityMappings[0].fieldMappings`, `customDetails."My key"`.
///
/// Indices are shown in brackets only where the YAML really has a list, so a mapping key that
/// happens to be a number is still shown as a key.
pub(super) fn display_path(root: &Node, pointer: &str) -> String {
    let mut shown = String::new();
    let mut node = Some(root);
    for segment in segments(pointer) {
        let in_list = node.is_some_and(|n| n.as_seq().is_some());
        if in_list {
            shown.push_str(&format!("[{segment}]"));
        } else {
            if !shown.is_empty() {
                shown.push('.');
            }
            shown.push_str(&display_key(&segment));
        }
        node = node.and_then(|n| child(n, &segment));
    }
    shown
}

/// A mapping key as shown in a path: bare when it is an identifier, quoted otherwise.
pub(super) fn display_key(key: &str) -> String {
    let plain = key.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain { key.to_owned() } else { format!("\"{key}\"") }
}

fn child<'a>(node: &'a Node, segment: &str) -> Option<&'a Node> {
    match &node.value {
        Value::Map(_) => node.get(segment),
        Value::Seq(items) => items.get(segment.parse::<usize>().ok()?),
        _ => None,
    }
}

/// Where a finding about the value at `pointer` is shown.
///
/// Scalars are underlined themselves. A mapping, a list or an empty value under a key is
/// pointed at through its key: underlining a whole block would hide what is wrong, and an
/// empty value has no text of its own.
pub(super) fn value_range(root: &Node, pointer: &str) -> TextRange {
    let Some(node) = root.at_pointer(pointer) else {
        return fallback(root);
    };
    let is_block = matches!(node.value, Value::Map(_) | Value::Seq(_) | Value::Null);
    if is_block && let Some(key) = key_of(root, pointer) {
        return key;
    }
    node.range
}

/// The range of the key that holds the value at `pointer`, when its parent is a mapping.
pub(super) fn key_of(root: &Node, pointer: &str) -> Option<TextRange> {
    let (parent, last) = split_last(pointer)?;
    let entry = root.at_pointer(&parent)?.entry(&last)?;
    Some(entry.key_range)
}

/// The range of key `key` inside the mapping at `pointer` (an unknown key or a bad key name).
pub(super) fn key_range(root: &Node, pointer: &str, key: &str) -> TextRange {
    root.at_pointer(pointer)
        .and_then(|node| node.entry(key))
        .map_or_else(|| value_range(root, pointer), |entry| entry.key_range)
}

/// Where a field missing from the mapping at `pointer` is reported: the key that holds the
/// mapping, or the start of the mapping when it has no key (the file itself, a list item).
pub(super) fn missing_range(root: &Node, pointer: &str) -> TextRange {
    if let Some(key) = key_of(root, pointer) {
        return key;
    }
    root.at_pointer(pointer)
        .map_or_else(|| fallback(root), |node| TextRange::empty(node.range.start()))
}

fn split_last(pointer: &str) -> Option<(String, String)> {
    let cut = pointer.rfind('/')?;
    let last = segments(&pointer[cut..]).pop()?;
    Some((pointer[..cut].to_owned(), last))
}

fn fallback(root: &Node) -> TextRange {
    TextRange::empty(root.range.start())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::{Entry, ScalarStyle};

    fn scalar(text: &str, start: u32) -> Node {
        let end = start + u32::try_from(text.len()).unwrap_or(0);
        Node::new(Value::Str(text.to_owned()), TextRange::new(start, end), ScalarStyle::Plain)
    }

    fn entry(key: &str, start: u32, value: Node) -> Entry {
        let end = start + u32::try_from(key.len()).unwrap_or(0);
        Entry { key: key.to_owned(), key_range: TextRange::new(start, end), value }
    }

    /// `tactics: [Execution]` and `customDetails: {"My key": Col}` with made-up offsets.
    fn tree() -> Node {
        let tactics = Node::new(
            Value::Seq(vec![scalar("Execution", 12)]),
            TextRange::new(10, 21),
            ScalarStyle::Collection,
        );
        let details = Node::new(
            Value::Map(vec![entry("My key", 40, scalar("Col", 48))]),
            TextRange::new(40, 51),
            ScalarStyle::Collection,
        );
        Node::new(
            Value::Map(vec![entry("tactics", 0, tactics), entry("customDetails", 25, details)]),
            TextRange::new(0, 51),
            ScalarStyle::Collection,
        )
    }

    #[test]
    fn paths_read_like_yaml() {
        let root = tree();
        assert_eq!(display_path(&root, "/tactics/0"), "tactics[0]");
        assert_eq!(display_path(&root, "/customDetails/My key"), "customDetails.\"My key\"");
        assert_eq!(display_path(&root, ""), "");
    }

    #[test]
    fn blocks_point_at_their_key_and_scalars_at_themselves() {
        let root = tree();
        assert_eq!(value_range(&root, "/tactics"), TextRange::new(0, 7));
        assert_eq!(value_range(&root, "/tactics/0"), TextRange::new(12, 21));
        assert_eq!(key_range(&root, "/customDetails", "My key"), TextRange::new(40, 46));
        assert_eq!(missing_range(&root, ""), TextRange::empty(0));
        assert_eq!(missing_range(&root, "/customDetails"), TextRange::new(25, 38));
    }
}
