//! Schemas the user supplies for tables the catalogue does not know (custom `*_CL` tables):
//! a folder of JSON files in the Azure-Sentinel `CustomTables/*.json` format
//! (`{"Name": "T_CL", "Properties": [{"Name": "c", "Type": "string"}]}`) or the plain form
//! (`{"name": "T_CL", "columns": [{"name": "c", "type": "string"}]}`).
//!
//! Loading reports unreadable or malformed files as errors with their path (and the line and
//! column of a JSON error) and goes on with the other files; it never panics.

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

/// Why a schema folder or file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum UserSchemaError {
    #[error("folder {} does not exist", .0.display())]
    MissingFolder(PathBuf),
    #[error("{} is a file, not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("cannot read folder {}: {source}", path.display())]
    ReadFolder { path: PathBuf, source: std::io::Error },
    #[error("cannot read schema file {}: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}:{line}:{column}: invalid table schema: {message}", path.display())]
    Parse { path: PathBuf, line: usize, column: usize, message: String },
}

impl UserSchemaError {
    /// Whether the folder itself is at fault (rather than one file in it), so the caller
    /// should say where the folder was named.
    pub fn is_about_the_folder(&self) -> bool {
        matches!(self, Self::MissingFolder(_) | Self::NotAFolder(_) | Self::ReadFolder { .. })
    }

    fn parse(path: PathBuf, text: &str, error: &serde_json::Error) -> Self {
        let (mut line, mut column) = (error.line(), error.column());
        // serde_json appends the position to its message; it is shown in front instead.
        let shown = error.to_string();
        let suffix = format!(" at line {line} column {column}");
        let message = shown.strip_suffix(&suffix).unwrap_or(&shown).to_owned();
        // A trailing comma is found at the bracket after it; point at the comma itself.
        if message == "trailing comma" {
            (line, column) = trailing_comma_before(text, line, column).unwrap_or((line, column));
        }
        // serde_json says column 0 for an error at the start of a line (the end of a file that
        // stops after a line break); positions are 1-based everywhere else.
        Self::Parse { path, line: line.max(1), column: column.max(1), message }
    }
}

/// The 1-based line and column of the last `,` before `line`:`column`, across whitespace.
fn trailing_comma_before(text: &str, line: usize, column: usize) -> Option<(usize, usize)> {
    let line_start: usize =
        text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let in_line = text.get(line_start..)?.chars().take(column.saturating_sub(1));
    let offset = line_start + in_line.map(char::len_utf8).sum::<usize>();
    let before = text.get(..offset)?.trim_end();
    let comma = before.strip_suffix(',').map(str::len)?;
    let head = text.get(..comma)?;
    let comma_line = head.matches('\n').count() + 1;
    let comma_column = head.rsplit('\n').next().unwrap_or_default().chars().count() + 1;
    Some((comma_line, comma_column))
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

/// One table as a schema file describes it: its name and its columns' names and types, as
/// written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableDescription {
    pub name: String,
    pub columns: Vec<(String, String)>,
}

impl TableDescription {
    /// Reads one JSON document in either format.
    pub fn parse(text: &str) -> Result<Self, serde_json::Error> {
        let file: TableFile = serde_json::from_str(text)?;
        let columns = file.properties.into_iter().map(|c| (c.name, c.r#type)).collect();
        Ok(Self { name: file.name, columns })
    }

    /// Reads every `*.json` file of `dir` (not recursively): the tables of the files that
    /// could be read, and what was wrong with the others.
    pub fn read_dir(dir: &Path) -> (Vec<Self>, Vec<UserSchemaError>) {
        let paths = match json_files(dir) {
            Ok(paths) => paths,
            Err(error) => return (Vec::new(), vec![error]),
        };
        let (mut tables, mut errors) = (Vec::new(), Vec::new());
        for path in paths {
            match std::fs::read_to_string(&path) {
                Ok(text) => match Self::parse(&text) {
                    Ok(table) => tables.push(table),
                    Err(error) => errors.push(UserSchemaError::parse(path, &text, &error)),
                },
                Err(source) => errors.push(UserSchemaError::Read { path, source }),
            }
        }
        (tables, errors)
    }
}

impl UserSchemas {
    /// The tables of every usable `*.json` file of `dir`, and what was wrong with the others.
    pub fn load_dir(dir: &Path) -> (Self, Vec<UserSchemaError>) {
        let (tables, errors) = TableDescription::read_dir(dir);
        let mut schemas = Self::default();
        for table in tables {
            schemas.add(table);
        }
        (schemas, errors)
    }

    /// Adds the tables of `other`; a table defined in both takes `other`'s columns.
    pub fn extend(&mut self, other: Self) {
        self.tables.extend(other.tables);
    }

    /// Adds the table described by one JSON document.
    pub fn add_json(&mut self, text: &str) -> Result<(), serde_json::Error> {
        self.add(TableDescription::parse(text)?);
        Ok(())
    }

    fn add(&mut self, table: TableDescription) {
        let columns = table
            .columns
            .iter()
            .map(|(name, ty)| Column::new(name, ScalarType::from_name(ty)))
            .collect();
        self.tables.insert(table.name, Schema::closed(columns));
    }

    pub fn table(&self, name: &str) -> Option<&Schema> {
        self.tables.get(name)
    }

    pub fn is_empty(&self) -> bool {
        self.tables.is_empty()
    }
}

/// The `*.json` files of `dir`, sorted so errors come in a stable order.
fn json_files(dir: &Path) -> Result<Vec<PathBuf>, UserSchemaError> {
    if dir.is_file() {
        return Err(UserSchemaError::NotAFolder(dir.to_owned()));
    }
    if !dir.exists() {
        return Err(UserSchemaError::MissingFolder(dir.to_owned()));
    }
    let entries = std::fs::read_dir(dir)
        .map_err(|source| UserSchemaError::ReadFolder { path: dir.to_owned(), source })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")))
        .collect();
    paths.sort();
    Ok(paths)
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
        let (_, errors) = UserSchemas::load_dir(Path::new("no/such/folder"));
        assert_eq!(errors.len(), 1);
        assert!(errors[0].is_about_the_folder());
        assert_eq!(errors[0].to_string(), "folder no/such/folder does not exist");
    }

    #[test]
    fn a_malformed_file_is_reported_at_its_line_and_the_others_are_loaded() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("A_CL.json"), "{\n  \"Name\": \"A_CL\",\n  oops\n}")
            .expect("write");
        std::fs::write(dir.path().join("B_CL.json"), r#"{"Name": "B_CL", "Properties": []}"#)
            .expect("write");
        let (schemas, errors) = UserSchemas::load_dir(dir.path());
        assert!(schemas.table("B_CL").is_some() && schemas.table("A_CL").is_none());
        let [UserSchemaError::Parse { path, line, column, message }] = errors.as_slice() else {
            panic!("one parse error expected: {errors:?}");
        };
        assert_eq!((path.file_name(), *line, *column), (Some("A_CL.json".as_ref()), 3, 3));
        assert_eq!(message, "key must be a string");
    }

    #[test]
    fn a_trailing_comma_is_reported_where_it_is() {
        let dir = tempfile::tempdir().expect("temp dir");
        let text = "{\n  \"Name\": \"A_CL\",\n  \"Properties\": [],\n}\n";
        std::fs::write(dir.path().join("A_CL.json"), text).expect("write");
        let (_, errors) = UserSchemas::load_dir(dir.path());
        let [UserSchemaError::Parse { line, column, message, .. }] = errors.as_slice() else {
            panic!("one parse error expected: {errors:?}");
        };
        assert_eq!((*line, *column, message.as_str()), (3, 19, "trailing comma"));
    }

    #[test]
    fn an_error_at_the_start_of_a_line_is_at_column_1() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("Broken_CL.json"), "{\n").expect("write");
        let (_, errors) = UserSchemas::load_dir(dir.path());
        let [UserSchemaError::Parse { line, column, .. }] = errors.as_slice() else {
            panic!("one parse error expected: {errors:?}");
        };
        assert_eq!((*line, *column), (2, 1), "{errors:?}");
    }
}
