//! Built-in table schemas, ASIM schemas and parser functions, read from the embedded
//! `data/tables/schemas.tsv` on first use.
//!
//! The file is generated from the Log Analytics and Defender XDR column lists by
//! `tables_generate.rs`; it is indexed once into maps keyed by the exact (case-sensitive) name,
//! as Kusto resolves table names. A table's columns are parsed the first time it is read: a
//! run reads a few dozen of ~900 tables, and parsing every column list up front took longer
//! than linting a small repository. Lookups only answer what is known: an absent table is the
//! caller's business (a warning, and columns then unknown rather than wrong).

use rustc_hash::FxHashMap;
use std::hash::Hasher as _;
use std::sync::{Arc, LazyLock, OnceLock};

/// The scalar types of KQL, plus `Unknown` for a value whose type was not inferred.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Hash)]
pub enum ScalarType {
    String,
    Int,
    Long,
    Real,
    Decimal,
    Bool,
    DateTime,
    TimeSpan,
    Guid,
    Dynamic,
    Unknown,
}

impl ScalarType {
    /// The type for a KQL type name such as `string` or `datetime` (aliases included).
    pub fn from_name(name: &str) -> Self {
        match name.trim().to_ascii_lowercase().as_str() {
            "string" => Self::String,
            "int" | "int32" => Self::Int,
            "long" | "int64" => Self::Long,
            "real" | "double" => Self::Real,
            "decimal" => Self::Decimal,
            "bool" | "boolean" => Self::Bool,
            "datetime" | "date" => Self::DateTime,
            "timespan" | "time" => Self::TimeSpan,
            "guid" | "uniqueid" => Self::Guid,
            "dynamic" => Self::Dynamic,
            _ => Self::Unknown,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Int => "int",
            Self::Long => "long",
            Self::Real => "real",
            Self::Decimal => "decimal",
            Self::Bool => "bool",
            Self::DateTime => "datetime",
            Self::TimeSpan => "timespan",
            Self::Guid => "guid",
            Self::Dynamic => "dynamic",
            Self::Unknown => "unknown",
        }
    }
}

/// A column: its name and type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    pub name: Arc<str>,
    pub ty: ScalarType,
    /// A digest of `name`: finding a column among a table's hundreds compares numbers first
    /// and strings only on a match.
    key: NameKey,
}

/// A digest of a column name, see [`name_key`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameKey(u32);

/// The digest of `name` that [`Column::is_named`] compares first.
pub fn name_key(name: &str) -> NameKey {
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(name.as_bytes());
    // Truncation is fine: the key only rules names out; equal keys still compare the text.
    NameKey(hasher.finish() as u32)
}

impl Column {
    pub fn new(name: &str, ty: ScalarType) -> Self {
        Self::shared(name.into(), ty)
    }

    /// A column that shares an existing name string.
    pub fn shared(name: Arc<str>, ty: ScalarType) -> Self {
        let key = name_key(&name);
        Self { name, ty, key }
    }

    /// Whether the column is called `name`, whose [`name_key`] is `key`.
    pub fn is_named(&self, key: NameKey, name: &str) -> bool {
        self.key == key && *self.name == *name
    }
}

/// A table's columns (standard columns included) and whether it accepts others.
#[derive(Debug)]
pub struct TableSchema {
    pub name: String,
    /// Shared with every query schema that reads the table.
    pub columns: Arc<Vec<Column>>,
    /// Columns depend on what sends data (`AzureDiagnostics`), so any name is accepted.
    pub open: bool,
}

/// A parser function (ASIM or a Sentinel solution parser) usable as a table.
#[derive(Debug)]
pub struct ParserFunction {
    pub name: String,
    /// The ASIM schema it returns; `None` for parsers whose output is not catalogued.
    pub schema: Option<String>,
}

/// Keyed by the catalogue's own names, looked up for every table a query reads: a fast
/// hasher, since nothing here needs protection from crafted keys.
struct Catalog {
    tables: FxHashMap<&'static str, LazyTable>,
    /// The columns every table has.
    standard: Vec<Column>,
    asim: FxHashMap<String, Arc<Vec<Column>>>,
    parsers: FxHashMap<String, ParserFunction>,
}

/// A table's line of the catalogue, parsed on first use.
struct LazyTable {
    open: bool,
    columns: &'static str,
    parsed: OnceLock<TableSchema>,
}

impl LazyTable {
    fn schema(&self, name: &str, standard: &[Column]) -> &TableSchema {
        self.parsed.get_or_init(|| {
            let mut columns = parse_columns(self.columns);
            // Standard columns exist on every table although many pages leave them out.
            for column in standard {
                if !columns.iter().any(|c| c.is_named(column.key, &column.name)) {
                    columns.push(column.clone());
                }
            }
            TableSchema { name: name.to_owned(), columns: Arc::new(columns), open: self.open }
        })
    }
}

static SCHEMAS_TSV: &str = include_str!("../../data/tables/schemas.tsv");

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| parse_catalog(SCHEMAS_TSV));

fn parse_columns(list: &str) -> Vec<Column> {
    list.split(' ')
        .filter_map(|item| item.rsplit_once(':'))
        .map(|(name, ty)| Column::new(name, ScalarType::from_name(ty)))
        .collect()
}

fn parse_catalog(text: &'static str) -> Catalog {
    let mut catalog = Catalog {
        tables: FxHashMap::default(),
        standard: Vec::new(),
        asim: FxHashMap::default(),
        parsers: FxHashMap::default(),
    };
    for line in text.lines().filter(|line| !line.starts_with('#')) {
        let mut fields = line.splitn(3, '\t');
        let (Some(kind), Some(name), rest) = (fields.next(), fields.next(), fields.next()) else {
            continue;
        };
        let rest = rest.unwrap_or("");
        match kind {
            "standard" => catalog.standard = parse_columns(rest),
            "table" | "open" => {
                let table =
                    LazyTable { open: kind == "open", columns: rest, parsed: OnceLock::new() };
                catalog.tables.insert(name, table);
            }
            "asim" => {
                catalog.asim.insert(name.to_owned(), Arc::new(parse_columns(rest)));
            }
            "parser" => {
                let schema = (!rest.is_empty()).then(|| rest.to_owned());
                let parser = ParserFunction { name: name.to_owned(), schema };
                catalog.parsers.entry(name.to_owned()).or_insert(parser);
            }
            _ => {}
        }
    }
    catalog
}

/// The built-in table with exactly this name.
pub fn table(name: &str) -> Option<&'static TableSchema> {
    let catalog = &*CATALOG;
    catalog.tables.get_key_value(name).map(|(name, table)| table.schema(name, &catalog.standard))
}

/// Every built-in table name, for "did you mean" hints.
pub fn table_names() -> impl Iterator<Item = &'static str> {
    CATALOG.tables.keys().copied()
}

/// The parser function with exactly this name (`imProcessCreate`, `_ASim_Dns`, `CiscoISEEvent`).
pub fn parser_function(name: &str) -> Option<&'static ParserFunction> {
    CATALOG.parsers.get(name)
}

/// The fields of an ASIM schema, such as `NetworkSession`.
pub fn asim_schema(name: &str) -> Option<&'static Arc<Vec<Column>>> {
    CATALOG.asim.get(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column_type(table_name: &str, column: &str) -> Option<ScalarType> {
        let table = table(table_name)?;
        table.columns.iter().find(|c| &*c.name == column).map(|c| c.ty)
    }

    #[test]
    fn log_analytics_and_defender_columns_are_merged() {
        assert_eq!(column_type("DeviceProcessEvents", "Timestamp"), Some(ScalarType::DateTime));
        assert_eq!(column_type("DeviceProcessEvents", "SHA256"), Some(ScalarType::String));
        assert_eq!(column_type("AuditLogs", "InitiatedBy"), Some(ScalarType::Dynamic));
        assert!(table("devicefileevents").is_none(), "names are case-sensitive");
    }

    #[test]
    fn standard_columns_are_on_every_table() {
        assert_eq!(column_type("SecurityAlert", "TenantId"), Some(ScalarType::String));
        assert_eq!(column_type("Syslog", "_ResourceId"), Some(ScalarType::String));
    }

    #[test]
    fn open_tables_asim_and_parsers() {
        assert!(table("AzureDiagnostics").is_some_and(|t| t.open));
        assert!(table("SigninLogs").is_some_and(|t| !t.open));
        let parser = parser_function("_Im_NetworkSession").and_then(|p| p.schema.as_deref());
        assert_eq!(parser, Some("NetworkSession"));
        let fields = asim_schema("NetworkSession").map_or(&[][..], |f| f.as_slice());
        assert!(fields.iter().any(|c| &*c.name == "SrcIpAddr"));
    }
}
