//! The data connector catalogue: every `connectorId` a rule's `requiredDataConnectors` may
//! name, with the connector's title and the tables it is known to feed.
//!
//! The data lives in `connectors_table.rs`, generated from `data/connectors/`. The catalogue
//! is Sentinel's content catalogue plus the legacy ids the Azure-Sentinel validator still
//! accepts; whether a missing id is an error is decided by the `CON1xx` checks.

use std::sync::LazyLock;

use super::connectors_table::CONNECTORS;
use super::names::NameIndex;

/// Where the catalogue learnt of a connector id.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectorSource {
    /// Sentinel's content catalogue (sentinelninja `connectors.csv`).
    Catalogue,
    /// Only the Azure-Sentinel validator's `ValidConnectorIds.json` (legacy ids).
    Validator,
}

/// One data connector.
#[derive(Debug)]
pub struct Connector {
    pub id: &'static str,
    /// Display title; empty for legacy ids.
    pub title: &'static str,
    pub publisher: &'static str,
    pub solution: &'static str,
    pub deprecated: bool,
    /// Tables the connector feeds, when the catalogue knows them (sorted).
    pub tables: &'static [&'static str],
    pub source: ConnectorSource,
}

/// Every connector, sorted by id.
pub fn connectors() -> &'static [Connector] {
    CONNECTORS
}

/// The connector with exactly this id (ids are case-sensitive in the service).
pub fn connector(id: &str) -> Option<&'static Connector> {
    CONNECTORS.binary_search_by(|c| c.id.cmp(id)).ok().map(|index| &CONNECTORS[index])
}

/// Every connector id, for did-you-mean hints on each unknown id.
static CONNECTOR_IDS: LazyLock<NameIndex> =
    LazyLock::new(|| NameIndex::new(CONNECTORS.iter().map(|c| c.id)));

/// The connector a misspelt id most likely means: a case-insensitive match first, then the
/// closest id by edit distance.
pub fn suggest_connector(id: &str) -> Option<&'static Connector> {
    if let Some(found) = CONNECTORS.iter().find(|c| c.id.eq_ignore_ascii_case(id)) {
        return Some(found);
    }
    let best = CONNECTOR_IDS.closest(id)?;
    connector(best)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_holds_the_640_content_connectors() {
        let catalogued =
            connectors().iter().filter(|c| c.source == ConnectorSource::Catalogue).count();
        assert_eq!(catalogued, 640);
        assert!(connectors().windows(2).all(|pair| pair[0].id < pair[1].id));
    }

    #[test]
    fn known_connectors_have_titles() {
        let mtp = connector("MicrosoftThreatProtection").expect("MTP in the catalogue");
        assert!(!mtp.title.is_empty());
        assert!(connector("microsoftthreatprotection").is_none());
    }

    #[test]
    fn legacy_validator_ids_are_accepted() {
        let zscaler = connector("Zscaler").expect("legacy id");
        assert_eq!(zscaler.source, ConnectorSource::Validator);
    }

    #[test]
    fn near_misses_get_a_suggestion() {
        assert_eq!(
            suggest_connector("MicrosoftThreatProtecton").map(|c| c.id),
            Some("MicrosoftThreatProtection")
        );
        assert_eq!(suggest_connector("office365").map(|c| c.id), Some("Office365"));
        assert!(suggest_connector("SomethingElseEntirely").is_none());
    }
}
