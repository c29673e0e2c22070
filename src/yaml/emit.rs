//! Writes a [`Node`] tree as YAML text in the layout of the Azure-Sentinel repository.
//!
//! Layout, indentation and literal block scalars come from the maintained `saphyr` emitter
//! (the sibling of the `saphyr-parser` we read with): it picks the chomping indicator (`|`,
//! `|-`, `|+`) and adds an indentation indicator when the text starts with spaces, so
//! multi-line text such as a query round-trips byte for byte. Which single-line strings
//! need quotes is decided here, because the emitter quotes far more than YAML needs (every
//! `,`, `:` or `'`) and with double quotes: a string stays plain unless a YAML 1.2 or 1.1
//! loader (PyYAML in the Azure-Sentinel validation, js-yaml, YamlDotNet) would read it as
//! something else, is then single-quoted, and double-quoted only when it holds characters
//! that need escapes. Parsing the output with [`super::parse`] gives back the same values.

use std::borrow::Cow;

use saphyr::{Mapping, Scalar, ScalarStyle as Style, Yaml, YamlEmitter};

use super::node::{Node, Value};
use super::scalar::resolve_plain;

/// The emitter could not write the document.
#[derive(Debug, thiserror::Error)]
#[error("could not write YAML: {0}")]
pub struct EmitError(#[from] saphyr::EmitError);

/// The YAML text of `node`, ending with a line break and without a `---` marker.
pub fn to_yaml_string(node: &Node) -> Result<String, EmitError> {
    let mut out = String::new();
    let mut emitter = YamlEmitter::new(&mut out);
    emitter.multiline(true);
    emitter.dump(&to_saphyr(node))?;
    let body = out.strip_prefix("---\n").map(str::to_owned).unwrap_or(out);
    Ok(if body.ends_with('\n') { body } else { body + "\n" })
}

fn to_saphyr(node: &Node) -> Yaml<'_> {
    match &node.value {
        Value::Null => Yaml::Value(Scalar::Null),
        Value::Bool(flag) => Yaml::Value(Scalar::Boolean(*flag)),
        Value::Int(number) => Yaml::Value(Scalar::Integer(*number)),
        Value::Float(number) => Yaml::Value(Scalar::FloatingPoint((*number).into())),
        Value::Str(text) => string(text),
        Value::Seq(items) => Yaml::Sequence(items.iter().map(to_saphyr).collect()),
        Value::Map(entries) => {
            let mut map = Mapping::new();
            for entry in entries {
                map.insert(single_line(&entry.key), to_saphyr(&entry.value));
            }
            Yaml::Mapping(map)
        }
    }
}

/// Multi-line text that a literal block can hold goes to the emitter as a value, which then
/// writes the block; everything else is written as a scalar we chose the style of.
fn string(text: &str) -> Yaml<'_> {
    if text.contains('\n') {
        if is_block_text(text) {
            Yaml::Value(Scalar::String(Cow::Borrowed(text)))
        } else {
            double_quoted(text)
        }
    } else {
        single_line(text)
    }
}

/// The emitter's own condition for a literal block: printable text with at least one
/// non-empty line (a block of only line breaks reads back as an empty string).
fn is_block_text(text: &str) -> bool {
    !text.trim_start_matches('\n').is_empty() && text.chars().all(is_block_char)
}

fn is_block_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\u{85}') || (is_printable(c) && c != '\u{feff}')
}

/// YAML's `c-printable` without the line breaks and the tab.
fn is_printable(c: char) -> bool {
    matches!(c,
        '\x20'..='\x7e'
        | '\u{85}'
        | '\u{a0}'..='\u{d7ff}'
        | '\u{e000}'..='\u{fffd}'
        | '\u{10000}'..='\u{10ffff}')
}

fn single_line(text: &str) -> Yaml<'_> {
    if is_plain_safe(text) {
        Yaml::Representation(Cow::Borrowed(text), Style::Plain, None)
    } else if text.chars().all(|c| c == '\t' || (is_printable(c) && c != '\u{feff}')) {
        Yaml::Representation(Cow::Owned(text.replace('\'', "''")), Style::SingleQuoted, None)
    } else {
        double_quoted(text)
    }
}

fn double_quoted(text: &str) -> Yaml<'static> {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if is_printable(c) && c != '\u{feff}' => out.push(c),
            c if u32::from(c) <= 0xffff => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push_str(&format!("\\U{:08x}", u32::from(c))),
        }
    }
    Yaml::Representation(Cow::Owned(out), Style::DoubleQuoted, None)
}

/// Whether `text` reads back as the same string when written unquoted, in block context, by
/// YAML 1.2 and YAML 1.1 loaders alike.
fn is_plain_safe(text: &str) -> bool {
    let (Some(first), Some(last)) = (text.chars().next(), text.chars().last()) else {
        return false;
    };
    const INDICATORS: &str = "-?:,[]{}#&*!|>'\"%@`";
    !INDICATORS.contains(first)
        && !first.is_whitespace()
        && !last.is_whitespace()
        && last != ':'
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.contains('\t')
        && text.chars().all(|c| is_printable(c) && c != '\u{feff}' && c != '\u{85}')
        && matches!(resolve_plain(text), Value::Str(_))
        && !is_yaml11_special(text)
}

/// Plain scalars that YAML 1.1 loaders (PyYAML) resolve to something other than a string:
/// booleans such as `yes` and `off`, numbers with `_` or sexagesimal `:`, binary, timestamps,
/// and the merge and value keys.
fn is_yaml11_special(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off",
        "OFF", "<<", "=",
    ];
    WORDS.contains(&text) || is_yaml11_number(text) || is_timestamp(text)
}

fn is_yaml11_number(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    if let Some(binary) = body.strip_prefix("0b") {
        return !binary.is_empty() && binary.chars().all(|c| matches!(c, '0' | '1' | '_'));
    }
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (&body[..at], Some(&body[at + 1..])),
        None => (body, None),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['-', '+']).unwrap_or(e);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    });
    let starts_like_a_number = mantissa.starts_with(|c: char| c.is_ascii_digit() || c == '.');
    starts_like_a_number
        && exponent_ok
        && mantissa.chars().any(|c| c.is_ascii_digit())
        && mantissa.chars().all(|c| c.is_ascii_digit() || matches!(c, '_' | '.' | ':'))
        && mantissa.matches('.').count() <= 1
}

/// `2024-01-31` and everything that starts like it.
fn is_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 8
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[5].is_ascii_digit()
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::source::TextRange;
    use crate::yaml::{Entry, ScalarStyle, parse};

    fn node(value: Value) -> Node {
        Node::new(value, TextRange::default(), ScalarStyle::Plain)
    }

    fn map(entries: Vec<(&str, Node)>) -> Node {
        let entries = entries
            .into_iter()
            .map(|(key, value)| Entry {
                key: key.to_owned(),
                key_range: TextRange::default(),
                value,
            })
            .collect();
        node(Value::Map(entries))
    }

    fn text(value: &str) -> Node {
        node(Value::Str(value.to_owned()))
    }

    fn emit(node: &Node) -> String {
        to_yaml_string(node).expect("emitted")
    }

    fn reparse(yaml: &str) -> serde_json::Value {
        let parsed = parse(yaml);
        assert!(parsed.errors.is_empty(), "{yaml}\n{:?}", parsed.errors);
        parsed.root.expect("a document").to_json()
    }

    /// Writes `value` under a key, in a list and as the last key, and reads it back.
    fn assert_round_trips(value: &str) {
        let tree = map(vec![
            ("a", text(value)),
            ("list", node(Value::Seq(vec![text(value), text("x")]))),
            ("nested", map(vec![("b", text(value)), ("c", text(value))])),
            ("last", text(value)),
        ]);
        let yaml = emit(&tree);
        let parsed = parse(&yaml);
        assert!(parsed.errors.is_empty(), "{value:?} written as:\n{yaml}\n{:?}", parsed.errors);
        assert_eq!(reparse(&yaml), tree.to_json(), "{value:?} written as:\n{yaml}");
    }

    const TRICKY: &[&str] = &[
        "",
        " ",
        "plain text, with commas",
        "yes",
        "No",
        "off",
        "y",
        "null",
        "~",
        "true",
        "1.0",
        "1.0.0",
        "1_000",
        "12:30",
        "0x1F",
        "0b101",
        "0777",
        "2024-01-31",
        ".inf",
        "-.5",
        "1e3",
        "key: value",
        "ends with colon:",
        "hash # comment",
        "#hash",
        "*alias",
        "&anchor",
        "!tag",
        "%directive",
        "@at",
        "`tick",
        "- dash",
        "-dash",
        "? question",
        "'single'",
        "\"double\"",
        "it's",
        "[flow]",
        "{flow}",
        " leading space",
        "trailing space ",
        "tab\tinside",
        "\ttab first",
        "back\\slash",
        "carriage\rreturn",
        "bell\u{7}",
        "bom\u{feff}",
        "nel\u{85}",
        "non-char\u{fffe}",
        "emoji 🦀",
        "=",
        "<<",
        "line\n",
        "line",
        "two\nlines",
        "two\nlines\n",
        "kept\n\n",
        "kept\n\n\n",
        "\n",
        "\n\n",
        "\nleading break",
        "  indented first\nsecond",
        "first\n  indented second\n",
        "\n  indented after break\n",
        "trailing spaces  \nline  \n",
        "blank line with spaces\n   \nafter",
        "ends in spaces\n   ",
        "tab\n\tindented\n",
        "\tfirst tab\nline",
        "---\nlooks like a marker\n",
        "...\n",
        "crlf\r\nline\r\n",
        "# comment-like\nline",
        "| pipe\n> greater\n",
        "  ",
    ];

    #[test]
    fn tricky_strings_round_trip() {
        for value in TRICKY {
            assert_round_trips(value);
        }
    }

    #[test]
    fn combinations_of_tricky_pieces_round_trip() {
        // A small exhaustive product instead of a random property test: every pair of pieces,
        // joined by a line break, covers first-line and last-line positions of each.
        let pieces = [" ", "  x", "x", "", "\t", "a: b", "#", "x  ", "\n"];
        for first in pieces {
            for second in pieces {
                assert_round_trips(&format!("{first}\n{second}"));
                assert_round_trips(&format!("{first}\n{second}\n"));
                assert_round_trips(&format!("{first}{second}\n\n"));
            }
        }
    }

    /// A small xorshift generator: reproducible random cases without another dependency.
    struct Cases(u64);

    impl Cases {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        /// A string of up to 12 characters drawn from the ones YAML treats specially.
        fn string(&mut self) -> String {
            const ALPHABET: &[char] = &[
                ' ', ' ', '\n', '\n', '\t', 'a', 'b', ':', '#', '-', '\'', '"', '\\', '|', '>',
                '{', '}', '[', ']', ',', '&', '*', '!', '%', '@', '`', '?', '~', '0', '1', '.',
                'e', 'é', '\r', '\u{85}', '\u{feff}', '\u{2028}', '\u{7}',
            ];
            let len = self.next() % 13;
            (0..len)
                .map(|_| {
                    let index = usize::try_from(self.next() % ALPHABET.len() as u64);
                    ALPHABET[index.unwrap_or_default()]
                })
                .collect()
        }
    }

    #[test]
    fn random_strings_round_trip_as_values_and_keys() {
        let mut cases = Cases(0x5eed_1234_abcd_ef01);
        for _ in 0..3000 {
            let (key, value) = (cases.string(), cases.string());
            assert_round_trips(&value);
            let tree = map(vec![(key.as_str(), text(&value)), ("next", text("x"))]);
            let yaml = emit(&tree);
            assert_eq!(reparse(&yaml), tree.to_json(), "{key:?}: {value:?} written as:\n{yaml}");
        }
    }

    #[test]
    fn quotes_only_when_yaml_needs_them() {
        let cases = [
            ("Probable AdFind Recon Tool Usage", "Probable AdFind Recon Tool Usage"),
            ("1.0.0", "1.0.0"),
            ("73e01a99-5cd7-4139-a149-9f2736ff2ab5", "73e01a99-5cd7-4139-a149-9f2736ff2ab5"),
            ("1e3", "'1e3'"),
            ("12e4x", "12e4x"),
            ("Lookout - New Threat events found.", "Lookout - New Threat events found."),
            ("a, b [c]", "a, b [c]"),
            ("yes", "'yes'"),
            ("null", "'null'"),
            ("1.0", "'1.0'"),
            ("a: b", "'a: b'"),
            ("*x", "'*x'"),
            ("&x", "'&x'"),
            ("!x", "'!x'"),
            ("%x", "'%x'"),
            ("@x", "'@x'"),
            ("it's: here", "'it''s: here'"),
            ("", "''"),
            ("bell\u{7}", "\"bell\\u0007\""),
        ];
        for (value, written) in cases {
            assert_eq!(emit(&map(vec![("k", text(value))])), format!("k: {written}\n"));
        }
    }

    #[test]
    fn multi_line_text_becomes_a_literal_block_with_its_chomping() {
        let tree = map(vec![
            ("clip", text("a\nb\n")),
            ("strip", text("a\nb")),
            ("keep", text("a\n\n")),
            ("indented", text("  a\nb\n")),
            ("kind", text("NRT")),
        ]);
        assert_eq!(
            emit(&tree),
            "clip: |\n  a\n  b\nstrip: |-\n  a\n  b\nkeep: |+\n  a\n  \n\
             indented: |2\n    a\n  b\nkind: NRT\n"
        );
    }

    #[test]
    fn layout_matches_the_azure_sentinel_files() {
        let tree = map(vec![
            ("threshold", node(Value::Int(0))),
            ("enabled", node(Value::Bool(false))),
            ("tactics", node(Value::Seq(vec![text("Execution")]))),
            (
                "entityMappings",
                node(Value::Seq(vec![map(vec![
                    ("entityType", text("Account")),
                    (
                        "fieldMappings",
                        node(Value::Seq(vec![map(vec![
                            ("identifier", text("FullName")),
                            ("columnName", text("User")),
                        ])])),
                    ),
                ])])),
            ),
            ("empty", node(Value::Seq(Vec::new()))),
        ]);
        assert_eq!(
            emit(&tree),
            "threshold: 0\nenabled: false\ntactics:\n  - Execution\nentityMappings:\n  \
             - entityType: Account\n    fieldMappings:\n      - identifier: FullName\n        \
             columnName: User\nempty: []\n"
        );
    }

    fn yaml_files(root: &Path) -> Vec<PathBuf> {
        walkdir::WalkDir::new(root)
            .into_iter()
            .filter_map(Result::ok)
            .map(walkdir::DirEntry::into_path)
            .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
            .collect()
    }

    /// Every valid rule file of the project and of the shared reference corpus (when it is
    /// checked out beside the project) reads back equal after being written.
    #[test]
    fn rule_files_round_trip() {
        let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = yaml_files(&manifest.join("rules"));
        let reference = manifest.join("../shared/reference/sentinel/examples");
        files.extend(yaml_files(&reference));
        let mut checked = 0;
        for file in files {
            let source = std::fs::read_to_string(&file).expect("readable");
            // The corpus also holds deliberately broken files; only valid ones say anything.
            let parsed = parse(&source);
            let Some(root) = parsed.root.filter(|_| parsed.errors.is_empty()) else { continue };
            let written = emit(&root);
            assert_eq!(reparse(&written), root.to_json(), "{}:\n{written}", file.display());
            checked += 1;
        }
        assert!(checked >= 2, "only {checked} files checked");
    }
}
