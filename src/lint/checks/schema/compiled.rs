//! The JSON Schemas under `schemas/`, embedded in the binary and compiled once per run.
//!
//! The schema files are the single source of the structural rules; editors read the same files
//! through yaml-language-server. Each file is self-contained (shared definitions are repeated
//! under `$defs`, kept identical by a test) because editors resolve relative `$ref`s between
//! files differently from version to version. Validation never touches the network: the
//! `jsonschema` crate is built without its resolvers and every reference is internal.

use std::sync::LazyLock;

use jsonschema::Validator;
use serde_json::Value as Json;

use crate::model::RuleKind;

/// Where the published schemas live; each file's `$id` is this base plus its file name.
#[cfg(test)]
pub(crate) const SCHEMA_BASE_URI: &str =
    "https://raw.githubusercontent.com/OWNER/sentinelctl/main/schemas/";

/// A schema file as shipped: its file name (as in [`RuleKind::schema_file`]) and text.
pub(crate) struct SchemaFile {
    pub(crate) name: &'static str,
    pub(crate) text: &'static str,
}

pub(crate) const SCHEDULED: SchemaFile = SchemaFile {
    name: "scheduled-rule.schema.json",
    text: include_str!("../../../../schemas/scheduled-rule.schema.json"),
};
pub(crate) const NRT: SchemaFile = SchemaFile {
    name: "nrt-rule.schema.json",
    text: include_str!("../../../../schemas/nrt-rule.schema.json"),
};
pub(crate) const HUNTING: SchemaFile = SchemaFile {
    name: "hunting-query.schema.json",
    text: include_str!("../../../../schemas/hunting-query.schema.json"),
};

/// Every shipped schema, for tests.
#[cfg(test)]
pub(crate) const ALL: [&SchemaFile; 3] = [&SCHEDULED, &NRT, &HUNTING];

/// A parsed schema document with its compiled validator.
pub(crate) struct CompiledSchema {
    pub(crate) name: &'static str,
    /// The schema as JSON, read to find the allowed keys of an object for did-you-mean hints.
    pub(crate) document: Json,
    pub(crate) validator: Validator,
}

static SCHEDULED_SCHEMA: LazyLock<CompiledSchema> = LazyLock::new(|| compile(&SCHEDULED));
static NRT_SCHEMA: LazyLock<CompiledSchema> = LazyLock::new(|| compile(&NRT));
static HUNTING_SCHEMA: LazyLock<CompiledSchema> = LazyLock::new(|| compile(&HUNTING));

/// The compiled schema that applies to `kind`.
pub(crate) fn schema_for(kind: RuleKind) -> &'static CompiledSchema {
    match kind {
        RuleKind::Scheduled => &SCHEDULED_SCHEMA,
        RuleKind::Nrt => &NRT_SCHEMA,
        RuleKind::Hunting => &HUNTING_SCHEMA,
    }
}

/// Parses and compiles one embedded schema.
///
/// The schemas are part of the binary, not user input, and a test compiles all of them, so a
/// failure here is a build defect rather than something a user can cause.
fn compile(file: &SchemaFile) -> CompiledSchema {
    let document = parse(file).unwrap_or_else(|error| panic!("{error}"));
    let validator = build(&document).unwrap_or_else(|error| panic!("{}: {error}", file.name));
    CompiledSchema { name: file.name, document, validator }
}

pub(crate) fn parse(file: &SchemaFile) -> Result<Json, String> {
    serde_json::from_str(file.text).map_err(|error| format!("{}: invalid JSON: {error}", file.name))
}

/// Builds a draft 2020-12 validator that never retrieves anything.
pub(crate) fn build(document: &Json) -> Result<Validator, String> {
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .offline()
        .build(document)
        .map_err(|error| error.to_string())
}

/// The subschemas that describe the instance at `pointer`, with local `$ref`s followed and
/// `anyOf`/`oneOf`/`allOf` branches listed separately.
///
/// Used to word messages (allowed keys, numeric bounds); validation itself is the validator's.
/// The shipped schemas nest objects only through `properties`, `items`,
/// `additionalProperties`, `$ref` and `anyOf`, which is all this follows.
pub(crate) fn subschemas<'a>(schema: &'a Json, pointer: &str) -> Vec<&'a Json> {
    let mut nodes = flatten(schema, schema);
    for segment in super::location::segments(pointer) {
        let children = nodes.iter().filter_map(|node| child(node, &segment));
        nodes = children.flat_map(|child| flatten(schema, child)).collect();
    }
    nodes
}

fn child<'a>(node: &'a Json, segment: &str) -> Option<&'a Json> {
    if let Some(property) = node.get("properties").and_then(|p| p.get(segment)) {
        return Some(property);
    }
    if segment.parse::<usize>().is_ok()
        && let Some(items) = node.get("items")
    {
        return Some(items);
    }
    node.get("additionalProperties").filter(|a| a.is_object())
}

/// `node` with its `$ref` target and its branches, recursively.
fn flatten<'a>(root: &'a Json, node: &'a Json) -> Vec<&'a Json> {
    let mut out = vec![node];
    let target = node
        .get("$ref")
        .and_then(Json::as_str)
        .and_then(|target| target.strip_prefix('#'))
        .and_then(|pointer| root.pointer(pointer));
    out.extend(target.into_iter().flat_map(|target| flatten(root, target)));
    for keyword in ["anyOf", "oneOf", "allOf"] {
        for branch in node.get(keyword).and_then(Json::as_array).into_iter().flatten() {
            out.extend(flatten(root, branch));
        }
    }
    out
}
