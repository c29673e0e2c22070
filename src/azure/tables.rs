//! Workspace tables (`Microsoft.OperationalInsights/workspaces/tables`): the columns of the
//! custom tables a workspace holds, so the KQL checks can know tables no catalogue describes.
//!
//! A table's columns are in `properties.schema`: `columns` (the ones its owner defined) and
//! `standardColumns` (those Log Analytics adds, such as `TimeGenerated`); both are columns a
//! query can read. Only reading is needed, so only reading is implemented.
//!
//! See: <https://learn.microsoft.com/rest/api/loganalytics/tables/list-by-workspace>

use serde_json::{Map, Value, json};

use super::SentinelClient;
use super::api_version::{self, Operation};
use super::error::{Error, Result};

/// One column of a workspace table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableColumn {
    pub name: String,
    /// As the API spells it (`string`, `dateTime`, `guid`, `dynamic`, ...).
    pub column_type: String,
}

/// A workspace table and every column a query can read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WorkspaceTable {
    pub name: String,
    /// `CustomLog`, `Microsoft`, `SearchResults`, `RestoredLogs`, when the service says.
    pub table_type: Option<String>,
    /// Standard columns first, then the table's own, without repeats.
    pub columns: Vec<TableColumn>,
}

impl WorkspaceTable {
    /// Reads one item of a tables list or a GET answer.
    pub fn from_json(value: &Value) -> Result<Self> {
        let bad = |message: &str| Error::DataConversion {
            path: "tables".into(),
            message: message.into(),
        };
        let object = value.as_object().ok_or_else(|| bad("a table is not a JSON object"))?;
        let empty = Map::new();
        let schema = object
            .get("properties")
            .and_then(|p| p.get("schema"))
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let id_tail = text(object, "id").and_then(|id| id.rsplit('/').next().map(str::to_owned));
        let name = text(object, "name")
            .or_else(|| text(schema, "name"))
            .or(id_tail)
            .ok_or_else(|| bad("a table has no `name` or `id`"))?;
        let mut columns: Vec<TableColumn> = Vec::new();
        for key in ["standardColumns", "columns"] {
            for column in schema.get(key).and_then(Value::as_array).into_iter().flatten() {
                let Some(column) = column.as_object() else { continue };
                let Some(name) = text(column, "name") else { continue };
                if columns.iter().any(|c| c.name == name) {
                    continue;
                }
                let column_type = text(column, "type").unwrap_or_default();
                columns.push(TableColumn { name, column_type });
            }
        }
        Ok(Self { name, table_type: text(schema, "tableType"), columns })
    }

    /// The table in the Azure-Sentinel `CustomTables/*.json` format, which `--schemas`
    /// folders accept.
    pub fn to_custom_table_json(&self) -> Value {
        let properties: Vec<Value> =
            self.columns.iter().map(|c| json!({ "Name": c.name, "Type": c.column_type })).collect();
        json!({ "Name": self.name, "Properties": properties })
    }
}

fn text(object: &Map<String, Value>, key: &str) -> Option<String> {
    object.get(key).and_then(Value::as_str).map(str::to_owned)
}

impl SentinelClient {
    /// Every table of the workspace with its columns.
    pub async fn list_tables(&self) -> Result<Vec<WorkspaceTable>> {
        let version = api_version::for_operation(Operation::Table);
        let path = format!("{}/tables", self.workspace.resource_id());
        let items = self.list_all(&path, version).await?;
        items.iter().map(WorkspaceTable::from_json).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_and_own_columns_are_read_once_each() {
        let value = json!({
            "id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.OperationalInsights/workspaces/w/tables/Canary_CL",
            "properties": { "schema": {
                "name": "Canary_CL",
                "tableType": "CustomLog",
                "standardColumns": [
                    { "name": "TenantId", "type": "guid" },
                    { "name": "TimeGenerated", "type": "dateTime" }
                ],
                "columns": [
                    { "name": "TimeGenerated", "type": "dateTime" },
                    { "name": "Host_s", "type": "string" },
                    { "type": "string" }
                ]
            } }
        });
        let table = WorkspaceTable::from_json(&value).expect("a table");
        assert_eq!(table.name, "Canary_CL", "the name comes from the id's last segment");
        assert_eq!(table.table_type.as_deref(), Some("CustomLog"));
        let names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["TenantId", "TimeGenerated", "Host_s"]);
        assert_eq!(
            table.to_custom_table_json()["Properties"][1],
            json!({ "Name": "TimeGenerated", "Type": "dateTime" })
        );
    }

    #[test]
    fn a_table_without_a_name_is_an_error_not_a_panic() {
        let error = WorkspaceTable::from_json(&json!({ "properties": {} })).expect_err("no name");
        assert!(error.to_string().contains("no `name`"), "{error}");
        assert!(WorkspaceTable::from_json(&json!([])).is_err());
    }
}
