//! MITRE ATT&CK as Sentinel sees it: the 17 tactic values of the `AttackTactic` enum and every
//! Enterprise, Mobile and ICS technique, with tactics already in Sentinel spelling.
//!
//! The data lives in `attack_table.rs`, generated from `data/attack/`. This module only adds
//! lookups; it does not decide what is an error (the `ATT1xx` checks do).

use super::attack_table::{ATTACK_DATE, ATTACK_VERSION, SENTINEL_TACTICS, TECHNIQUES};

/// The ATT&CK release the embedded data comes from, e.g. `18.1`.
pub const fn attack_version() -> &'static str {
    ATTACK_VERSION
}

/// The release date of [`attack_version`], `YYYY-MM-DD`.
pub const fn attack_date() -> &'static str {
    ATTACK_DATE
}

/// The ATT&CK matrix a technique or tactic belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Domain {
    Enterprise,
    Mobile,
    Ics,
}

impl Domain {
    pub fn as_str(self) -> &'static str {
        match self {
            Domain::Enterprise => "Enterprise",
            Domain::Mobile => "Mobile",
            Domain::Ics => "ICS",
        }
    }
}

/// One ATT&CK tactic a Sentinel tactic value stands for.
#[derive(Debug)]
pub struct AttackTactic {
    pub domain: Domain,
    /// `TA0005`.
    pub id: &'static str,
    /// `Defense Evasion`, as ATT&CK writes it.
    pub name: &'static str,
}

/// One value of Sentinel's `AttackTactic` enum (the only spellings `tactics:` accepts).
#[derive(Debug)]
pub struct SentinelTactic {
    /// `DefenseEvasion`.
    pub value: &'static str,
    /// The ATT&CK tactics of each domain it maps to; empty for the legacy `PreAttack`.
    pub attack_tactics: &'static [AttackTactic],
}

/// Whether a technique is current.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    Active,
    /// Replaced by another technique, see [`Technique::revoked_by`].
    Revoked,
    /// Withdrawn without a replacement.
    Deprecated,
}

/// One ATT&CK technique or sub-technique.
#[derive(Debug)]
pub struct Technique {
    /// `T1059` or `T1059.001`.
    pub id: &'static str,
    pub name: &'static str,
    pub domain: Domain,
    /// Sentinel tactic values, e.g. `["Persistence", "PrivilegeEscalation"]`.
    pub tactics: &'static [&'static str],
    pub status: Status,
    /// For revoked techniques, the final replacement (revoked-by chains already followed).
    pub revoked_by: Option<&'static str>,
    /// For sub-techniques, the parent technique's id.
    pub parent: Option<&'static str>,
}

impl Technique {
    pub fn is_subtechnique(&self) -> bool {
        self.parent.is_some()
    }

    pub fn is_active(&self) -> bool {
        self.status == Status::Active
    }

    /// The technique that replaced this revoked one, when the data has it.
    pub fn replacement(&self) -> Option<&'static Technique> {
        self.revoked_by.and_then(technique)
    }

    pub fn parent_technique(&self) -> Option<&'static Technique> {
        self.parent.and_then(technique)
    }

    /// Whether the technique belongs to the Sentinel tactic `tactic`.
    pub fn has_tactic(&self, tactic: &str) -> bool {
        self.tactics.contains(&tactic)
    }
}

/// Sentinel's 17 tactic values, in the enum's order.
pub fn sentinel_tactics() -> &'static [SentinelTactic] {
    SENTINEL_TACTICS
}

/// The Sentinel tactic spelled exactly `value` (matching is case-sensitive, as in the API).
pub fn sentinel_tactic(value: &str) -> Option<&'static SentinelTactic> {
    SENTINEL_TACTICS.iter().find(|tactic| tactic.value == value)
}

/// The Sentinel tactic a misspelt value most likely means: another casing, spaces or dashes
/// (`Defense Evasion`, `defense-evasion`), an ATT&CK name from any domain (ICS `Evasion`), or
/// a tactic id (`TA0005`).
pub fn suggest_tactic(value: &str) -> Option<&'static SentinelTactic> {
    let wanted = squash(value);
    SENTINEL_TACTICS.iter().find(|tactic| {
        squash(tactic.value) == wanted
            || tactic.attack_tactics.iter().any(|attack| {
                squash(attack.name) == wanted || attack.id.eq_ignore_ascii_case(value.trim())
            })
    })
}

/// Lower-case letters and digits only, so `Command and Control` meets `CommandAndControl`.
fn squash(text: &str) -> String {
    text.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// Every technique of every domain, sorted by id.
pub fn techniques() -> &'static [Technique] {
    TECHNIQUES
}

/// The technique with this exact id (`T1219`, `T1059.001`, `T0816`), of any domain.
pub fn technique(id: &str) -> Option<&'static Technique> {
    TECHNIQUES.binary_search_by(|t| t.id.cmp(id)).ok().map(|index| &TECHNIQUES[index])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seventeen_sentinel_tactics() {
        assert_eq!(sentinel_tactics().len(), 17);
        assert!(sentinel_tactic("InhibitResponseFunction").is_some());
        assert!(sentinel_tactic("defenseevasion").is_none());
    }

    #[test]
    fn suggestions_cover_display_names_ics_names_and_ids() {
        for input in ["Defense Evasion", "Evasion", "defenseevasion", "TA0005", "defense-evasion"] {
            assert_eq!(suggest_tactic(input).map(|t| t.value), Some("DefenseEvasion"), "{input}");
        }
        assert_eq!(
            suggest_tactic("Command And Control").map(|t| t.value),
            Some("CommandAndControl")
        );
        assert!(suggest_tactic("Lateral").is_none());
    }

    #[test]
    fn t1219_is_remote_access_tools_under_command_and_control() {
        let t = technique("T1219").expect("T1219 in the data");
        assert_eq!(t.name, "Remote Access Tools");
        assert_eq!(t.tactics, ["CommandAndControl"]);
        assert!(t.is_active() && !t.is_subtechnique());
    }

    #[test]
    fn sub_techniques_know_their_parent() {
        let t = technique("T1059.001").expect("T1059.001 in the data");
        assert_eq!(t.parent_technique().map(|p| p.name), Some("Command and Scripting Interpreter"));
    }

    #[test]
    fn revoked_techniques_name_their_replacement() {
        let t = technique("T1086").expect("T1086 in the data");
        assert_eq!(t.status, Status::Revoked);
        assert_eq!(t.replacement().map(|r| r.id), Some("T1059.001"));
    }

    #[test]
    fn ics_techniques_are_included() {
        let t = technique("T0816").expect("T0816 in the data");
        assert_eq!(t.domain, Domain::Ics);
        assert!(t.has_tactic("InhibitResponseFunction"));
    }

    #[test]
    fn techniques_are_sorted_for_binary_search() {
        assert!(techniques().windows(2).all(|pair| pair[0].id < pair[1].id));
    }
}
