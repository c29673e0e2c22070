//! One structural problem found by a schema, before it is placed in the file.
//!
//! The lint files build [`Violation`]s from schema errors; `mod.rs` filters them (problems a
//! more specific check reports, repeats) and only then turns them into diagnostics. Keeping the
//! two apart lets the filtering look at what was found rather than at rendered text.

use serde_json::Value as Json;

use super::compiled::CompiledSchema;
use super::location;
use crate::lint::registry::Lint;
use crate::yaml::{Node, ScalarStyle, Value};

/// What a violation points at in the YAML.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Anchor {
    /// The value at the violation's pointer.
    Value,
    /// The key `.0` of the mapping at the violation's pointer.
    Key(String),
    /// The mapping at the pointer, which lacks the field `.0`.
    MissingIn(String),
}

#[derive(Clone, Debug)]
pub(super) struct Violation {
    pub(super) lint: &'static Lint,
    /// The JSON Schema keyword that failed (`required`, `enum`, ...), or `null` for a type
    /// error on an empty value.
    pub(super) keyword: &'static str,
    /// JSON pointer of the instance the violation is about.
    pub(super) pointer: String,
    pub(super) anchor: Anchor,
    pub(super) message: String,
    pub(super) help: Option<String>,
    /// For an unknown key, the known key it most likely stands for.
    pub(super) suggestion: Option<String>,
    /// Text that certainly fixes the violation when it replaces the key or value it is at.
    pub(super) replacement: Option<String>,
}

impl Violation {
    pub(super) fn new(
        lint: &'static Lint,
        keyword: &'static str,
        pointer: &str,
        message: String,
    ) -> Self {
        Self {
            lint,
            keyword,
            pointer: pointer.to_owned(),
            anchor: Anchor::Value,
            message,
            help: None,
            suggestion: None,
            replacement: None,
        }
    }

    #[must_use]
    pub(super) fn at_key(mut self, key: &str) -> Self {
        self.anchor = Anchor::Key(key.to_owned());
        self
    }

    #[must_use]
    pub(super) fn at_missing(mut self, field: &str) -> Self {
        self.anchor = Anchor::MissingIn(field.to_owned());
        self
    }

    #[must_use]
    pub(super) fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

/// What the lint files need to word a violation: the YAML tree, its JSON form, the schema,
/// and the file's text.
pub(super) struct Cx<'a> {
    pub(super) root: &'a Node,
    pub(super) json: &'a Json,
    pub(super) schema: &'a CompiledSchema,
    pub(super) text: &'a str,
}

impl Cx<'_> {
    /// The field as authors write it, in backticks: `` `entityMappings[0].entityType` ``.
    pub(super) fn field(&self, pointer: &str) -> String {
        format!("`{}`", location::display_path(self.root, pointer))
    }

    /// The JSON value at `pointer`, if any.
    pub(super) fn value(&self, pointer: &str) -> Option<&Json> {
        self.json.pointer(pointer)
    }

    /// The value at `pointer` as quoted in a message. A number is shown as written in the
    /// file: its JSON form may be rounded or in exponent notation (`1e+29`).
    pub(super) fn shown(&self, pointer: &str) -> String {
        let found = self.value(pointer).unwrap_or(&Json::Null);
        let written = self
            .root
            .at_pointer(pointer)
            .filter(|node| matches!(node.value, Value::Int(_) | Value::Float(_)))
            .filter(|node| node.style == ScalarStyle::Plain)
            .and_then(|node| self.text.get(node.range.to_usize()));
        written.map_or_else(|| shown(found), str::to_owned)
    }
}

/// A JSON value as quoted in a message: strings bare, everything else as YAML would show it.
pub(super) fn shown(value: &Json) -> String {
    match value {
        Json::String(text) => text.clone(),
        Json::Null => "nothing".to_owned(),
        other => other.to_string(),
    }
}

/// The YAML name of a JSON Schema type, as messages use it.
pub(super) fn yaml_type(json_type: &str) -> &'static str {
    match json_type {
        "object" => "mapping",
        "array" => "list",
        "string" => "string",
        "integer" => "integer",
        "number" => "number",
        "boolean" => "boolean",
        _ => "null",
    }
}

/// The YAML type name of a value.
pub(super) fn type_of(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "boolean",
        Json::Number(number) if number.is_i64() || number.is_u64() => "integer",
        Json::Number(_) => "number",
        Json::String(_) => "string",
        Json::Array(_) => "list",
        Json::Object(_) => "mapping",
    }
}

/// `a`, `a or b`, `a, b or c`.
pub(super) fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [only] => only.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}
