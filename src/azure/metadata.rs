//! Ownership links: `Microsoft.SecurityInsights/metadata` resources.
//!
//! Sentinel's content metadata ties a content item (here an alert rule, by its ARM id in
//! `parentId`) to where it came from. sentinelctl writes one per deployed rule with
//! `source.kind = SourceRepository` and the repository as `source.name`, so a later drift
//! check can tell our rules from rules made in the portal.

use serde_json::{Map, Value, json};

use super::api_version::{self, Operation};
use super::error::{Error, Result};
use super::{SentinelClient, segment};

/// A metadata resource.
#[derive(Clone, Debug, PartialEq)]
pub struct Metadata {
    /// Resource name; we use the rule id so rule and link are easy to pair.
    pub name: String,
    pub etag: Option<String>,
    pub properties: Map<String, Value>,
}

impl Metadata {
    /// A link marking the alert rule `rule_id` of `client`'s workspace as coming from the
    /// source repository `repository` (e.g. its URL), at content version `version`.
    pub fn for_alert_rule(
        client: &SentinelClient,
        rule_id: &str,
        repository: &str,
        version: &str,
    ) -> Self {
        let parent_id =
            format!("{}/alertRules/{rule_id}", client.workspace().security_insights_path());
        let properties = json!({
            "contentId": rule_id,
            "parentId": parent_id,
            "kind": "AnalyticsRule",
            "version": version,
            "source": { "kind": "SourceRepository", "name": repository },
        });
        let properties = properties.as_object().cloned().unwrap_or_default();
        Self { name: rule_id.to_owned(), etag: None, properties }
    }

    /// `parentId`: the ARM id of the content item this metadata describes.
    pub fn parent_id(&self) -> Option<&str> {
        self.properties.get("parentId").and_then(Value::as_str)
    }

    /// `source.kind` and `source.name`, e.g. `("SourceRepository", "https://github.com/o/r")`.
    pub fn source(&self) -> Option<(&str, &str)> {
        let source = self.properties.get("source")?;
        Some((
            source.get("kind")?.as_str()?,
            source.get("name").and_then(Value::as_str).unwrap_or(""),
        ))
    }

    fn from_json(value: &Value) -> Result<Self> {
        let bad = |message: &str| Error::DataConversion {
            path: "metadata".into(),
            message: message.into(),
        };
        let name = value
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| bad("metadata without `name`"))?;
        Ok(Self {
            name: name.to_owned(),
            etag: value.get("etag").and_then(Value::as_str).map(str::to_owned),
            properties: value
                .get("properties")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default(),
        })
    }

    fn to_body(&self) -> Value {
        let mut body = json!({ "properties": self.properties });
        if let Some(etag) = &self.etag {
            body["etag"] = Value::String(etag.clone());
        }
        body
    }
}

impl SentinelClient {
    fn metadata_path(&self, name: Option<&str>) -> String {
        let base = format!("{}/metadata", self.workspace.security_insights_path());
        name.map_or(base.clone(), |name| format!("{base}/{}", segment(name)))
    }

    /// Every metadata resource of the workspace, all pages.
    pub async fn list_metadata(&self) -> Result<Vec<Metadata>> {
        let version = api_version::for_operation(Operation::Metadata);
        let items = self.list_all(&self.metadata_path(None), version).await?;
        items.iter().map(Metadata::from_json).collect()
    }

    /// One metadata resource, or `None`.
    pub async fn get_metadata(&self, name: &str) -> Result<Option<Metadata>> {
        let version = api_version::for_operation(Operation::Metadata);
        let value = self.get_json(&self.metadata_path(Some(name)), version).await?;
        value.as_ref().map(Metadata::from_json).transpose()
    }

    /// Creates or replaces a metadata resource; the stored one and whether it was created.
    pub async fn put_metadata(&self, metadata: &Metadata) -> Result<(Metadata, bool)> {
        let version = api_version::for_operation(Operation::Metadata);
        let path = self.metadata_path(Some(&metadata.name));
        let (value, created) = self.put_json(&path, version, &metadata.to_body()).await?;
        Ok((Metadata::from_json(&value)?, created))
    }

    /// Deletes a metadata resource; whether it existed.
    pub async fn delete_metadata(&self, name: &str) -> Result<bool> {
        let version = api_version::for_operation(Operation::Metadata);
        self.delete(&self.metadata_path(Some(name)), version).await
    }
}
