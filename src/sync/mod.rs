//! Mapping between rule files and live ARM resources, and the normalised comparison of the
//! two; shared by `plan`, `deploy`, `drift` and `export`.
//!
//! [`to_arm`] turns a parsed rule file into the request body ARM expects, [`from_arm`] turns
//! a live resource back into the file's shape for export, and [`compare`] reports the fields
//! where a live resource and a body differ once both are normalised (durations, operator
//! spellings, list order, line endings, defaults, server-only fields). The live workspace is
//! the only state: a rule exported and mapped again compares equal to what it came from.
//!
//! On top of these, the engine of `plan`, `deploy` and `drift`: [`inventory`] reads both
//! sides (files with the environment's [`overrides`], and the live workspace), [`plan`]
//! pairs them by id, [`apply`] carries a plan out, [`drift`] reports what changed outside
//! Git, [`marker`] tells our rules from others, [`orphans`] finds ours whose file is gone,
//! and [`report`] writes the results.

pub mod apply;
pub mod compare;
pub mod drift;
mod error;
pub mod export;
mod fields;
pub mod from_arm;
pub mod inventory;
pub mod marker;
mod normalise;
mod operator;
pub mod orphans;
pub mod overrides;
pub mod plan;
pub mod report;
pub mod techniques;
mod text;
pub mod to_arm;

#[cfg(test)]
mod cases;

pub use compare::{Difference, compare_alert_rules, compare_saved_searches};
pub use error::MapError;
pub use from_arm::{alert_rule_to_file, saved_search_to_file};
pub use to_arm::{ArmResource, Mapped, Options, Warning, alert_rule, hunting_query, to_arm};

use crate::yaml::Node;

/// The rule's `id`, validated as a GUID in its canonical 8-4-4-4-12 form.
///
/// Every request path ends with this id; a missing or malformed one must stop the mapping
/// before a URL is built, and must never be replaced by a generated one (that would create a
/// new rule on every run).
pub fn rule_id(root: &Node) -> Result<String, MapError> {
    let node = root.get("id").filter(|node| !node.is_null()).ok_or(MapError::MissingId)?;
    let text = node.as_str().ok_or_else(|| MapError::InvalidId(render(node)))?;
    let hyphenated = text.len() == 36 && text.matches('-').count() == 4;
    if hyphenated && uuid::Uuid::try_parse(text).is_ok() {
        Ok(text.to_owned())
    } else {
        Err(MapError::InvalidId(text.to_owned()))
    }
}

fn render(node: &Node) -> String {
    node.to_json().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse;

    fn id_of(text: &str) -> Result<String, MapError> {
        rule_id(&parse(text).root.expect("a document"))
    }

    #[test]
    fn only_hyphenated_guids_are_ids() {
        let guid = "bcc0724a-5ab4-49ea-9b1d-c53f059765d7";
        assert_eq!(id_of(&format!("id: {guid}\n")), Ok(guid.to_owned()));
        assert_eq!(id_of("name: x\n"), Err(MapError::MissingId));
        assert_eq!(id_of("id:\n"), Err(MapError::MissingId));
        assert_eq!(id_of("id: 42\n"), Err(MapError::InvalidId("42".into())));
        let simple = "bcc0724a5ab449ea9b1dc53f059765d7";
        assert_eq!(id_of(&format!("id: {simple}\n")), Err(MapError::InvalidId(simple.into())));
    }
}
