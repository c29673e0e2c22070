//! Analytic rules: `Microsoft.SecurityInsights/alertRules` — list, get, create or update,
//! delete.
//!
//! A rule travels as ARM's envelope: `kind`, the body `etag` (optimistic concurrency lives in
//! the body for alertRules; the spec declares no `If-Match`) and the kind-specific
//! `properties`, kept as JSON so kinds and properties the tool does not model survive a read
//! and write unchanged. Read-only envelope fields (`id`, `type`, `systemData`) are read but
//! never sent.

use serde_json::{Map, Value, json};

use super::api_version::{self, Operation};
use super::error::{Error, Result};
use super::{SentinelClient, segment};

/// An alert rule as ARM stores it.
#[derive(Clone, Debug, PartialEq)]
pub struct AlertRule {
    /// The rule id (last path segment), usually a GUID.
    pub name: String,
    /// `Scheduled`, `NRT`, `Fusion`, …
    pub kind: String,
    /// The server's etag; send it back to update only what you read.
    pub etag: Option<String>,
    pub properties: Map<String, Value>,
}

impl AlertRule {
    /// A rule to create or overwrite (no etag).
    pub fn new(
        name: impl Into<String>,
        kind: impl Into<String>,
        properties: Map<String, Value>,
    ) -> Self {
        Self { name: name.into(), kind: kind.into(), etag: None, properties }
    }

    /// Reads ARM's JSON. Property names of the envelope are matched case-insensitively.
    pub fn from_json(value: &Value) -> Result<Self> {
        let bad = |message: &str| Error::DataConversion {
            path: "alertRules".into(),
            message: message.into(),
        };
        let object = value.as_object().ok_or_else(|| bad("an alert rule is not a JSON object"))?;
        let field =
            |key: &str| object.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v);
        let text = |key: &str| field(key).and_then(Value::as_str).map(str::to_owned);
        Ok(Self {
            name: text("name").ok_or_else(|| bad("an alert rule has no `name`"))?,
            kind: text("kind").ok_or_else(|| bad("an alert rule has no `kind`"))?,
            etag: text("etag"),
            properties: field("properties").and_then(Value::as_object).cloned().unwrap_or_default(),
        })
    }

    /// The request body of a PUT.
    pub fn to_body(&self) -> Value {
        let mut body = json!({ "kind": self.kind, "properties": self.properties });
        if let Some(etag) = &self.etag {
            body["etag"] = Value::String(etag.clone());
        }
        body
    }

    fn operation(&self) -> Operation {
        api_version::alert_rule_operation(&self.kind, &Value::Object(self.properties.clone()))
    }
}

impl SentinelClient {
    fn alert_rules_path(&self) -> String {
        format!("{}/alertRules", self.workspace.security_insights_path())
    }

    fn alert_rule_path(&self, name: &str) -> String {
        format!("{}/{}", self.alert_rules_path(), segment(name))
    }

    /// Every alert rule of the workspace, all pages.
    pub async fn list_alert_rules(&self) -> Result<Vec<AlertRule>> {
        let version = api_version::for_operation(Operation::AlertRuleList);
        let items = self.list_all(&self.alert_rules_path(), version).await?;
        items.iter().map(AlertRule::from_json).collect()
    }

    /// One alert rule, or `None` if there is none with that id. Read with the preview
    /// api-version so a rule of any kind comes back whole.
    pub async fn get_alert_rule(&self, name: &str) -> Result<Option<AlertRule>> {
        let version = api_version::for_operation(Operation::AlertRuleList);
        let value = self.get_json(&self.alert_rule_path(name), version).await?;
        value.as_ref().map(AlertRule::from_json).transpose()
    }

    /// Creates or replaces a rule; the stored rule and whether it was created.
    pub async fn put_alert_rule(&self, rule: &AlertRule) -> Result<(AlertRule, bool)> {
        let version = api_version::for_operation(rule.operation());
        tracing::debug!(
            rule = rule.name,
            kind = rule.kind,
            api_version = version,
            "writing alert rule"
        );
        let (value, created) =
            self.put_json(&self.alert_rule_path(&rule.name), version, &rule.to_body()).await?;
        Ok((AlertRule::from_json(&value)?, created))
    }

    /// Deletes a rule; whether it existed.
    pub async fn delete_alert_rule(&self, name: &str) -> Result<bool> {
        let version = api_version::for_operation(Operation::AlertRuleStable);
        self.delete(&self.alert_rule_path(name), version).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_envelope_case_insensitively_and_writes_body() {
        let rule = AlertRule::from_json(&json!({
            "ID": "/x", "Name": "r1", "Kind": "NRT", "etag": "\"e1\"",
            "properties": {"displayName": "d"}, "systemData": {}
        }))
        .unwrap();
        assert_eq!(
            (rule.name.as_str(), rule.kind.as_str(), rule.etag.as_deref()),
            ("r1", "NRT", Some("\"e1\""))
        );
        let body = rule.to_body();
        assert_eq!(
            body,
            json!({"kind": "NRT", "etag": "\"e1\"", "properties": {"displayName": "d"}})
        );
        assert_eq!(rule.operation(), Operation::AlertRulePreview);
    }

    #[test]
    fn missing_kind_is_an_error() {
        let error = AlertRule::from_json(&json!({"name": "r"})).unwrap_err();
        assert!(error.to_string().contains("no `kind`"), "{error}");
    }
}
