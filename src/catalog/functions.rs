//! The KQL function catalogue: scalar and aggregate functions with their argument counts and
//! result types, plus the Sentinel and Defender built-ins that workspaces provide.
//!
//! The rows live in `functions_table.rs`, written by hand from the Kusto function reference
//! (there is no machine-readable source to generate them from). A result type of
//! [`Returns::FirstArg`] means "the type of the first argument" (`min`, `max`, `iff`-like
//! functions); [`Returns::Tabular`] marks functions that return a table. Names are matched
//! exactly, as Kusto does; lookups say nothing about names that are missing.

use rustc_hash::FxHashMap;
use std::sync::LazyLock;

use crate::catalog::tables::ScalarType;

/// Whether a function is scalar, an aggregate (only in `summarize`-like contexts) or tabular.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum FunctionKind {
    Scalar,
    Aggregate,
    Tabular,
}

/// What a function returns.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Returns {
    Type(ScalarType),
    /// The type of the first argument.
    FirstArg,
    /// The type of the second argument (`iff`, `case`, `coalesce`-like picks).
    SecondArg,
    Tabular,
}

/// One function: its name, how many arguments it takes and what it returns.
#[derive(Debug)]
pub struct Function {
    pub name: &'static str,
    pub kind: FunctionKind,
    pub min_args: u8,
    /// `u8::MAX` for "any number".
    pub max_args: u8,
    pub returns: Returns,
}

impl Function {
    /// The accepted argument counts, for messages: `2`, `1 to 3`, `at least 1`.
    pub fn arity_text(&self) -> String {
        match (self.min_args, self.max_args) {
            (min, max) if min == max => min.to_string(),
            (min, u8::MAX) => format!("at least {min}"),
            (min, max) => format!("{min} to {max}"),
        }
    }

    pub fn accepts(&self, count: usize) -> bool {
        (usize::from(self.min_args)..=usize::from(self.max_args)).contains(&count)
    }
}

/// The functions by name, built on first use: lookups run for every call in every query.
static BY_NAME: LazyLock<FxHashMap<&'static str, &'static Function>> =
    LazyLock::new(|| super::functions_table::FUNCTIONS.iter().map(|f| (f.name, f)).collect());

/// The function with exactly this name.
pub fn function(name: &str) -> Option<&'static Function> {
    BY_NAME.get(name).copied()
}

/// Every function name, for "did you mean" hints.
pub fn function_names() -> impl Iterator<Item = &'static str> {
    super::functions_table::FUNCTIONS.iter().map(|f| f.name)
}

/// The default column name `summarize` gives an unnamed aggregate: `count_`, `dcount_X`,
/// `set_X` for `make_set(X)`, `any_X` for `take_any(X)`.
pub fn default_aggregate_name(function: &str, first_column: Option<&str>) -> String {
    let stem = match function {
        "make_set" | "makeset" | "make_set_if" => "set",
        "make_list" | "makelist" | "make_list_if" | "make_list_with_nulls" => "list",
        "make_bag" | "make_bag_if" => "bag",
        "take_any" | "any" | "take_anyif" | "anyif" => "any",
        other => other,
    };
    match (function, first_column) {
        ("countif", _) | (_, None) => format!("{stem}_"),
        (_, Some(column)) => format!("{stem}_{column}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn functions_have_counts_and_types() {
        let dcount = function("dcount").map(|f| (f.kind, f.min_args, f.max_args));
        assert_eq!(dcount, Some((FunctionKind::Aggregate, 1, 2)));
        assert_eq!(function("ago").map(|f| f.returns), Some(Returns::Type(ScalarType::DateTime)));
        assert_eq!(function("tostring").map(Function::arity_text).as_deref(), Some("1"));
        assert!(function("ToString").is_none(), "names are case-sensitive");
        assert!(function("_GetWatchlist").is_some_and(|f| f.kind == FunctionKind::Tabular));
    }

    #[test]
    fn no_function_is_listed_twice() {
        let mut names: Vec<_> = function_names().collect();
        let total = names.len();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), total);
    }

    #[test]
    fn aggregate_default_names() {
        assert_eq!(default_aggregate_name("count", None), "count_");
        assert_eq!(default_aggregate_name("count", Some("Url")), "count_Url");
        assert_eq!(default_aggregate_name("dcount", Some("UserId")), "dcount_UserId");
        assert_eq!(default_aggregate_name("make_set", Some("Cmd")), "set_Cmd");
        assert_eq!(default_aggregate_name("take_any", Some("Msg")), "any_Msg");
    }
}
