//! Typed views over the syntax tree.
use crate::kql::tree::SyntaxNode;

#[derive(Clone, Copy, Debug)]
pub struct Root<'a>(SyntaxNode<'a>);
impl<'a> Root<'a> {
    pub(crate) fn new(node: SyntaxNode<'a>) -> Self { Self(node) }
}
