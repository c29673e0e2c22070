//! Loads YAML into a spanned tree, reporting syntax problems with exact positions.
//!
//! serde_yaml is unmaintained and drops positions; saphyr-parser is maintained, YAML 1.2, and
//! gives every event a span, which is what a linter needs to point at `file:line:column`.

mod diagnose;
mod emit;
mod loader;
mod messages;
mod node;
mod scalar;

pub use diagnose::{YamlError, YamlErrorKind};
pub use emit::{EmitError, to_yaml_string};
pub use loader::{Parsed, parse};
pub use node::{Entry, Node, ScalarStyle, Value};
