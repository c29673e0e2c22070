//! Why a rule file cannot be turned into an ARM request body (or a live rule into a file).
//!
//! Every variant names the field, so `plan` and `deploy` can point the user at the one line
//! to fix. Mapping never guesses: a value it cannot map exactly is an error, not a default.

use thiserror::Error;

/// A rule that cannot be mapped.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum MapError {
    /// The file is not a YAML mapping (empty file, a list, a scalar).
    #[error("the rule file is not a mapping")]
    NotAMapping,
    /// `id` is missing; a body without it would address `.../alertRules/` with an empty name.
    #[error("`id` is missing; refusing to build a request without a rule id")]
    MissingId,
    /// `id` is not a GUID; inventing one would create a new rule on every run.
    #[error("`id` is not a GUID: `{0}`")]
    InvalidId(String),
    #[error("required field `{0}` is missing")]
    MissingField(&'static str),
    #[error("`{field}` has the invalid value `{value}`: expected {expected}")]
    InvalidValue { field: String, value: String, expected: &'static str },
    /// A key the mapping does not know; dropping it silently would lose what the author wrote.
    #[error("`{0}` is not a rule property the deployer knows how to send")]
    UnknownField(String),
    /// A live rule of a kind the repository format cannot hold (Fusion, ML, ...).
    #[error("alert rules of kind `{0}` cannot be exported")]
    UnsupportedKind(String),
}

impl MapError {
    pub(crate) fn invalid(
        field: impl Into<String>,
        value: impl Into<String>,
        expected: &'static str,
    ) -> Self {
        Self::InvalidValue { field: field.into(), value: value.into(), expected }
    }
}
