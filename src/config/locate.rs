//! Where a setting is written in the configuration file.
//!
//! Problems found after the file has loaded (a code that matches no lint, an override with a
//! value Sentinel does not accept) are reported at `file:line:column`, as TOML syntax errors
//! are. Positions come from the spans of the `toml` crate's document parser; a setting that
//! cannot be found (no file, or the text changed) is reported without a position.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::LoadedConfig;
use crate::source::LineIndex;

impl LoadedConfig {
    /// `file:line:column` of the last key of `keys`, e.g. `["lint", "severity", "XYZ1"]`.
    pub fn key_at(&self, keys: &[&str]) -> Option<String> {
        let (key, _) = self.find(keys)?;
        self.position(key.start)
    }

    /// `file:line:column` of the value at `keys`, e.g. `["lint", "strict"]`.
    pub fn value_at(&self, keys: &[&str]) -> Option<String> {
        let (_, value) = self.find(keys)?;
        self.position(value.start)
    }

    /// `file:line:column` of the entry `item` of the list at `keys` (compared as codes are:
    /// trimmed, case-insensitively), e.g. `"ATT999"` in `["lint", "ignore"]`.
    pub fn item_at(&self, keys: &[&str], item: &str) -> Option<String> {
        let document = DeTable::parse(&self.text).ok()?;
        let value = lookup(document.get_ref(), keys)?.1;
        let DeValue::Array(items) = value.get_ref() else { return None };
        let found = items.iter().find(|entry| {
            entry.get_ref().as_str().is_some_and(|text| text.trim().eq_ignore_ascii_case(item))
        })?;
        self.position(found.span().start)
    }

    /// The spans of the last key of `keys` and of its value.
    fn find(&self, keys: &[&str]) -> Option<(Range<usize>, Range<usize>)> {
        let document = DeTable::parse(&self.text).ok()?;
        let (key, value) = lookup(document.get_ref(), keys)?;
        Some((key, value.span()))
    }

    fn position(&self, offset: usize) -> Option<String> {
        let path = self.path.as_deref()?;
        let offset = u32::try_from(offset).ok()?;
        let at = LineIndex::new(&self.text).line_col(&self.text, offset);
        Some(format!("{}:{}:{}", path.display(), at.line, at.column))
    }
}

/// The key span and the value of `keys` below `table`.
fn lookup<'t, 'i>(
    table: &'t DeTable<'i>,
    keys: &[&str],
) -> Option<(Range<usize>, &'t Spanned<DeValue<'i>>)> {
    let (first, rest) = keys.split_first()?;
    let (key, value) = table.iter().find(|(key, _)| key.get_ref() == first)?;
    match (rest, value.get_ref()) {
        ([], _) => Some((key.span(), value)),
        (_, DeValue::Table(inner)) => lookup(inner, rest),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;

    fn config(text: &str) -> LoadedConfig {
        let file = toml::from_str(text).expect("valid config");
        LoadedConfig { file, path: Some(PathBuf::from("sentinelctl.toml")), text: text.to_owned() }
    }

    const TEXT: &str = "[lint]\nignore = [\"SCH102\", \" att999 \"]\nstrict = true\n\n\
                        [lint.severity]\nXYZ1 = \"info\"\n\n\
                        [environments.dev.overrides]\nseverity = \"low\"\n";

    #[test]
    fn keys_values_and_list_entries_are_found_at_their_line_and_column() {
        let config = config(TEXT);
        assert_eq!(
            config.item_at(&["lint", "ignore"], "ATT999").as_deref(),
            Some("sentinelctl.toml:2:21")
        );
        assert_eq!(config.value_at(&["lint", "strict"]).as_deref(), Some("sentinelctl.toml:3:10"));
        assert_eq!(
            config.key_at(&["lint", "severity", "XYZ1"]).as_deref(),
            Some("sentinelctl.toml:6:1")
        );
        assert_eq!(
            config.value_at(&["environments", "dev", "overrides", "severity"]).as_deref(),
            Some("sentinelctl.toml:9:12")
        );
    }

    #[test]
    fn what_is_not_written_has_no_position() {
        let config = config(TEXT);
        assert_eq!(config.item_at(&["lint", "select"], "SCH"), None);
        assert_eq!(config.key_at(&["lint", "strict", "deeper"]), None);
        assert_eq!(LoadedConfig::default().key_at(&["lint"]), None);
    }
}
