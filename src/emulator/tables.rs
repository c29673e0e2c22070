//! Workspace tables in the emulator: read-only, seeded at start from table descriptions (the
//! `CustomTables/*.json` files `--schemas` reads), the same in every workspace.
//!
//! Only the tables list and GET are served, in the shape the Log Analytics API answers
//! (`properties.schema` with `tableType`, `standardColumns` and `columns`). Creating tables
//! is not something sentinelctl does, and no Tables spec is vendored to validate such a body
//! against, so PUT and DELETE are refused rather than accepted unchecked.

use serde_json::{Value, json};

use super::resources::{Answer, arm_error};
use crate::azure::api_version::OPERATIONAL_INSIGHTS;
use crate::kql::semantic::TableDescription;

/// Columns Log Analytics adds to every custom table.
const STANDARD_COLUMNS: &[(&str, &str)] = &[("TenantId", "guid"), ("TimeGenerated", "dateTime")];

/// A request for the tables collection: `None` lists, `Some(name)` reads one.
pub(crate) fn answer(
    tables: &[TableDescription],
    workspace_id: &str,
    method: &str,
    name: Option<&str>,
    api_version: Option<&str>,
) -> Answer {
    if api_version != Some(OPERATIONAL_INSIGHTS) {
        return arm_error(
            400,
            "InvalidApiVersionParameter",
            &format!(
                "The api-version '{}' is invalid. The supported versions are '{OPERATIONAL_INSIGHTS}'.",
                api_version.unwrap_or_default()
            ),
        );
    }
    match (method, name) {
        ("GET", None) => {
            let value: Vec<Value> = tables.iter().map(|t| to_arm(t, workspace_id)).collect();
            (200, Some(json!({ "value": value })))
        }
        ("GET", Some(name)) => match tables.iter().find(|t| t.name.eq_ignore_ascii_case(name)) {
            Some(table) => (200, Some(to_arm(table, workspace_id))),
            None => arm_error(404, "ResourceNotFound", &format!("Table '{name}' was not found")),
        },
        _ => arm_error(
            405,
            "MethodNotAllowed",
            "The emulator's tables are read-only: start it with --tables DIR to seed them.",
        ),
    }
}

/// One table as the API returns it.
fn to_arm(table: &TableDescription, workspace_id: &str) -> Value {
    let standard = |name: &str| STANDARD_COLUMNS.iter().any(|(s, _)| *s == name);
    let column = |(name, ty): (&str, &str)| json!({ "name": name, "type": ty, "isHidden": false });
    let standard_columns: Vec<Value> = STANDARD_COLUMNS.iter().copied().map(column).collect();
    let columns: Vec<Value> = table
        .columns
        .iter()
        .filter(|(name, _)| !standard(name))
        .map(|(name, ty)| column((name, ty)))
        .collect();
    let table_type = if table.name.ends_with("_CL") { "CustomLog" } else { "Microsoft" };
    json!({
        "id": format!("{workspace_id}/tables/{}", table.name),
        "name": table.name,
        "type": "Microsoft.OperationalInsights/workspaces/tables",
        "properties": {
            "schema": {
                "name": table.name,
                "tableType": table_type,
                "standardColumns": standard_columns,
                "columns": columns,
            },
            "plan": "Analytics",
            "provisioningState": "Succeeded",
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::azure::tables::WorkspaceTable;

    fn canary() -> TableDescription {
        TableDescription {
            name: "Canary_CL".into(),
            columns: vec![
                ("TimeGenerated".into(), "datetime".into()),
                ("Host_s".into(), "string".into()),
            ],
        }
    }

    #[test]
    fn what_the_emulator_serves_the_client_reads_back() {
        let (status, body) =
            answer(&[canary()], "/w", "GET", Some("canary_cl"), Some("2025-02-01"));
        assert_eq!(status, 200);
        let table = WorkspaceTable::from_json(&body.expect("a body")).expect("a table");
        let columns: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(columns, ["TenantId", "TimeGenerated", "Host_s"]);
        assert_eq!(table.table_type.as_deref(), Some("CustomLog"));
    }

    #[test]
    fn writes_and_other_api_versions_are_refused() {
        assert_eq!(answer(&[], "/w", "PUT", Some("T_CL"), Some("2025-02-01")).0, 405);
        assert_eq!(answer(&[], "/w", "GET", None, Some("2020-08-01")).0, 400);
        assert_eq!(answer(&[], "/w", "GET", Some("Nope_CL"), Some("2025-02-01")).0, 404);
    }
}
