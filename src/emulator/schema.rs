//! OpenAPI 2.0 definitions → JSON Schema (2020-12), and validation of request bodies.
//!
//! The converter walks from one root definition through every `$ref` (across files) and emits
//! one schema with all reached definitions under `$defs`. OpenAPI specifics are translated:
//!
//! * `discriminator`: a base definition gets a second, "dispatch" form that requires the
//!   discriminator, limits it to the known values and applies the matching subtype with
//!   `if`/`then`. References from properties go to the dispatch form, references from `allOf`
//!   (a subtype naming its base) to the plain base, so validation never recurses forever.
//! * `readOnly` properties accept anything and are never required: the emulator ignores them
//!   on input and sets them on output, as ARM does.
//! * Every enum is closed, including `x-ms-enum.modelAsString` ones. That is stricter than an
//!   "extensible" enum in the SDKs, but the service itself rejects, say, an unknown tactic.
//! * Formats: `duration` (ISO 8601), `date-time`, `date` and `uuid` are checked; the
//!   OpenAPI-only `int32`/`int64`/`arm-id` are ignored.
//! * `x-ms-*` extensions and descriptions are dropped.

use std::collections::{BTreeMap, HashMap, VecDeque};

use serde_json::{Map, Value, json};

use super::specs;

/// A definition in a file.
type DefRef = (String, String);

struct Converter {
    files: HashMap<String, Value>,
    ids: BTreeMap<DefRef, String>,
    queue: VecDeque<DefRef>,
    defs: Map<String, Value>,
    dispatch_queue: VecDeque<DefRef>,
}

/// Converts `root` of `file` into a self-contained JSON Schema document.
pub(crate) fn convert(file: &str, root: &str) -> Result<Value, String> {
    let mut converter = Converter {
        files: HashMap::new(),
        ids: BTreeMap::new(),
        queue: VecDeque::new(),
        defs: Map::new(),
        dispatch_queue: VecDeque::new(),
    };
    let root_ref = converter.reference(file, &format!("#/definitions/{root}"), false)?;
    // Converting a definition can queue more definitions and dispatch forms, and building a
    // dispatch form queues its subtypes: run until both queues are empty.
    loop {
        if let Some((file, name)) = converter.queue.pop_front() {
            let id = converter.ids[&(file.clone(), name.clone())].clone();
            let definition = converter.definition(&file, &name)?;
            let converted = converter.schema(&file, &definition)?;
            converter.defs.insert(id, converted);
        } else if let Some((file, name)) = converter.dispatch_queue.pop_front() {
            let dispatch = converter.dispatch(&file, &name)?;
            let id = format!("{}.dispatch", converter.ids[&(file, name)]);
            converter.defs.insert(id, dispatch);
        } else {
            break;
        }
    }
    Ok(
        json!({ "$schema": "https://json-schema.org/draft/2020-12/schema", "allOf": [root_ref], "$defs": converter.defs }),
    )
}

impl Converter {
    fn load(&mut self, file: &str) -> Result<&Value, String> {
        if !self.files.contains_key(file) {
            let text =
                specs::file(file).ok_or_else(|| format!("spec file not vendored: {file}"))?;
            let value = serde_json::from_str(text).map_err(|e| format!("{file}: {e}"))?;
            self.files.insert(file.to_owned(), value);
        }
        self.files.get(file).ok_or_else(|| format!("spec file not loaded: {file}"))
    }

    fn definition(&mut self, file: &str, name: &str) -> Result<Value, String> {
        let definitions = self.load(file)?.get("definitions");
        definitions
            .and_then(|d| d.get(name))
            .cloned()
            .ok_or_else(|| format!("{file}: no definition {name}"))
    }

    /// A `$ref` to the converted form of `reference` (relative to `file`), queueing it.
    fn reference(
        &mut self,
        file: &str,
        reference: &str,
        from_all_of: bool,
    ) -> Result<Value, String> {
        let (file_part, pointer) = reference.split_once('#').unwrap_or((reference, ""));
        let target_file =
            if file_part.is_empty() { file.to_owned() } else { specs::join(file, file_part) };
        let name = pointer
            .strip_prefix("/definitions/")
            .ok_or_else(|| format!("{file}: unsupported $ref {reference}"))?
            .to_owned();
        let key = (target_file.clone(), name.clone());
        if !self.ids.contains_key(&key) {
            let id = format!("d{}.{name}", self.ids.len());
            self.ids.insert(key.clone(), id);
            self.queue.push_back(key.clone());
        }
        let id = self.ids[&key].clone();
        let polymorphic = self.definition(&target_file, &name)?.get("discriminator").is_some();
        if polymorphic && !from_all_of {
            if !self.dispatch_queue.contains(&key)
                && !self.defs.contains_key(&format!("{id}.dispatch"))
            {
                self.dispatch_queue.push_back(key);
            }
            return Ok(json!({ "$ref": format!("#/$defs/{id}.dispatch") }));
        }
        Ok(json!({ "$ref": format!("#/$defs/{id}") }))
    }

    /// Converts one OpenAPI schema object found in `file`.
    fn schema(&mut self, file: &str, schema: &Value) -> Result<Value, String> {
        let Some(object) = schema.as_object() else { return Ok(Value::Bool(true)) };
        if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
            return self.reference(file, reference, false);
        }
        let mut out = Map::new();
        for key in [
            "type",
            "enum",
            "minLength",
            "maxLength",
            "pattern",
            "minimum",
            "maximum",
            "minItems",
            "maxItems",
            "uniqueItems",
        ] {
            if let Some(value) = object.get(key) {
                out.insert(key.to_owned(), value.clone());
            }
        }
        if let Some(format) = object.get("format").and_then(Value::as_str)
            && matches!(format, "duration" | "date-time" | "date" | "uuid")
        {
            out.insert("format".into(), json!(format));
        }
        if let Some(items) = object.get("items") {
            out.insert("items".into(), self.schema(file, items)?);
        }
        match object.get("additionalProperties") {
            Some(Value::Object(_)) => {
                let converted = self.schema(file, &object["additionalProperties"])?;
                out.insert("additionalProperties".into(), converted);
            }
            Some(Value::Bool(b)) => {
                out.insert("additionalProperties".into(), json!(b));
            }
            _ => {}
        }
        let mut read_only = Vec::new();
        if let Some(properties) = object.get("properties").and_then(Value::as_object) {
            let mut converted = Map::new();
            for (name, property) in properties {
                if property.get("readOnly").and_then(Value::as_bool) == Some(true) {
                    read_only.push(name.clone());
                    converted.insert(name.clone(), Value::Bool(true));
                } else {
                    converted.insert(name.clone(), self.schema(file, property)?);
                }
            }
            out.insert("properties".into(), Value::Object(converted));
        }
        if let Some(required) = object.get("required").and_then(Value::as_array) {
            let kept: Vec<Value> = required
                .iter()
                .filter(|r| !r.as_str().is_some_and(|r| read_only.iter().any(|p| p == r)))
                .cloned()
                .collect();
            if !kept.is_empty() {
                out.insert("required".into(), Value::Array(kept));
            }
        }
        if let Some(all_of) = object.get("allOf").and_then(Value::as_array) {
            let mut parts = Vec::new();
            for part in all_of {
                match part.get("$ref").and_then(Value::as_str) {
                    Some(reference) => parts.push(self.reference(file, reference, true)?),
                    None => parts.push(self.schema(file, part)?),
                }
            }
            out.insert("allOf".into(), Value::Array(parts));
        }
        Ok(Value::Object(out))
    }

    /// The dispatch form of discriminator base `name`: the subtypes are the definitions of the
    /// same file whose `allOf` names the base.
    fn dispatch(&mut self, file: &str, name: &str) -> Result<Value, String> {
        let base = self.definition(file, name)?;
        let property =
            base.get("discriminator").and_then(Value::as_str).ok_or("no discriminator")?.to_owned();
        let local = format!("#/definitions/{name}");
        let definitions = self
            .load(file)?
            .get("definitions")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let mut values = Vec::new();
        let mut branches = Vec::new();
        for (sub_name, sub) in &definitions {
            let extends = sub.get("allOf").and_then(Value::as_array).is_some_and(|parts| {
                parts.iter().any(|p| p.get("$ref").and_then(Value::as_str) == Some(local.as_str()))
            });
            if !extends {
                continue;
            }
            let value = sub
                .get("x-ms-discriminator-value")
                .and_then(Value::as_str)
                .unwrap_or(sub_name)
                .to_owned();
            let target = self.reference(file, &format!("#/definitions/{sub_name}"), true)?;
            branches.push(json!({
                "if": { "properties": { &property: { "const": value } }, "required": [&property] },
                "then": target,
            }));
            values.push(Value::String(value));
        }
        let base_ref = self.reference(file, &local, true)?;
        let mut all_of = vec![base_ref, json!({ "properties": { &property: { "enum": values } } })];
        all_of.extend(branches);
        Ok(json!({ "type": "object", "required": [property], "allOf": all_of }))
    }
}

/// `PnYnMnDTnHnMnS` / `PnW` with at least one component, as XML Schema durations.
pub(crate) fn is_iso8601_duration(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('P') else { return false };
    if let Some(weeks) = rest.strip_suffix('W') {
        return !weeks.is_empty() && weeks.bytes().all(|b| b.is_ascii_digit());
    }
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) if !time.is_empty() => (date, Some(time)),
        Some(_) => return false,
        None => (rest, None),
    };
    let components = |part: &str, units: &str, last_fractional: bool| -> Option<usize> {
        let mut count = 0;
        let mut allowed = units;
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || (last_fractional && c == '.') {
                number.push(c);
                continue;
            }
            let position = allowed.find(c)?;
            if number.is_empty() || (number.contains('.') && c != 'S') {
                return None;
            }
            allowed = &allowed[position + 1..];
            number.clear();
            count += 1;
        }
        number.is_empty().then_some(count)
    };
    let date_count = components(date, "YMD", false);
    let time_count = time.map_or(Some(0), |t| components(t, "HMS", true));
    matches!((date_count, time_count), (Some(d), Some(t)) if d + t > 0 && (time.is_none() || t > 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        for ok in ["PT1H", "P1D", "P2DT1H30M", "PT5M", "P1W", "PT0.5S", "P14D"] {
            assert!(is_iso8601_duration(ok), "{ok}");
        }
        for bad in ["", "P", "PT", "1H", "PT1D", "P1H", "PT1H1H", "PTM", "P1.5D", "1 hour"] {
            assert!(!is_iso8601_duration(bad), "{bad}");
        }
    }

    #[test]
    fn alert_rule_schema_has_dispatch_and_no_read_only_requirements() {
        let (_, _, file, root) = specs::definitions().into_iter().next().unwrap();
        let schema = convert(&file, root).unwrap();
        let text = schema.to_string();
        assert!(text.contains(".dispatch"), "no dispatch form");
        assert!(text.contains("\"Scheduled\""), "Scheduled kind missing");
        assert!(!text.contains("x-ms-"), "extensions left in");
    }
}
