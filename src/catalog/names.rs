//! Did-you-mean hints over the catalogue's fixed name lists (tables, functions, connectors),
//! cheap enough to run on every unknown name: candidates whose length or letters already rule
//! them out never reach the edit distance.

use super::closest;

/// [`closest`] over only the candidates that could pass its bar (one edit, or 80% similar),
/// judged by cheap bounds on the edit distance (length and letter-count differences), so a
/// miss against hundreds of names runs the real edit distance on a handful.
pub fn closest_by_length<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let counts = letter_counts(name);
    let near = candidates
        .into_iter()
        .filter(|candidate| could_be_close(name, &counts, candidate, &letter_counts(candidate)));
    closest(name, near)
}

/// Whether `candidate` can be within [`closest`]'s bar of `name`, from their lengths and
/// letter counts.
fn could_be_close(name: &str, counts: &[u8; 38], candidate: &str, other: &[u8; 38]) -> bool {
    let len = name.len();
    let allowed = (len.max(candidate.len()) / 5).max(1);
    if len.abs_diff(candidate.len()) > allowed {
        return false;
    }
    let bag: usize = counts.iter().zip(other.iter()).map(|(a, b)| a.abs_diff(*b) as usize).sum();
    // One edit changes the letter counts by at most two.
    bag <= 2 * allowed
}

/// A fixed list of names (tables, functions, connectors) with their letter counts computed once, for
/// did-you-mean hints that run on every unknown name.
pub struct NameIndex {
    /// Sorted by length, so a lookup only scans names of a length that could be close.
    names: Vec<(&'static str, [u8; 38])>,
}

impl NameIndex {
    pub fn new(names: impl Iterator<Item = &'static str>) -> Self {
        let mut names: Vec<_> = names.map(|name| (name, letter_counts(name))).collect();
        names.sort_by_key(|(name, _)| (name.len(), *name));
        Self { names }
    }

    /// The listed name `name` was probably meant to be, as [`closest_by_length`] picks it.
    pub fn closest(&self, name: &str) -> Option<&'static str> {
        let counts = letter_counts(name);
        let len = name.len();
        // Lengths within `could_be_close`'s bound: at most a fifth (or one) apart.
        let shortest = len.saturating_sub((len / 5).max(1));
        let longest = len + len / 4 + 1;
        let from = self.names.partition_point(|(n, _)| n.len() < shortest);
        let to = self.names.partition_point(|(n, _)| n.len() <= longest);
        let near = self.names[from..to.max(from)]
            .iter()
            .filter(|(candidate, other)| could_be_close(name, &counts, candidate, other))
            .map(|(candidate, _)| *candidate);
        closest(name, near)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_index_matches_closest_by_length() {
        let tables = ["SigninLogs", "SecurityEvent", "AuditLogs", "Syslog"];
        let index = NameIndex::new(tables.into_iter());
        for name in ["SigninLog", "SecurityEvents", "Heartbeat", "auditlogs", "Syslogs", "S"] {
            assert_eq!(index.closest(name), closest_by_length(name, tables), "{name}");
        }
    }

    #[test]
    fn length_bounded_suggestions_match_closest() {
        let tables = ["SigninLogs", "SecurityEvent", "AuditLogs", "Syslog"];
        assert_eq!(closest_by_length("SigninLog", tables), Some("SigninLogs"));
        assert_eq!(closest_by_length("SecurityEvents", tables), Some("SecurityEvent"));
        assert_eq!(closest_by_length("Heartbeat", tables), None);
    }
}
