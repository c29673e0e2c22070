//! The schema of a tabular value as it flows through a query: ordered columns with types, and
//! whether more columns may exist that we do not know about.
//!
//! An *open* schema is the conservative answer after anything we cannot see through (an
//! unknown table, `evaluate bag_unpack`, an ASIM parser, `externaldata` without a schema): a
//! name missing from it is not reported, and checks against the query output stay silent.

use std::sync::{Arc, LazyLock};

use rustc_hash::{FxHashMap, FxHashSet};

use crate::catalog::names::closest_by_length;
use crate::catalog::tables::{Column, ScalarType, name_key};

/// The columns of a tabular value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schema {
    /// Shared until an operator changes them: a query reading a table of 300 columns, or a
    /// `let` used three times, does not copy the list each time.
    pub columns: Arc<Vec<Column>>,
    /// More columns may exist than those listed.
    pub open: bool,
}

/// The column list of every schema that has none, shared so that making one allocates nothing.
static NO_COLUMNS: LazyLock<Arc<Vec<Column>>> = LazyLock::new(Arc::default);

impl Schema {
    pub fn new(columns: Vec<Column>, open: bool) -> Self {
        Self { columns: Arc::new(columns), open }
    }

    pub fn closed(columns: Vec<Column>) -> Self {
        Self::new(columns, false)
    }

    /// A schema we know nothing about.
    pub fn unknown() -> Self {
        Self { columns: NO_COLUMNS.clone(), open: true }
    }

    /// The columns, to change; copied first if they are shared.
    pub fn columns_mut(&mut self) -> &mut Vec<Column> {
        Arc::make_mut(&mut self.columns)
    }

    /// The columns, owned; copied only if they are shared.
    pub fn into_columns(self) -> Vec<Column> {
        Arc::unwrap_or_clone(self.columns)
    }

    pub fn opened(mut self) -> Self {
        self.open = true;
        self
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        let key = name_key(name);
        self.columns.iter().find(|column| column.is_named(key, name))
    }

    /// The type of `name`: `Some(Unknown)` when the schema is open and lacks it, `None` when
    /// the column certainly does not exist.
    pub fn type_of(&self, name: &str) -> Option<ScalarType> {
        match self.column(name) {
            Some(column) => Some(column.ty),
            None if self.open => Some(ScalarType::Unknown),
            None => None,
        }
    }

    /// Adds a column, replacing one of the same name in place (as `extend` does).
    pub fn set(&mut self, name: &str, ty: ScalarType) {
        let key = name_key(name);
        match self.columns.iter().position(|column| column.is_named(key, name)) {
            Some(at) if self.columns[at].ty == ty => {}
            Some(at) => self.columns_mut()[at].ty = ty,
            None => self.columns_mut().push(Column::new(name, ty)),
        }
    }

    /// Adds `column`, replacing one of the same name in place; sharing the column's name
    /// instead of copying it.
    pub fn set_column(&mut self, column: &Column) {
        let key = name_key(&column.name);
        match self.columns.iter().position(|c| c.is_named(key, &column.name)) {
            Some(at) if self.columns[at].ty == column.ty => {}
            Some(at) => self.columns_mut()[at].ty = column.ty,
            None => self.columns_mut().push(column.clone()),
        }
    }

    fn positions(&self) -> NameMap {
        self.columns.iter().enumerate().map(|(at, c)| (c.name.clone(), at)).collect()
    }

    /// Starts the schema of a `union` whose first leg is `self`.
    pub fn into_union(self) -> UnionSchema {
        UnionSchema { schema: self, index: None }
    }

    /// Adds a column under a name that is not taken yet: `Name`, else `Name1`, `Name2`...
    /// (the renaming `join` applies to right-side duplicates).
    pub fn push_unique(&mut self, name: &str, ty: ScalarType) {
        let mut candidate = name.to_owned();
        let mut suffix = 1;
        while self.column(&candidate).is_some() {
            candidate = format!("{name}{suffix}");
            suffix += 1;
        }
        self.columns_mut().push(Column::new(&candidate, ty));
    }

    /// Appends every column of `other` with [`Schema::push_unique`]'s renaming; a name not
    /// taken yet (the usual case) shares its string instead of copying it.
    pub fn append_renamed(&mut self, other: &Schema) {
        let mut taken = NameSet::with_capacity_and_hasher(
            self.columns.len() + other.columns.len(),
            Default::default(),
        );
        taken.extend(self.columns.iter().map(|c| c.name.clone()));
        let columns = self.columns_mut();
        columns.reserve(other.columns.len());
        for column in other.columns.iter() {
            if taken.insert(column.name.clone()) {
                columns.push(column.clone());
                continue;
            }
            let mut suffix = 1;
            let renamed = loop {
                let candidate: Arc<str> = format!("{}{suffix}", column.name).into();
                if !taken.contains(&candidate) {
                    break candidate;
                }
                suffix += 1;
            };
            taken.insert(renamed.clone());
            columns.push(Column::shared(renamed, column.ty));
        }
    }

    pub fn remove(&mut self, name: &str) {
        if self.column(name).is_some() {
            self.columns_mut().retain(|column| &*column.name != name);
        }
    }

    /// The column names, comma-separated, for messages.
    pub fn names_text(&self) -> String {
        let names: Vec<&str> = self.columns.iter().map(|c| &*c.name).collect();
        names.join(", ")
    }

    /// The column `name` was probably meant to be: one differing only in case first, then a
    /// near miss.
    /// The one column whose name is `name` in another case; `None` when none or several are.
    pub fn unique_case_match(&self, name: &str) -> Option<&str> {
        let mut same =
            self.columns.iter().map(|c| &*c.name).filter(|c| c.eq_ignore_ascii_case(name));
        let first = same.next()?;
        same.next().is_none().then_some(first)
    }

    pub fn suggest(&self, name: &str) -> Option<&str> {
        let names = self.columns.iter().map(|c| &*c.name);
        if let Some(same) = names.clone().find(|c| c.eq_ignore_ascii_case(name)) {
            return Some(same);
        }
        closest_by_length(name, names)
    }
}

// Column names come from the query and the catalogue: a fast hasher without DoS resistance.
type NameSet = FxHashSet<Arc<str>>;
type NameMap = FxHashMap<Arc<str>, usize>;

/// The schema of a `union`, built leg by leg with one name index kept across the legs.
pub struct UnionSchema {
    schema: Schema,
    /// Column positions by name, built when a second leg with columns arrives.
    index: Option<NameMap>,
}

impl UnionSchema {
    /// Adds the columns of a leg. A name both sides have with different known types becomes
    /// two columns suffixed with their types (`DeviceDetail_string`, `DeviceDetail_dynamic`),
    /// as Kusto does.
    pub fn add(&mut self, part: Schema) {
        let open = self.schema.open | part.open;
        if self.schema.columns.is_empty() {
            // The usual first leg: take it as it is.
            self.schema = Schema { columns: part.columns, open };
            return;
        }
        let schema = &mut self.schema;
        let index = self.index.get_or_insert_with(|| schema.positions());
        for column in part.columns.iter() {
            let Some(&at) = index.get(&column.name) else {
                index.insert(column.name.clone(), schema.columns.len());
                schema.columns_mut().push(column.clone());
                continue;
            };
            let ty = schema.columns[at].ty;
            if ty == column.ty || ty == ScalarType::Unknown || column.ty == ScalarType::Unknown {
                continue;
            }
            // A type clash (rare): rename both, then rebuild the positions.
            schema.remove(&column.name);
            schema.set(&format!("{}_{}", column.name, ty.name()), ty);
            schema.set(&format!("{}_{}", column.name, column.ty.name()), column.ty);
            *index = schema.positions();
        }
        schema.open = open;
    }

    pub fn finish(self) -> Schema {
        self.schema
    }
}

/// Whether `name` matches a `project-away`/`project-keep` pattern such as `Device*`.
pub fn matches_pattern(pattern: &str, name: &str) -> bool {
    let Some((first, after_first)) = pattern.split_once('*') else { return pattern == name };
    let (middle, last) = after_first.rsplit_once('*').unwrap_or(("", after_first));
    if name.len() < first.len() + last.len() || !name.starts_with(first) || !name.ends_with(last) {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for part in middle.split('*').filter(|part| !part.is_empty()) {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_unique_renames_like_join() {
        let mut schema = Schema::closed(vec![Column::new("Name", ScalarType::String)]);
        schema.push_unique("Name", ScalarType::Long);
        schema.push_unique("Name", ScalarType::Long);
        assert_eq!(schema.names_text(), "Name, Name1, Name2");
    }

    #[test]
    fn append_renamed_shares_or_renames() {
        let mut left = Schema::closed(vec![Column::new("Name", ScalarType::String)]);
        let right = Schema::closed(vec![
            Column::new("Name", ScalarType::Long),
            Column::new("Name1", ScalarType::Long),
            Column::new("Other", ScalarType::Long),
        ]);
        left.append_renamed(&right);
        assert_eq!(left.names_text(), "Name, Name1, Name11, Other");
    }

    #[test]
    fn suggestions_prefer_case_then_near_miss() {
        let schema = Schema::closed(vec![
            Column::new("IPAddress", ScalarType::String),
            Column::new("UserPrincipalName", ScalarType::String),
        ]);
        assert_eq!(schema.suggest("IpAddress"), Some("IPAddress"));
        assert_eq!(schema.suggest("UserPrincipalNam"), Some("UserPrincipalName"));
        assert_eq!(schema.suggest("Computer"), None);
        assert_eq!(schema.unique_case_match("ipaddress"), Some("IPAddress"));
        let twice = Schema::closed(vec![
            Column::new("Foo", ScalarType::Long),
            Column::new("FOO", ScalarType::Long),
        ]);
        assert_eq!(twice.unique_case_match("foo"), None, "either could be meant");
    }

    #[test]
    fn patterns() {
        assert!(matches_pattern("Device*", "DeviceName"));
        assert!(matches_pattern("*Id", "TenantId"));
        assert!(matches_pattern("a*b*c", "axxbyyc"));
        assert!(!matches_pattern("Device*", "Account"));
        assert!(matches_pattern("Exact", "Exact"));
        assert!(matches_pattern("a*", "a"));
        assert!(!matches_pattern("ab*ba", "aba"), "the ends must not overlap");
        assert!(matches_pattern("*", "anything"));
    }
}
