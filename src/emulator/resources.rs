//! What the emulator does with a validated request: the ARM resource semantics.
//!
//! * PUT stores the body with the server-set read-only fields (`id`, `name`, `type`, `etag`,
//!   `systemData`, and `properties.lastModifiedUtc` for alert rules): 201 on create, 200 on
//!   update (savedSearches: 200 both, as its spec says).
//! * Optimistic concurrency: a body `etag` other than `*` that differs from the stored one is a
//!   409 Conflict. The spec leaves the status open; 409 is what users report from the service
//!   for stale analytics-rule updates, and 412 would suggest an `If-Match` header the API does
//!   not have. A body etag on a resource that does not exist is ignored (a create).
//! * DELETE: 200 if it existed, 204 if not (savedSearches: 200 both).
//! * Template-backed kinds (Fusion, MLBehaviorAnalytics, ThreatIntelligence) get their
//!   read-only `displayName`, `description`, `severity`, `tactics` and `techniques` from the
//!   alert-rule template in the real service; the emulator has no template catalogue and fills
//!   placeholders derived from `alertRuleTemplateName`.
//! * Lists of Sentinel resources are paged with an absolute `nextLink`; savedSearches lists
//!   are not paged, as in its spec.

use serde_json::{Value, json};

use super::store::{Collection, Store};

/// An answer: status and JSON body (`None` for an empty body).
pub(crate) type Answer = (u16, Option<Value>);

/// Where a request points.
#[derive(Debug)]
pub(crate) struct Target {
    pub collection: Collection,
    /// `/subscriptions/…/workspaces/…` as the client spelled it.
    pub workspace_id: String,
    pub name: Option<String>,
}

impl Target {
    fn resource_id(&self, name: &str) -> String {
        format!("{}/{}/{name}", self.workspace_id, self.collection.path_suffix())
    }
}

pub(crate) fn arm_error(status: u16, code: &str, message: &str) -> Answer {
    (status, Some(json!({ "error": { "code": code, "message": message } })))
}

fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc();
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| now.unix_timestamp().to_string())
}

pub(crate) fn get(store: &Store, target: &Target, name: &str) -> Answer {
    match store.get(target.collection, &target.workspace_id, name) {
        Some(value) => (200, Some(value)),
        None => arm_error(
            404,
            "NotFound",
            &format!(
                "Resource '{name}' of type '{}' was not found",
                target.collection.resource_type()
            ),
        ),
    }
}

/// One page of the list; `next_link(offset)` makes the absolute link to the next page.
pub(crate) fn list(
    store: &Store,
    target: &Target,
    skip: usize,
    page_size: usize,
    next_link: impl Fn(usize) -> String,
) -> Answer {
    let items = store.list(target.collection, &target.workspace_id);
    if !target.collection.is_sentinel() {
        return (200, Some(json!({ "value": items })));
    }
    let page_size = page_size.max(1);
    let page: Vec<Value> = items.iter().skip(skip).take(page_size).cloned().collect();
    let mut body = json!({ "value": page });
    if skip + page_size < items.len() {
        body["nextLink"] = json!(next_link(skip + page_size));
    }
    (200, Some(body))
}

/// Stores a normalized, validated `body` as resource `name`.
pub(crate) fn put(store: &Store, target: &Target, name: &str, mut body: Value) -> Answer {
    let existing = store.get(target.collection, &target.workspace_id, name);
    let sent_etag = body.get("etag").and_then(Value::as_str).map(str::to_owned);
    if let (Some(sent), Some(existing)) = (&sent_etag, &existing) {
        let current = existing.get("etag").and_then(Value::as_str).unwrap_or("");
        if sent != "*" && sent != current {
            return arm_error(
                409,
                "Conflict",
                &format!(
                    "The etag '{sent}' does not match the current etag '{current}' of '{name}'; read the resource again and retry"
                ),
            );
        }
    }

    let now = now_rfc3339();
    let created_at = existing
        .as_ref()
        .and_then(|e| e.pointer("/systemData/createdAt"))
        .and_then(Value::as_str)
        .map_or_else(|| now.clone(), str::to_owned);
    let etag = if target.collection.is_sentinel() {
        format!("\"{}\"", uuid::Uuid::new_v4())
    } else {
        format!("W/\"datetime'{}'\"", now.replace(':', "%3A"))
    };
    if let Some(object) = body.as_object_mut() {
        object.insert("id".into(), json!(target.resource_id(name)));
        object.insert("name".into(), json!(name));
        object.insert("type".into(), json!(target.collection.resource_type()));
        object.insert("etag".into(), json!(etag));
        if target.collection.is_sentinel() {
            object.insert(
                "systemData".into(),
                json!({
                    "createdBy": "emulator", "createdByType": "Application", "createdAt": created_at,
                    "lastModifiedBy": "emulator", "lastModifiedByType": "Application", "lastModifiedAt": now,
                }),
            );
        }
        let kind = object.get("kind").and_then(Value::as_str).unwrap_or("").to_owned();
        if target.collection == Collection::AlertRules
            && let Some(properties) = object.get_mut("properties").and_then(Value::as_object_mut)
        {
            properties.insert("lastModifiedUtc".into(), json!(now));
            fill_template_fields(&kind, properties);
        }
    }
    match store.put(target.collection, &target.workspace_id, name, body.clone()) {
        Ok(existed) => {
            (if existed || !target.collection.is_sentinel() { 200 } else { 201 }, Some(body))
        }
        Err(message) => arm_error(500, "InternalServerError", &message),
    }
}

/// Placeholders for the read-only fields a template-backed rule takes from its template.
fn fill_template_fields(kind: &str, properties: &mut serde_json::Map<String, Value>) {
    if !matches!(kind, "Fusion" | "MLBehaviorAnalytics" | "ThreatIntelligence") {
        return;
    }
    let template = properties
        .get("alertRuleTemplateName")
        .and_then(Value::as_str)
        .unwrap_or("unknown")
        .to_owned();
    let defaults = [
        ("displayName", json!(format!("{kind} rule from template {template}"))),
        (
            "description",
            json!(format!(
                "Emulated {kind} rule; the real service copies this from template {template}."
            )),
        ),
        ("severity", json!("High")),
        ("tactics", json!([])),
        ("techniques", json!([])),
    ];
    for (key, value) in defaults {
        properties.entry(key).or_insert(value);
    }
}

pub(crate) fn delete(store: &Store, target: &Target, name: &str) -> Answer {
    match store.delete(target.collection, &target.workspace_id, name) {
        Ok(true) => (200, None),
        Ok(false) if target.collection.is_sentinel() => (204, None),
        Ok(false) => (200, None),
        Err(message) => arm_error(500, "InternalServerError", &message),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target() -> Target {
        Target { collection: Collection::AlertRules, workspace_id: "/subscriptions/s/resourceGroups/r/providers/Microsoft.OperationalInsights/workspaces/w".into(), name: None }
    }

    #[test]
    fn create_update_conflict_delete() {
        let store = Store::open(None).unwrap();
        let t = target();
        let (status, body) = put(&store, &t, "r1", json!({"kind": "Scheduled", "properties": {}}));
        assert_eq!(status, 201);
        let body = body.unwrap();
        assert!(
            body["id"]
                .as_str()
                .unwrap()
                .ends_with("/providers/Microsoft.SecurityInsights/alertRules/r1")
        );
        let etag = body["etag"].as_str().unwrap().to_owned();
        assert!(body["properties"]["lastModifiedUtc"].is_string());

        let (status, _) = put(
            &store,
            &t,
            "r1",
            json!({"kind": "Scheduled", "etag": "\"stale\"", "properties": {}}),
        );
        assert_eq!(status, 409);
        let (status, _) =
            put(&store, &t, "r1", json!({"kind": "Scheduled", "etag": etag, "properties": {}}));
        assert_eq!(status, 200);
        assert_eq!(delete(&store, &t, "r1").0, 200);
        assert_eq!(delete(&store, &t, "r1").0, 204);
        assert_eq!(get(&store, &t, "r1").0, 404);
    }

    #[test]
    fn lists_are_paged() {
        let store = Store::open(None).unwrap();
        let t = target();
        for i in 0..5 {
            put(&store, &t, &format!("r{i}"), json!({"kind": "Scheduled", "properties": {}}));
        }
        let (_, body) = list(&store, &t, 0, 2, |skip| format!("http://h/next?skip={skip}"));
        let body = body.unwrap();
        assert_eq!(body["value"].as_array().unwrap().len(), 2);
        assert_eq!(body["nextLink"], "http://h/next?skip=2");
        let (_, body) = list(&store, &t, 4, 2, |_| String::new());
        assert!(body.unwrap().get("nextLink").is_none());
    }
}
