//! Builds the spanned [`Node`] tree from the YAML event stream.
//!
//! saphyr-parser does the YAML work; this module resolves plain scalars with the YAML 1.2
//! core schema, turns character positions into byte offsets, and refuses what lenient
//! loaders silently accept: duplicate keys (no "last one wins") and non-string keys.

use std::collections::HashMap;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle as ParserStyle, Span};

use super::diagnose::{self, YamlError, YamlErrorKind};
use super::node::{Entry, Node, ScalarStyle, Value};
use super::scalar::resolve_plain;
use crate::source::TextRange;

/// The result of loading one YAML text.
#[derive(Debug, Default)]
pub struct Parsed {
    /// The first document's root node; `None` when the text is not valid YAML or is empty.
    pub root: Option<Node>,
    /// Problems found, fatal or not; see [`YamlError::is_fatal`].
    pub errors: Vec<YamlError>,
}

impl Parsed {
    pub fn has_fatal_error(&self) -> bool {
        self.errors.iter().any(YamlError::is_fatal)
    }
}

/// Parses `text` (without a byte-order mark) into a spanned tree.
pub fn parse(text: &str) -> Parsed {
    let offsets = CharOffsets::new(text);
    let mut builder = TreeBuilder::new(text, &offsets);
    let mut errors = Vec::new();
    for event in Parser::new_from_str(text) {
        match event {
            Ok((event, span)) => {
                if builder.push(event, span) == Flow::Stop {
                    break;
                }
            }
            Err(error) => {
                let offset = offsets.byte(error.marker());
                errors.push(diagnose::syntax_error(text, offset, error.info()));
                break;
            }
        }
    }
    let tabs = diagnose::tab_problems(text, &builder.block_scalars);
    // The parser stops at the token before an indentation tab and blames it; the tab itself
    // is the better position.
    errors.retain(|error| !diagnose::explained_by_tab(error, &tabs, text));
    errors.extend(tabs);
    errors.append(&mut builder.errors);
    errors.sort_by_key(|error| error.range.start());
    let fatal = errors.iter().any(YamlError::is_fatal);
    Parsed { root: if fatal { None } else { builder.root }, errors }
}

#[derive(PartialEq, Eq)]
enum Flow {
    Continue,
    Stop,
}

/// Converts the parser's character indexes into byte offsets.
struct CharOffsets {
    /// Byte offset of every character, plus the text length; empty for ASCII text.
    table: Vec<u32>,
}

impl CharOffsets {
    fn new(text: &str) -> Self {
        if text.is_ascii() {
            return Self { table: Vec::new() };
        }
        let mut table: Vec<u32> = text.char_indices().map(|(i, _)| i as u32).collect();
        table.push(text.len() as u32);
        Self { table }
    }

    fn byte(&self, marker: &Marker) -> u32 {
        let index = marker.index();
        if self.table.is_empty() {
            return u32::try_from(index).unwrap_or(u32::MAX);
        }
        self.table.get(index).or(self.table.last()).copied().unwrap_or(0)
    }

    fn range(&self, span: &Span) -> TextRange {
        TextRange::new(self.byte(&span.start), self.byte(&span.end))
    }
}

/// The most values aliases may copy into one file. A large rule has a few hundred values;
/// nested aliases double or decuple at every level, so anything near this is an attack or an
/// accident.
const MAX_ALIAS_NODES: usize = 10_000;

/// The number of nodes in `node`'s tree, itself included.
fn node_count(node: &Node) -> usize {
    match &node.value {
        Value::Seq(items) => 1 + items.iter().map(node_count).sum::<usize>(),
        Value::Map(entries) => 1 + entries.iter().map(|e| 1 + node_count(&e.value)).sum::<usize>(),
        _ => 1,
    }
}

/// A collection under construction.
enum Frame {
    Seq { start: u32, items: Vec<Node>, anchor: usize },
    Map { start: u32, entries: Vec<Entry>, pending_key: Option<(String, TextRange)>, anchor: usize },
}

struct TreeBuilder<'a> {
    text: &'a str,
    offsets: &'a CharOffsets,
    stack: Vec<Frame>,
    root: Option<Node>,
    /// Anchored nodes with their size in nodes, for aliases.
    anchors: HashMap<usize, (Node, usize)>,
    /// Nodes copied in by aliases so far; see [`MAX_ALIAS_NODES`].
    alias_nodes: usize,
    documents: usize,
    block_scalars: Vec<TextRange>,
    errors: Vec<YamlError>,
}

impl<'a> TreeBuilder<'a> {
    fn new(text: &'a str, offsets: &'a CharOffsets) -> Self {
        Self {
            text,
            offsets,
            stack: Vec::new(),
            root: None,
            anchors: HashMap::new(),
            alias_nodes: 0,
            documents: 0,
            block_scalars: Vec::new(),
            errors: Vec::new(),
        }
    }

    fn push(&mut self, event: Event<'_>, span: Span) -> Flow {
        let range = self.offsets.range(&span);
        match event {
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    self.errors.push(YamlError::new(
                        YamlErrorKind::MultipleDocuments,
                        range,
                        "A rule file holds one YAML document, found a second one",
                    ));
                    return Flow::Stop;
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                let explicit_string = tag.is_some_and(|t| t.suffix == "str");
                let node = self.scalar(&text, style, range, explicit_string);
                self.remember(anchor, &node);
                self.add(node);
            }
            Event::SequenceStart(anchor, _) => {
                self.stack.push(Frame::Seq { start: range.start(), items: Vec::new(), anchor });
            }
            Event::MappingStart(anchor, _) => self.stack.push(Frame::Map {
                start: range.start(),
                entries: Vec::new(),
                pending_key: None,
                anchor,
            }),
            Event::SequenceEnd | Event::MappingEnd => self.close(range),
            Event::Alias(id) => return self.alias(id, range),
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
        Flow::Continue
    }

    fn scalar(&mut self, text: &str, style: ParserStyle, range: TextRange, tagged: bool) -> Node {
        let (value, style) = match style {
            ParserStyle::Plain if !tagged => (resolve_plain(text), ScalarStyle::Plain),
            ParserStyle::Plain => (Value::Str(text.to_owned()), ScalarStyle::Plain),
            ParserStyle::SingleQuoted => (Value::Str(text.to_owned()), ScalarStyle::SingleQuoted),
            ParserStyle::DoubleQuoted => (Value::Str(text.to_owned()), ScalarStyle::DoubleQuoted),
            ParserStyle::Literal => (Value::Str(text.to_owned()), ScalarStyle::Literal),
            ParserStyle::Folded => (Value::Str(text.to_owned()), ScalarStyle::Folded),
        };
        if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
            self.block_scalars.push(range);
        }
        let range = if style.is_quoted() { quoted_extent(self.text, range) } else { range };
        Node::new(value, range, style)
    }

    fn remember(&mut self, anchor: usize, node: &Node) {
        if anchor != 0 {
            self.anchors.insert(anchor, (node.clone(), node_count(node)));
        }
    }

    /// Copies the anchored node in, unless aliases would then have copied more than
    /// [`MAX_ALIAS_NODES`]: nested aliases grow exponentially, so a few hundred bytes could
    /// otherwise take all memory before any check runs.
    fn alias(&mut self, id: usize, range: TextRange) -> Flow {
        let Some((node, size)) = self.anchors.get(&id) else {
            self.add(Node::new(Value::Null, range, ScalarStyle::Plain));
            return Flow::Continue;
        };
        self.alias_nodes = self.alias_nodes.saturating_add(*size);
        if self.alias_nodes > MAX_ALIAS_NODES {
            let mut error = YamlError::new(
                YamlErrorKind::AliasExpansion,
                range,
                format!("Aliases in this file expand to more than {MAX_ALIAS_NODES} values"),
            );
            error.help = Some(
                "a rule needs no such repetition; write the values out or use fewer nested aliases"
                    .to_owned(),
            );
            self.errors.push(error);
            return Flow::Stop;
        }
        let node = node.clone();
        self.add(node);
        Flow::Continue
    }

    fn close(&mut self, end: TextRange) {
        let Some(frame) = self.stack.pop() else { return };
        let (node, anchor) = match frame {
            Frame::Seq { start, items, anchor } => {
                let range = collection_range(start, end, items.last().map(|n| n.range));
                (Node::new(Value::Seq(items), range, ScalarStyle::Collection), anchor)
            }
            Frame::Map { start, entries, anchor, .. } => {
                let range = collection_range(start, end, entries.last().map(|e| e.value.range));
                (Node::new(Value::Map(entries), range, ScalarStyle::Collection), anchor)
            }
        };
        self.remember(anchor, &node);
        self.add(node);
    }

    /// Attaches a finished node to its parent, or makes it the document root.
    fn add(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, pending_key, .. }) => match pending_key.take() {
                None => {
                    let key = key_text(&node, &mut self.errors);
                    *pending_key = Some((key, node.range));
                }
                Some((key, key_range)) => {
                    if let Some(first) = entries.iter().find(|e| e.key == key) {
                        self.errors.push(diagnose::duplicate_key(&key, key_range, first.key_range));
                    }
                    entries.push(Entry { key, key_range, value: node });
                }
            },
        }
    }
}

/// The text of a mapping key; keys that are not scalars are reported and stringified.
fn key_text(node: &Node, errors: &mut Vec<YamlError>) -> String {
    match &node.value {
        Value::Str(text) => text.clone(),
        Value::Null => String::new(),
        Value::Bool(flag) => flag.to_string(),
        Value::Int(number) => number.to_string(),
        Value::Float(number) => number.to_string(),
        Value::Seq(_) | Value::Map(_) => {
            let mut error = YamlError::new(
                YamlErrorKind::ComplexKey,
                node.range,
                "Mapping keys must be plain names, found a nested collection",
            );
            error.help = Some(
                "A value that starts with `{` or `[` is read as YAML, not text: quote it, \
                 e.g. `'{{Title}}'`"
                    .to_owned(),
            );
            errors.push(error);
            String::new()
        }
    }
}

/// The range of a quoted scalar up to its closing quote; the parser's span can run on over
/// trailing spaces and a comment.
fn quoted_extent(text: &str, range: TextRange) -> TextRange {
    let raw = text.get(range.to_usize()).unwrap_or("");
    let mut chars = raw.char_indices();
    let Some((_, quote)) = chars.next() else { return range };
    while let Some((offset, c)) = chars.next() {
        if quote == '"' && c == '\\' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && raw[offset + 1..].starts_with('\'') {
                chars.next();
                continue;
            }
            return TextRange::new(range.start(), range.start() + offset as u32 + 1);
        }
    }
    range
}

/// A collection's range runs from its start to the end of its last child; the end event of a
/// block collection sits at the start of the next token, which may be lines further down.
fn collection_range(start: u32, end: TextRange, last_child: Option<TextRange>) -> TextRange {
    match last_child {
        Some(child) => TextRange::new(start, child.end().max(start)),
        None => TextRange::new(start, end.end().max(start)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice_of<'a>(text: &'a str, key: &str) -> &'a str {
        let root = parse(text).root.expect("valid yaml");
        let node = root.get(key).expect("key present");
        &text[node.range.to_usize()]
    }

    #[test]
    fn quoted_scalars_end_at_their_closing_quote() {
        let text = "a: \"x \\\" y\"   # note\nb: 'it''s'  # note\nc: plain  # note\n";
        assert_eq!(slice_of(text, "a"), "\"x \\\" y\"");
        assert_eq!(slice_of(text, "b"), "'it''s'");
        assert_eq!(slice_of(text, "c"), "plain");
    }

    #[test]
    fn ranges_are_byte_offsets_in_non_ascii_text() {
        let text = "name: Überwachung\nquery: T\n";
        assert_eq!(slice_of(text, "query"), "T");
        assert_eq!(slice_of(text, "name"), "Überwachung");
    }

    #[test]
    fn anchors_and_aliases_resolve() {
        let root = parse("a: &x [1, 2]\nb: *x\n").root.expect("valid yaml");
        assert_eq!(root.get("b").map(Node::to_json), root.get("a").map(Node::to_json));
    }

    #[test]
    fn nested_aliases_stop_at_the_budget_instead_of_exhausting_memory() {
        // Ten levels of ten aliases each would be 10^10 values.
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..=10 {
            let previous = format!("*a{}", level - 1);
            let items = [previous.as_str(); 10].join(", ");
            text.push_str(&format!("a{level}: &a{level} [{items}]\n"));
        }
        let parsed = parse(&text);
        assert!(parsed.has_fatal_error());
        let error = &parsed.errors[0];
        assert_eq!(error.kind, YamlErrorKind::AliasExpansion);
        assert!(error.message.contains("more than 10000 values"), "{}", error.message);
        // Levels 1 and 2 copy 1,220 values; at level 3 each alias copies 1,111 more, and the
        // eighth crosses the budget.
        let line = text[..error.range.start() as usize].lines().count();
        assert_eq!(line, 4, "{text}");
    }

    #[test]
    fn modest_alias_use_is_fine() {
        let parsed = parse("base: &b {k: v, l: [1, 2, 3]}\none: *b\ntwo: *b\n");
        assert!(parsed.errors.is_empty(), "{:?}", parsed.errors);
    }
}
