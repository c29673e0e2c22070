//! Validates request bodies against the converted OpenAPI schemas, ARM-style.
//!
//! Before validation, `null` members are dropped (the service treats them as absent, and its
//! own GET answers contain them, so a client echoing a GET must not be refused) and the
//! envelope's read-only fields are removed. Errors name the JSON path of the offending
//! property, e.g. `properties.severity`, as ARM's messages do.

use std::collections::HashMap;
use std::sync::LazyLock;

use jsonschema::Validator;
use serde_json::Value;

use super::schema;
use super::specs::{self, BodyKind};

/// One compiled validator per (kind, api-version).
type Validators = HashMap<(BodyKind, &'static str), Validator>;

static VALIDATORS: LazyLock<Result<Validators, String>> = LazyLock::new(build);

fn build() -> Result<Validators, String> {
    let mut map = HashMap::new();
    for (kind, version, file, root) in specs::definitions() {
        let document = schema::convert(&file, root)?;
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .with_format("duration", schema::is_iso8601_duration)
            .build(&document)
            .map_err(|e| format!("{file}#{root}: {e}"))?;
        map.insert((kind, version), validator);
    }
    Ok(map)
}

/// Fails if a vendored spec cannot be converted, so the emulator refuses to start rather
/// than answering 500 later.
pub(crate) fn ensure_compiled() -> Result<(), String> {
    VALIDATORS.as_ref().map(|_| ()).map_err(Clone::clone)
}

/// The api-versions the emulator serves for `kind`.
pub fn versions(kind: BodyKind) -> Vec<&'static str> {
    specs::definitions().into_iter().filter(|(k, ..)| *k == kind).map(|(_, v, ..)| v).collect()
}

/// Why a body is refused.
#[derive(Debug, PartialEq, Eq)]
pub struct Invalid {
    /// Dotted path of the first offending property (`properties.query`), empty for the root.
    pub target: String,
    pub message: String,
}

/// Cleans `body` for validation and storage: nulls and read-only envelope fields removed.
pub(crate) fn normalize(body: &mut Value) {
    drop_nulls(body);
    if let Some(object) = body.as_object_mut() {
        for key in ["id", "name", "type", "systemData"] {
            object.remove(key);
        }
        if let Some(properties) = object.get_mut("properties").and_then(Value::as_object_mut) {
            properties.remove("lastModifiedUtc");
        }
    }
}

fn drop_nulls(value: &mut Value) {
    match value {
        Value::Object(map) => {
            map.retain(|_, v| !v.is_null());
            map.values_mut().for_each(drop_nulls);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_nulls),
        _ => {}
    }
}

/// Validates a normalized body of `kind` at `api_version`.
pub(crate) fn validate(kind: BodyKind, api_version: &str, body: &Value) -> Result<(), Invalid> {
    let validators =
        VALIDATORS.as_ref().map_err(|e| Invalid { target: String::new(), message: e.clone() })?;
    let Some(validator) =
        validators.iter().find(|((k, v), _)| *k == kind && *v == api_version).map(|(_, v)| v)
    else {
        return Err(Invalid {
            target: String::new(),
            message: format!("no schema for api-version {api_version}"),
        });
    };
    let errors: Vec<_> = validator.iter_errors(body).collect();
    // `if`/`then` failures are reported on top of the real error; the most specific error
    // (longest path) is the one a person needs.
    let Some(first) = errors.iter().max_by_key(|e| e.instance_path().as_str().len()) else {
        return Ok(());
    };
    let target = first.instance_path().as_str().trim_start_matches('/').replace('/', ".");
    let shown = if target.is_empty() {
        "the request body".to_owned()
    } else {
        format!("property '{target}'")
    };
    let mut message = format!("Invalid value for {shown}: {first}");
    if errors.len() > 1 {
        message.push_str(&format!(" ({} more problems)", errors.len() - 1));
    }
    Err(Invalid { target, message })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scheduled() -> Value {
        json!({"kind": "Scheduled", "properties": {
            "displayName": "d", "enabled": true, "query": "T", "queryFrequency": "PT1H", "queryPeriod": "P1D",
            "severity": "High", "suppressionDuration": "PT1H", "suppressionEnabled": false,
            "triggerOperator": "GreaterThan", "triggerThreshold": 0, "tactics": ["Execution"]}})
    }

    #[test]
    fn a_valid_scheduled_rule_passes_both_versions() {
        assert_eq!(validate(BodyKind::AlertRule, "2025-09-01", &scheduled()), Ok(()));
        assert_eq!(validate(BodyKind::AlertRule, "2025-07-01-preview", &scheduled()), Ok(()));
    }

    #[test]
    fn errors_name_the_property() {
        let mut body = scheduled();
        body["properties"]["severity"] = json!("Critical");
        let error = validate(BodyKind::AlertRule, "2025-09-01", &body).unwrap_err();
        assert_eq!(error.target, "properties.severity");
        let mut body = scheduled();
        body["properties"].as_object_mut().unwrap().remove("query");
        let error = validate(BodyKind::AlertRule, "2025-09-01", &body).unwrap_err();
        assert!(error.message.contains("\"query\""), "{}", error.message);
        let mut body = scheduled();
        body["properties"]["queryPeriod"] = json!("PT1D");
        let error = validate(BodyKind::AlertRule, "2025-09-01", &body).unwrap_err();
        assert_eq!(error.target, "properties.queryPeriod");
    }

    #[test]
    fn nrt_only_in_preview() {
        let nrt = json!({"kind": "NRT", "properties": {"displayName": "d", "enabled": true, "query": "T",
            "severity": "Low", "suppressionDuration": "PT1H", "suppressionEnabled": false}});
        assert_eq!(validate(BodyKind::AlertRule, "2025-07-01-preview", &nrt), Ok(()));
        let error = validate(BodyKind::AlertRule, "2025-09-01", &nrt).unwrap_err();
        assert_eq!(error.target, "kind");
    }

    #[test]
    fn read_only_and_nulls_are_ignored() {
        let mut body = scheduled();
        body["id"] = json!(42);
        body["systemData"] = json!("x");
        body["properties"]["lastModifiedUtc"] = json!("not a date");
        body["properties"]["description"] = Value::Null;
        normalize(&mut body);
        assert_eq!(validate(BodyKind::AlertRule, "2025-09-01", &body), Ok(()));
        assert!(body.get("id").is_none() && body["properties"].get("description").is_none());
    }
}
