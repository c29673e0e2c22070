//! Sentinel's entity types: which identifiers each accepts in `fieldMappings`, and which
//! identifiers (or combinations) must be present for the service to build the entity.
//!
//! The data lives in `entities_table.rs`, generated from `data/sentinel/entity-identifiers.json`.

use super::entities_table::ENTITY_TYPES;

/// One entity type, e.g. `FileHash`.
#[derive(Debug)]
pub struct EntityType {
    pub name: &'static str,
    /// Every identifier the type accepts (case-sensitive).
    pub identifiers: &'static [&'static str],
    /// A mapping is complete when every identifier of at least one of these groups is mapped
    /// (`FileHash`: `Algorithm` and `Value`; `Account`: any one of `FullName`, `Sid`, ...).
    pub required_any_of: &'static [&'static [&'static str]],
}

impl EntityType {
    pub fn has_identifier(&self, identifier: &str) -> bool {
        self.identifiers.contains(&identifier)
    }

    /// The identifier spelled like `identifier` apart from case (`Hostname` -> `HostName`).
    pub fn identifier_ignore_case(&self, identifier: &str) -> Option<&'static str> {
        self.identifiers.iter().copied().find(|known| known.eq_ignore_ascii_case(identifier))
    }

    /// Whether the mapped identifiers satisfy one of the required combinations.
    pub fn is_complete(&self, mapped: &[&str]) -> bool {
        self.required_any_of.iter().any(|group| group.iter().all(|id| mapped.contains(id)))
    }
}

/// Every entity type, in the order of the reference data.
pub fn entity_types() -> &'static [EntityType] {
    ENTITY_TYPES
}

/// The entity type named exactly `name`.
pub fn entity_type(name: &str) -> Option<&'static EntityType> {
    ENTITY_TYPES.iter().find(|entity| entity.name == name)
}

/// The entity type a misspelt name most likely means (`Ip` -> `IP`, `Hosts` -> `Host`).
pub fn suggest_entity_type(name: &str) -> Option<&'static EntityType> {
    if let Some(found) = ENTITY_TYPES.iter().find(|e| e.name.eq_ignore_ascii_case(name)) {
        return Some(found);
    }
    let best = super::closest(name, ENTITY_TYPES.iter().map(|e| e.name))?;
    entity_type(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ip_takes_address() {
        let ip = entity_type("IP").expect("IP entity");
        assert!(ip.has_identifier("Address"));
        assert!(!ip.has_identifier("IPAddress"));
    }

    #[test]
    fn file_hash_needs_algorithm_and_value() {
        let hash = entity_type("FileHash").expect("FileHash entity");
        assert!(!hash.is_complete(&["Value"]));
        assert!(hash.is_complete(&["Value", "Algorithm"]));
    }

    #[test]
    fn host_identifier_case_hint() {
        let host = entity_type("Host").expect("Host entity");
        assert_eq!(host.identifier_ignore_case("Hostname"), Some("HostName"));
    }

    #[test]
    fn nineteen_types_with_suggestions() {
        assert_eq!(entity_types().len(), 19);
        assert_eq!(suggest_entity_type("Ip").map(|e| e.name), Some("IP"));
        assert_eq!(suggest_entity_type("Hosts").map(|e| e.name), Some("Host"));
    }
}
