//! The emulator's resources: in memory, optionally saved to a JSON file after every write.
//!
//! Resources are keyed case-insensitively (ARM names and paths are case-insensitive) by
//! collection, workspace and name, and kept in the exact shape GET returns. The state file
//! is rewritten atomically (temporary file + rename) so a killed emulator never leaves half a
//! file behind.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::Value;

use super::specs::BodyKind;

/// A resource collection the emulator serves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Collection {
    AlertRules,
    Metadata,
    SavedSearches,
}

impl Collection {
    pub fn body_kind(self) -> BodyKind {
        match self {
            Collection::AlertRules => BodyKind::AlertRule,
            Collection::Metadata => BodyKind::Metadata,
            Collection::SavedSearches => BodyKind::SavedSearch,
        }
    }

    /// ARM `type` of the resources.
    pub fn resource_type(self) -> &'static str {
        match self {
            Collection::AlertRules => "Microsoft.SecurityInsights/alertRules",
            Collection::Metadata => "Microsoft.SecurityInsights/metadata",
            Collection::SavedSearches => "Microsoft.OperationalInsights/savedSearches",
        }
    }

    /// Path segment(s) below the workspace.
    pub fn path_suffix(self) -> &'static str {
        match self {
            Collection::AlertRules => "providers/Microsoft.SecurityInsights/alertRules",
            Collection::Metadata => "providers/Microsoft.SecurityInsights/metadata",
            Collection::SavedSearches => "savedSearches",
        }
    }

    /// The savedSearches spec declares 200 only (no 201 on create, no 204 on delete) and an
    /// unpaged list; the Sentinel resources use 201/204 and `nextLink`.
    pub fn is_sentinel(self) -> bool {
        !matches!(self, Collection::SavedSearches)
    }

    fn tag(self) -> &'static str {
        match self {
            Collection::AlertRules => "alertRules",
            Collection::Metadata => "metadata",
            Collection::SavedSearches => "savedSearches",
        }
    }
}

/// All resources, and where to save them.
#[derive(Debug)]
pub(crate) struct Store {
    resources: Mutex<BTreeMap<String, Value>>,
    path: Option<PathBuf>,
}

fn key(collection: Collection, workspace_id: &str, name: &str) -> String {
    format!(
        "{}|{}|{}",
        collection.tag(),
        workspace_id.to_ascii_lowercase(),
        name.to_ascii_lowercase()
    )
}

impl Store {
    /// An empty store, or the one saved in `path` if that file exists.
    pub fn open(path: Option<&Path>) -> Result<Self, String> {
        let resources = match path {
            Some(path) if path.exists() => {
                let text = std::fs::read_to_string(path)
                    .map_err(|e| format!("failed to read {}: {e}", path.display()))?;
                serde_json::from_str(&text)
                    .map_err(|e| format!("invalid state file {}: {e}", path.display()))?
            }
            _ => BTreeMap::new(),
        };
        Ok(Self { resources: Mutex::new(resources), path: path.map(Path::to_path_buf) })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<String, Value>> {
        // A panic while holding the lock cannot leave a half-updated map (every update is
        // one insert or remove), so a poisoned lock is still safe to use.
        self.resources.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub fn get(&self, collection: Collection, workspace_id: &str, name: &str) -> Option<Value> {
        self.lock().get(&key(collection, workspace_id, name)).cloned()
    }

    /// Resources of one collection of one workspace, in name order.
    pub fn list(&self, collection: Collection, workspace_id: &str) -> Vec<Value> {
        let prefix = key(collection, workspace_id, "");
        self.lock()
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Stores `value`; whether it replaced an existing resource.
    pub fn put(
        &self,
        collection: Collection,
        workspace_id: &str,
        name: &str,
        value: Value,
    ) -> Result<bool, String> {
        let mut resources = self.lock();
        let existed = resources.insert(key(collection, workspace_id, name), value).is_some();
        self.save(&resources)?;
        Ok(existed)
    }

    /// Removes a resource; whether it existed.
    pub fn delete(
        &self,
        collection: Collection,
        workspace_id: &str,
        name: &str,
    ) -> Result<bool, String> {
        let mut resources = self.lock();
        let existed = resources.remove(&key(collection, workspace_id, name)).is_some();
        if existed {
            self.save(&resources)?;
        }
        Ok(existed)
    }

    fn save(&self, resources: &BTreeMap<String, Value>) -> Result<(), String> {
        let Some(path) = &self.path else { return Ok(()) };
        let failed = |e: &dyn std::fmt::Display| format!("failed to save {}: {e}", path.display());
        let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| failed(&e))?;
        serde_json::to_writer_pretty(temp.as_file_mut(), resources).map_err(|e| failed(&e))?;
        temp.persist(path).map_err(|e| failed(&e))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_are_case_insensitive_and_scoped() {
        let store = Store::open(None).unwrap();
        assert!(!store.put(Collection::AlertRules, "/S/rg/W", "Rule1", json!(1)).unwrap());
        assert!(store.put(Collection::AlertRules, "/s/RG/w", "rule1", json!(2)).unwrap());
        store.put(Collection::AlertRules, "/s/rg/w2", "rule1", json!(3)).unwrap();
        store.put(Collection::Metadata, "/s/rg/w", "rule1", json!(4)).unwrap();
        assert_eq!(store.list(Collection::AlertRules, "/s/rg/w"), vec![json!(2)]);
        assert!(store.delete(Collection::AlertRules, "/s/rg/w", "RULE1").unwrap());
        assert!(!store.delete(Collection::AlertRules, "/s/rg/w", "rule1").unwrap());
    }

    #[test]
    fn state_file_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let store = Store::open(Some(&path)).unwrap();
        store.put(Collection::SavedSearches, "/s/rg/w", "q", json!({"name": "q"})).unwrap();
        let reopened = Store::open(Some(&path)).unwrap();
        assert_eq!(
            reopened.get(Collection::SavedSearches, "/s/rg/w", "Q"),
            Some(json!({"name": "q"}))
        );
    }
}
