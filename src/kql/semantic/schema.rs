//! The schema of a tabular value as it flows through a query: ordered columns with types, and
//! whether more columns may exist that we do not know about.
//!
//! An *open* schema is the conservative answer after anything we cannot see through (an
//! unknown table, `evaluate bag_unpack`, an ASIM parser, `externaldata` without a schema): a
//! name missing from it is not reported, and checks against the query output stay silent.

use crate::catalog::closest;
use crate::catalog::tables::{Column, ScalarType};

/// The columns of a tabular value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Schema {
    pub columns: Vec<Column>,
    /// More columns may exist than those listed.
    pub open: bool,
}

impl Schema {
    pub fn closed(columns: Vec<Column>) -> Self {
        Self { columns, open: false }
    }

    /// A schema we know nothing about.
    pub fn unknown() -> Self {
        Self { columns: Vec::new(), open: true }
    }

    pub fn opened(mut self) -> Self {
        self.open = true;
        self
    }

    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|column| &*column.name == name)
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
        match self.columns.iter_mut().find(|column| &*column.name == name) {
            Some(column) => column.ty = ty,
            None => self.columns.push(Column::new(name, ty)),
        }
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
        self.columns.push(Column::new(&candidate, ty));
    }

    pub fn remove(&mut self, name: &str) {
        self.columns.retain(|column| &*column.name != name);
    }

    /// The column names, comma-separated, for messages.
    pub fn names_text(&self) -> String {
        let names: Vec<&str> = self.columns.iter().map(|c| &*c.name).collect();
        names.join(", ")
    }

    /// The column `name` was probably meant to be: one differing only in case first, then a
    /// near miss.
    pub fn suggest(&self, name: &str) -> Option<&str> {
        let names = self.columns.iter().map(|c| &*c.name);
        if let Some(same) = names.clone().find(|c| c.eq_ignore_ascii_case(name)) {
            return Some(same);
        }
        closest_by_length(name, names)
    }
}

/// [`closest`] over only the candidates that could pass its bar (one edit, or 80% similar),
/// judged by cheap bounds on the edit distance (length and letter-count differences), so a
/// miss against the ~900 table names runs the real edit distance on a handful.
pub(super) fn closest_by_length<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let counts = letter_counts(name);
    let len = name.len();
    let near = candidates.into_iter().filter(|candidate| {
        let allowed = (len.max(candidate.len()) / 5).max(1);
        if len.abs_diff(candidate.len()) > allowed {
            return false;
        }
        let other = letter_counts(candidate);
        let bag: usize =
            counts.iter().zip(other.iter()).map(|(a, b)| a.abs_diff(*b) as usize).sum();
        // One edit changes the letter counts by at most two.
        bag <= 2 * allowed
    });
    closest(name, near)
}

/// How often each letter, digit or other character class occurs, ignoring case.
fn letter_counts(text: &str) -> [u8; 38] {
    let mut counts = [0u8; 38];
    for byte in text.bytes() {
        let slot = match byte.to_ascii_lowercase() {
            b @ b'a'..=b'z' => usize::from(b - b'a'),
            b @ b'0'..=b'9' => 26 + usize::from(b - b'0'),
            b'_' => 36,
            _ => 37,
        };
        counts[slot] = counts[slot].saturating_add(1);
    }
    counts
}

/// Whether `name` matches a `project-away`/`project-keep` pattern such as `Device*`.
pub fn matches_pattern(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let [first, middle @ .., last] = parts.as_slice() else { return pattern == name };
    if !name.starts_with(first) || !name[first.len()..].ends_with(last) {
        return false;
    }
    if name.len() < first.len() + last.len() {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for part in middle {
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
    fn suggestions_prefer_case_then_near_miss() {
        let schema = Schema::closed(vec![
            Column::new("IPAddress", ScalarType::String),
            Column::new("UserPrincipalName", ScalarType::String),
        ]);
        assert_eq!(schema.suggest("IpAddress"), Some("IPAddress"));
        assert_eq!(schema.suggest("UserPrincipalNam"), Some("UserPrincipalName"));
        assert_eq!(schema.suggest("Computer"), None);
    }

    #[test]
    fn length_bounded_suggestions_match_closest() {
        let tables = ["SigninLogs", "SecurityEvent", "AuditLogs", "Syslog"];
        assert_eq!(closest_by_length("SigninLog", tables), Some("SigninLogs"));
        assert_eq!(closest_by_length("SecurityEvents", tables), Some("SecurityEvent"));
        assert_eq!(closest_by_length("Heartbeat", tables), None);
    }

    #[test]
    fn patterns() {
        assert!(matches_pattern("Device*", "DeviceName"));
        assert!(matches_pattern("*Id", "TenantId"));
        assert!(matches_pattern("a*b*c", "axxbyyc"));
        assert!(!matches_pattern("Device*", "Account"));
        assert!(matches_pattern("Exact", "Exact"));
    }
}
