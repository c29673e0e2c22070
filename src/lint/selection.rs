//! Which lint codes a run reports: `--select` and `--ignore` by code or family prefix.

/// A resolved code selection. Selectors match a code exactly or as a prefix (`SCH`, `SCD1`,
/// `KQL2`), case-insensitively; an ignore beats a select of the same or a shorter prefix.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    select: Vec<String>,
    ignore: Vec<String>,
}

impl Selection {
    pub fn new(select: &[String], ignore: &[String]) -> Self {
        let normalise = |codes: &[String]| -> Vec<String> {
            codes.iter().map(|c| c.trim().to_ascii_uppercase()).filter(|c| !c.is_empty()).collect()
        };
        Self { select: normalise(select), ignore: normalise(ignore) }
    }

    /// Whether findings of `code` are reported.
    pub fn is_enabled(&self, code: &str) -> bool {
        let longest = |selectors: &[String]| {
            selectors.iter().filter(|s| code.starts_with(s.as_str())).map(String::len).max()
        };
        let selected = if self.select.is_empty() { Some(0) } else { longest(&self.select) };
        match (selected, longest(&self.ignore)) {
            (None, _) => false,
            (Some(_), None) => true,
            (Some(select), Some(ignore)) => select > ignore,
        }
    }
}

/// Whether `selector` (a code or prefix, in any case) matches none of `codes`, so a typo in
/// `--select` is not silently ignored.
pub fn matches_no_code(selector: &str, codes: &[&str]) -> bool {
    let selector = selector.trim().to_ascii_uppercase();
    !codes.iter().any(|code| code.starts_with(&selector))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn selection(select: &[&str], ignore: &[&str]) -> Selection {
        let owned = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        Selection::new(&owned(select), &owned(ignore))
    }

    #[test]
    fn everything_is_enabled_by_default() {
        assert!(selection(&[], &[]).is_enabled("SCH102"));
    }

    #[test]
    fn prefixes_select_families() {
        let only_attack = selection(&["att"], &[]);
        assert!(only_attack.is_enabled("ATT101"));
        assert!(!only_attack.is_enabled("SCH102"));
    }

    #[test]
    fn more_specific_selector_wins() {
        let s = selection(&["SCD104"], &["SCD"]);
        assert!(s.is_enabled("SCD104"));
        assert!(!s.is_enabled("SCD101"));
        let s = selection(&["SCD"], &["SCD104"]);
        assert!(!s.is_enabled("SCD104"));
        assert!(s.is_enabled("SCD101"));
    }

    #[test]
    fn selectors_that_match_no_code_are_found() {
        assert!(matches_no_code("XYZ", &["SCD101"]));
        assert!(!matches_no_code(" scd ", &["SCD101"]));
    }
}
