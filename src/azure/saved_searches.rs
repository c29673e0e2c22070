//! Hunting queries: Log Analytics saved searches in the category `Hunting Queries`.
//!
//! Sentinel keeps a hunting query as `Microsoft.OperationalInsights/workspaces/savedSearches`
//! with its description, tactics and techniques in tags. Read-backs from the service and older
//! api-versions use PascalCase property names (`Category`, `Tags[{Name, Value}]`) and may omit
//! `name`, so reading is case-insensitive and falls back to the last segment of `id`.
//!
//! See: <https://learn.microsoft.com/azure/sentinel/hunting-with-rest-api>

use serde_json::{Map, Value, json};

use super::api_version::{self, Operation};
use super::error::{Error, Result};
use super::{SentinelClient, segment};

/// The category Sentinel lists under Hunting.
pub const HUNTING_CATEGORY: &str = "Hunting Queries";

/// One saved-search tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tag {
    pub name: String,
    pub value: String,
}

/// A saved search; a hunting query when `category` is [`HUNTING_CATEGORY`].
#[derive(Clone, Debug, PartialEq)]
pub struct SavedSearch {
    /// The saved-search id (last path segment), a GUID for Sentinel's own queries.
    pub name: String,
    /// Send `"*"` or the current etag to overwrite an existing search.
    pub etag: Option<String>,
    pub category: String,
    pub display_name: String,
    pub query: String,
    pub version: Option<i64>,
    pub function_alias: Option<String>,
    pub tags: Vec<Tag>,
}

impl SavedSearch {
    /// A hunting query with `description`, `tactics` and `techniques` tags (comma-separated,
    /// as the portal writes them); empty values are left out.
    pub fn hunting_query(
        name: &str,
        display_name: &str,
        query: &str,
        description: &str,
        tactics: &[String],
        techniques: &[String],
    ) -> Self {
        let tags = [
            ("description", description.to_owned()),
            ("tactics", tactics.join(",")),
            ("techniques", techniques.join(",")),
        ]
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(name, value)| Tag { name: name.to_owned(), value })
        .collect();
        Self {
            name: name.to_owned(),
            etag: None,
            category: HUNTING_CATEGORY.to_owned(),
            display_name: display_name.to_owned(),
            query: query.to_owned(),
            version: Some(2),
            function_alias: None,
            tags,
        }
    }

    /// Whether Sentinel shows this search as a hunting query.
    pub fn is_hunting_query(&self) -> bool {
        self.category.trim().eq_ignore_ascii_case(HUNTING_CATEGORY)
    }

    /// The value of tag `name` (case-insensitive).
    pub fn tag(&self, name: &str) -> Option<&str> {
        self.tags.iter().find(|t| t.name.eq_ignore_ascii_case(name)).map(|t| t.value.as_str())
    }

    /// The comma-separated `tactics` tag as a list.
    pub fn tactics(&self) -> Vec<String> {
        split_list(self.tag("tactics"))
    }

    /// The comma-separated `techniques` tag as a list.
    pub fn techniques(&self) -> Vec<String> {
        split_list(self.tag("techniques"))
    }

    /// Reads any casing of the properties; `name` falls back to the end of `id`.
    pub fn from_json(value: &Value) -> Result<Self> {
        let bad = |message: &str| Error::DataConversion {
            path: "savedSearches".into(),
            message: message.into(),
        };
        let object = value.as_object().ok_or_else(|| bad("a saved search is not a JSON object"))?;
        let id_tail = text(object, "id").and_then(|id| id.rsplit('/').next().map(str::to_owned));
        let name = text(object, "name")
            .or(id_tail)
            .ok_or_else(|| bad("a saved search has no `name` or `id`"))?;
        let empty = Map::new();
        let props = field(object, "properties").and_then(Value::as_object).unwrap_or(&empty);
        let tags = field(props, "tags").and_then(Value::as_array).map(|tags| {
            tags.iter()
                .filter_map(Value::as_object)
                .map(|tag| Tag {
                    name: text(tag, "name").unwrap_or_default(),
                    value: text(tag, "value").unwrap_or_default(),
                })
                .collect()
        });
        Ok(Self {
            name,
            etag: text(object, "etag"),
            category: text(props, "category").unwrap_or_default(),
            display_name: text(props, "displayName").unwrap_or_default(),
            query: text(props, "query").unwrap_or_default(),
            version: field(props, "version").and_then(Value::as_i64),
            function_alias: text(props, "functionAlias"),
            tags: tags.unwrap_or_default(),
        })
    }

    /// The request body of a PUT, in the 2025-02-01 shape (camelCase).
    pub fn to_body(&self) -> Value {
        let tags: Vec<Value> =
            self.tags.iter().map(|t| json!({"name": t.name, "value": t.value})).collect();
        let mut properties = json!({
            "category": self.category,
            "displayName": self.display_name,
            "query": self.query,
            "tags": tags,
        });
        if let Some(version) = self.version {
            properties["version"] = json!(version);
        }
        if let Some(alias) = &self.function_alias {
            properties["functionAlias"] = json!(alias);
        }
        let mut body = json!({ "properties": properties });
        if let Some(etag) = &self.etag {
            body["etag"] = json!(etag);
        }
        body
    }
}

fn field<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    object.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v)
}

fn text(object: &Map<String, Value>, key: &str) -> Option<String> {
    field(object, key).and_then(Value::as_str).map(str::to_owned)
}

fn split_list(value: Option<&str>) -> Vec<String> {
    value
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

impl SentinelClient {
    fn saved_search_path(&self, name: Option<&str>) -> String {
        let base = format!("{}/savedSearches", self.workspace.resource_id());
        name.map_or(base.clone(), |name| format!("{base}/{}", segment(name)))
    }

    /// Every saved search of the workspace (all categories; filter with
    /// [`SavedSearch::is_hunting_query`]).
    pub async fn list_saved_searches(&self) -> Result<Vec<SavedSearch>> {
        let version = api_version::for_operation(Operation::SavedSearch);
        let items = self.list_all(&self.saved_search_path(None), version).await?;
        items.iter().map(SavedSearch::from_json).collect()
    }

    /// One saved search, or `None`.
    pub async fn get_saved_search(&self, name: &str) -> Result<Option<SavedSearch>> {
        let version = api_version::for_operation(Operation::SavedSearch);
        let value = self.get_json(&self.saved_search_path(Some(name)), version).await?;
        value.as_ref().map(SavedSearch::from_json).transpose()
    }

    /// Creates or replaces a saved search (the API answers 200 either way).
    pub async fn put_saved_search(&self, search: &SavedSearch) -> Result<SavedSearch> {
        let version = api_version::for_operation(Operation::SavedSearch);
        let (value, _) = self
            .put_json(&self.saved_search_path(Some(&search.name)), version, &search.to_body())
            .await?;
        SavedSearch::from_json(&value)
    }

    /// Deletes a saved search (the API answers 200 whether or not it existed).
    pub async fn delete_saved_search(&self, name: &str) -> Result<()> {
        let version = api_version::for_operation(Operation::SavedSearch);
        self.delete(&self.saved_search_path(Some(name)), version).await.map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_pascal_case_and_falls_back_to_id() {
        let value = json!({
            "id": "subscriptions/s/resourceGroups/r/providers/Microsoft.OperationalInsights/workspaces/w/savedSearches/q-1",
            "etag": "W/\"x\"",
            "properties": {"Category": " Hunting Queries", "DisplayName": "D", "Query": "T | take 1",
                           "Tags": [{"Name": "Tactics", "Value": "Execution, Discovery"}], "Version": 1}
        });
        let search = SavedSearch::from_json(&value).unwrap();
        assert_eq!(search.name, "q-1");
        assert!(search.is_hunting_query());
        assert_eq!(search.tactics(), ["Execution", "Discovery"]);
        assert_eq!(search.version, Some(1));
    }

    #[test]
    fn hunting_query_round_trips() {
        let tactics = vec!["Execution".to_owned()];
        let search = SavedSearch::hunting_query("q", "Q", "T", "about", &tactics, &[]);
        let body = search.to_body();
        assert_eq!(body["properties"]["category"], "Hunting Queries");
        assert_eq!(
            body["properties"]["tags"],
            json!([{"name":"description","value":"about"},{"name":"tactics","value":"Execution"}])
        );
        let back = SavedSearch::from_json(&json!({"name": "q", "properties": body["properties"]}))
            .unwrap();
        assert_eq!(back, search);
    }
}
