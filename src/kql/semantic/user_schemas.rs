//! Schemas the user supplies for tables the catalogue does not know (custom `*_CL` tables):
//! a folder of JSON files in the Azure-Sentinel `CustomTables/*.json` format
//! (`{"Name": "T_CL", "Properties": [{"Name": "c", "Type": "string"}]}`) or the plain form
//! (`{"name": "T_CL", "columns": [{"name": "c", "type": "string"}]}`).
//!
//! Loading reports unreadable or malformed files as errors with their path; it never panics.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::catalog::tables::{Column, ScalarType};
use crate::kql::semantic::schema::Schema;

/// User-defined table schemas, by exact name.
#[derive(Clone, Debug, Default)]
pub struct UserSchemas {
    tables: HashMap<String, Schema>,
}

/// Why a user schema file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum UserSchemaError {
    #[error("failed to read schema file {path}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("failed to parse schema file {path}")]
    Parse { path: PathBuf, source: serde_json::Error },
}

#[derive(Deserialize)]
struct TableFile {
    #[serde(alias = "Name")]
    name: String,
    #[serde(alias = "Properties", alias = "columns", alias = "Columns", default)]
    properties: Vec<ColumnFile>,
}

#[derive(Deserialize)]
struct ColumnFile {
    #[serde(alias = "Name")]
    name: String,
    #[serde(alias = "Type", default)]
    r#type: String,
}

impl UserSchemas {
    /// Reads every `*.json` file of `dir` (not recursively).
    pub fn load_dir(dir: &Path) -> Result<Self, UserSchemaError> {
        let read_error = |source| UserSchemaError::Read { path: dir.to_owned(), source };
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(read_error)?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")))
            .collect();
        paths.sort();
        let mut schemas = Self::default();
        for path in paths {
            let text = std::fs::read_to_string(&path)
                .map_err(|source| UserSchemaError::Read { path: path.clone(), source })?;
            schemas.add_json(&text).map_err(|source| UserSchemaError::Parse { path, source })?;
        }
        Ok(schemas)
    }

    /// Adds the tables of `other`; a table defined in both takes `other`'s columns.
    pub fn extend(&mut self, other: Self) {
        self.tables.extend(other.tables);
    }

    /// Adds the table described by one JSON document.
    pub fn add_json(&mut self, text: &str) -> Result<(), serde_json::Error> {
        let file: TableFile = serde_json::from_str(text)?;
        let columns = file
            .properties
            .iter()
            .map(|c| Column::new(&c.name, ScalarType::from_name(&c.r#type)))
            .collect();
        self.tables.insert(file.name, Schema::closed(columns));
        Ok(())
    }

    pub fn table(&self, name: &str) -> Option<&Schema> {
        self.tables.get(name)
    }

    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_formats_are_accepted() {
        let mut schemas = UserSchemas::default();
        let sentinel =
            r#"{"Name": "Canary_CL", "Properties": [{"Name": "Host_s", "Type": "String"}]}"#;
        let plain = r#"{"name": "Other_CL", "columns": [{"name": "n", "type": "long"}]}"#;
        assert!(schemas.add_json(sentinel).is_ok());
        assert!(schemas.add_json(plain).is_ok());
        let canary = schemas.table("Canary_CL").and_then(|t| t.column("Host_s")).map(|c| c.ty);
        assert_eq!(canary, Some(ScalarType::String));
        assert!(schemas.table("Other_CL").is_some_and(|t| t.column("n").is_some()));
        assert!(schemas.add_json("{\"Properties\": []}").is_err());
    }

    #[test]
    fn a_missing_folder_is_an_error_not_a_panic() {
        let error = UserSchemas::load_dir(Path::new("no/such/folder"));
        assert!(matches!(error, Err(UserSchemaError::Read { .. })));
    }
}
