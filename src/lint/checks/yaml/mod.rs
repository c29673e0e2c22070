//! YAML syntax findings (`YML1xx`), turned from the loader's errors into diagnostics.

mod duplicate_key;
mod invalid_yaml;
mod not_a_rule;
mod tab_indentation;
mod trailing_tab;
mod unreadable_file;

#[cfg(test)]
mod tests;

pub use not_a_rule::NOT_A_RULE;
pub use unreadable_file::{ReadProblem, UNREADABLE_FILE, read};

use crate::diagnostics::Diagnostic;
use crate::lint::registry::Lint;
use crate::source::SourceId;
use crate::yaml::{YamlError, YamlErrorKind};

pub const LINTS: &[&Lint] = &[
    &invalid_yaml::INVALID_YAML,
    &tab_indentation::TAB_INDENTATION,
    &duplicate_key::DUPLICATE_KEY,
    &trailing_tab::TRAILING_TAB,
    &not_a_rule::NOT_A_RULE,
    &unreadable_file::UNREADABLE_FILE,
];

/// The diagnostic for one loader error.
pub fn to_diagnostic(source: SourceId, error: &YamlError) -> Diagnostic {
    let lint = match error.kind {
        YamlErrorKind::Syntax
        | YamlErrorKind::ComplexKey
        | YamlErrorKind::MultipleDocuments
        | YamlErrorKind::AliasExpansion => &invalid_yaml::INVALID_YAML,
        YamlErrorKind::TabIndentation => &tab_indentation::TAB_INDENTATION,
        YamlErrorKind::DuplicateKey => &duplicate_key::DUPLICATE_KEY,
        YamlErrorKind::TrailingTab => &trailing_tab::TRAILING_TAB,
    };
    let mut diagnostic =
        Diagnostic::new(lint.code, lint.default_severity, source, error.range, &error.message);
    diagnostic.help.clone_from(&error.help);
    if let Some((range, message)) = &error.related {
        diagnostic.add_related(source, *range, message);
    }
    diagnostic
}
