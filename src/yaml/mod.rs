//! Loads YAML into a spanned tree, reporting syntax problems with exact positions.

mod node;

pub use node::{Entry, Node, ScalarStyle, Value};
