//! The lossless syntax tree: every token and every piece of trivia of the input sits in it, in
//! order, so the tree prints back the exact text.
//!
//! The tree is stored flat. Nodes live in one vector in preorder, so a node's descendants are
//! the ids right after it; each node lists its children (nodes and tokens) in one shared vector.
//! [`SyntaxNode`] and [`SyntaxToken`] are cheap copyable cursors into it. Typed views live in
//! [`crate::kql::ast`]. The tree is immutable; it is built once from the parser's events.

use std::fmt::{self, Write as _};

use crate::kql::lexer::Token;
use crate::kql::syntax_kind::SyntaxKind;
use crate::source::TextRange;

/// Marks a child entry as a token index rather than a node id.
const TOKEN_FLAG: u32 = 1 << 31;

#[derive(Clone, Copy, Debug)]
struct NodeData {
    kind: SyntaxKind,
    parent: u32,
    /// Children: `children[first_child..first_child + child_count]`.
    first_child: u32,
    child_count: u32,
    /// Tokens (trivia included) covered: `tokens[first_token..token_end]`.
    first_token: u32,
    token_end: u32,
    /// One past the last descendant's id.
    subtree_end: u32,
}

/// A parsed text and its tree.
#[derive(Clone)]
pub struct SyntaxTree {
    text: Box<str>,
    tokens: Vec<Token>,
    nodes: Vec<NodeData>,
    children: Vec<u32>,
}

/// What the parser produces; [`SyntaxTree::build`] turns a list of these into a tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Event {
    /// Opens a node. `forward_parent` is the index of an `Open` event that must enclose this one
    /// (set when a finished node is wrapped in a new parent), or 0 for none.
    Open {
        kind: SyntaxKind,
        forward_parent: u32,
    },
    /// An abandoned `Open`.
    Tombstone,
    Close,
    /// Consumes the next significant token, with the trivia before it.
    Token,
}

impl SyntaxTree {
    /// Builds the tree from the parser's events over `tokens`, keeping every token.
    pub(crate) fn build(text: &str, tokens: Vec<Token>, mut events: Vec<Event>) -> Self {
        let mut builder = Builder {
            tree: SyntaxTree {
                text: text.into(),
                nodes: Vec::with_capacity(tokens.len() / 2 + 1),
                children: Vec::with_capacity(tokens.len() + tokens.len() / 2 + 1),
                tokens,
            },
            stack: Vec::new(),
            pending: Vec::new(),
            next_token: 0,
        };
        let mut parents = Vec::new();
        for index in 0..events.len() {
            match std::mem::replace(&mut events[index], Event::Tombstone) {
                Event::Open { kind, forward_parent } => {
                    // Follow the chain of wrappers so the outermost node opens first.
                    parents.push(kind);
                    let mut next = forward_parent as usize;
                    while next != 0 {
                        match std::mem::replace(&mut events[next], Event::Tombstone) {
                            Event::Open { kind, forward_parent } => {
                                parents.push(kind);
                                next = forward_parent as usize;
                            }
                            _ => next = 0,
                        }
                    }
                    while let Some(kind) = parents.pop() {
                        builder.open(kind);
                    }
                }
                Event::Close => builder.close(),
                Event::Token => builder.token(),
                Event::Tombstone => {}
            }
        }
        while !builder.stack.is_empty() {
            builder.close();
        }
        builder.tree
    }

    /// The text the tree was parsed from.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The root node, covering the whole text.
    pub fn root(&self) -> SyntaxNode<'_> {
        SyntaxNode { tree: self, id: 0 }
    }

    /// All tokens, trivia included, in text order.
    pub fn tokens(&self) -> impl Iterator<Item = SyntaxToken<'_>> + '_ {
        (0..self.tokens.len()).map(move |index| SyntaxToken { tree: self, index: index as u32 })
    }

    fn token_range(&self, first: u32, end: u32) -> Option<TextRange> {
        let first = self.tokens.get(first as usize)?;
        let last = self.tokens.get((end as usize).checked_sub(1)?)?;
        Some(first.range.cover(last.range))
    }
}

struct Builder {
    tree: SyntaxTree,
    /// Open nodes: their id and where their children start in `pending`.
    stack: Vec<(u32, usize)>,
    pending: Vec<u32>,
    next_token: usize,
}

impl Builder {
    fn open(&mut self, kind: SyntaxKind) {
        // Trivia before a node belongs to the enclosing node, so nodes start at a real token.
        if !self.stack.is_empty() {
            self.trivia();
        }
        let id = self.tree.nodes.len() as u32;
        let parent = self.stack.last().map_or(u32::MAX, |(parent, _)| *parent);
        self.tree.nodes.push(NodeData {
            kind,
            parent,
            first_child: 0,
            child_count: 0,
            first_token: self.next_token as u32,
            token_end: self.next_token as u32,
            subtree_end: id + 1,
        });
        self.pending.push(id);
        self.stack.push((id, self.pending.len()));
    }

    fn close(&mut self) {
        let Some((id, start)) = self.stack.pop() else { return };
        if self.stack.is_empty() {
            // The root takes every token left, so nothing is ever lost.
            while self.next_token < self.tree.tokens.len() {
                self.pending.push(self.next_token as u32 | TOKEN_FLAG);
                self.next_token += 1;
            }
        }
        let first_child = self.tree.children.len() as u32;
        self.tree.children.extend(self.pending.drain(start..));
        let subtree_end = self.tree.nodes.len() as u32;
        let last_token = self.last_token_in(first_child);
        if let Some(node) = self.tree.nodes.get_mut(id as usize) {
            node.first_child = first_child;
            node.child_count = self.tree.children.len() as u32 - first_child;
            node.subtree_end = subtree_end;
            node.token_end = last_token.map_or(node.first_token, |last| last + 1);
            if last_token.is_none() {
                // An empty node sits where its tokens would have been.
                node.first_token = node.token_end;
            }
        }
    }

    /// The index of the last token under the children starting at `first_child`.
    fn last_token_in(&self, first_child: u32) -> Option<u32> {
        self.tree.children[first_child as usize..].iter().rev().find_map(|&child| {
            if child & TOKEN_FLAG != 0 {
                Some(child & !TOKEN_FLAG)
            } else {
                let node = self.tree.nodes.get(child as usize)?;
                (node.token_end > node.first_token).then(|| node.token_end - 1)
            }
        })
    }

    fn trivia(&mut self) {
        while let Some(token) = self.tree.tokens.get(self.next_token) {
            if !token.kind.is_trivia() {
                break;
            }
            self.pending.push(self.next_token as u32 | TOKEN_FLAG);
            self.next_token += 1;
        }
    }

    fn token(&mut self) {
        self.trivia();
        if self.next_token < self.tree.tokens.len() {
            self.pending.push(self.next_token as u32 | TOKEN_FLAG);
            self.next_token += 1;
        }
    }
}

/// A node of the tree.
#[derive(Clone, Copy)]
pub struct SyntaxNode<'a> {
    tree: &'a SyntaxTree,
    id: u32,
}

/// A token of the tree, trivia included.
#[derive(Clone, Copy)]
pub struct SyntaxToken<'a> {
    tree: &'a SyntaxTree,
    index: u32,
}

/// A child of a node: a node or a token.
#[derive(Clone, Copy, Debug)]
pub enum SyntaxElement<'a> {
    Node(SyntaxNode<'a>),
    Token(SyntaxToken<'a>),
}

impl<'a> SyntaxNode<'a> {
    fn data(self) -> NodeData {
        // Ids only come from the tree itself, so they are always in bounds.
        self.tree.nodes[self.id as usize]
    }

    pub fn kind(self) -> SyntaxKind {
        self.data().kind
    }

    /// The byte range of the node, from its first to its last token (trivia around it excluded;
    /// the root covers the whole text).
    pub fn range(self) -> TextRange {
        let data = self.data();
        if self.id == 0 {
            return TextRange::from_usize(0, self.tree.text.len());
        }
        self.tree.token_range(data.first_token, data.token_end).unwrap_or_else(|| {
            let offset = self
                .tree
                .tokens
                .get(data.first_token as usize)
                .map_or(self.tree.text.len() as u32, |t| t.range.start());
            TextRange::empty(offset)
        })
    }

    /// The source text of the node.
    pub fn text(self) -> &'a str {
        self.tree.text.get(self.range().to_usize()).unwrap_or("")
    }

    pub fn tree(self) -> &'a SyntaxTree {
        self.tree
    }

    pub fn parent(self) -> Option<SyntaxNode<'a>> {
        let parent = self.data().parent;
        (parent != u32::MAX).then_some(SyntaxNode { tree: self.tree, id: parent })
    }

    /// The ancestors of the node, nearest first, the node itself excluded.
    pub fn ancestors(self) -> impl Iterator<Item = SyntaxNode<'a>> {
        std::iter::successors(self.parent(), |node| node.parent())
    }

    /// The direct children, nodes and tokens (trivia included), in order.
    pub fn children_with_tokens(self) -> impl Iterator<Item = SyntaxElement<'a>> + 'a {
        let data = self.data();
        let tree = self.tree;
        let range = data.first_child as usize..(data.first_child + data.child_count) as usize;
        tree.children[range].iter().map(move |&child| {
            if child & TOKEN_FLAG != 0 {
                SyntaxElement::Token(SyntaxToken { tree, index: child & !TOKEN_FLAG })
            } else {
                SyntaxElement::Node(SyntaxNode { tree, id: child })
            }
        })
    }

    /// The direct child nodes.
    pub fn children(self) -> impl Iterator<Item = SyntaxNode<'a>> + 'a {
        self.children_with_tokens().filter_map(|child| match child {
            SyntaxElement::Node(node) => Some(node),
            SyntaxElement::Token(_) => None,
        })
    }

    /// The direct child tokens that are not trivia.
    pub fn tokens(self) -> impl Iterator<Item = SyntaxToken<'a>> + 'a {
        self.children_with_tokens().filter_map(|child| match child {
            SyntaxElement::Token(token) if !token.kind().is_trivia() => Some(token),
            _ => None,
        })
    }

    /// The node and all nodes below it, in preorder.
    pub fn descendants(self) -> impl Iterator<Item = SyntaxNode<'a>> + 'a {
        let tree = self.tree;
        (self.id..self.data().subtree_end).map(move |id| SyntaxNode { tree, id })
    }

    /// Every token under the node, trivia included, in text order.
    pub fn descendant_tokens(self) -> impl Iterator<Item = SyntaxToken<'a>> + 'a {
        let data = self.data();
        let tree = self.tree;
        (data.first_token..data.token_end).map(move |index| SyntaxToken { tree, index })
    }

    /// The first direct child of the given kind.
    pub fn child_of_kind(self, kind: SyntaxKind) -> Option<SyntaxNode<'a>> {
        self.children().find(|child| child.kind() == kind)
    }

    /// The first direct non-trivia token, such as an operator's keyword.
    pub fn first_token(self) -> Option<SyntaxToken<'a>> {
        self.tokens().next()
    }

    /// An indented dump of the tree, one element per line, for tests and debugging.
    pub fn debug_dump(self) -> String {
        let mut out = String::new();
        let mut stack = vec![(SyntaxElement::Node(self), 0usize)];
        while let Some((element, depth)) = stack.pop() {
            let indent = "  ".repeat(depth);
            match element {
                SyntaxElement::Node(node) => {
                    let _ = writeln!(out, "{indent}{:?}@{:?}", node.kind(), node.range());
                    let children: Vec<_> = node.children_with_tokens().collect();
                    stack.extend(children.into_iter().rev().map(|child| (child, depth + 1)));
                }
                SyntaxElement::Token(token) if !token.kind().is_trivia() => {
                    let _ = writeln!(out, "{indent}{:?} {:?}", token.kind(), token.text());
                }
                SyntaxElement::Token(_) => {}
            }
        }
        out
    }
}

impl<'a> SyntaxToken<'a> {
    fn data(self) -> Token {
        self.tree.tokens[self.index as usize]
    }

    pub fn kind(self) -> SyntaxKind {
        self.data().kind
    }

    pub fn range(self) -> TextRange {
        self.data().range
    }

    pub fn text(self) -> &'a str {
        self.tree.text.get(self.range().to_usize()).unwrap_or("")
    }
}

impl fmt::Debug for SyntaxNode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}@{:?}", self.kind(), self.range())
    }
}

impl fmt::Debug for SyntaxToken<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}@{:?} {:?}", self.kind(), self.range(), self.text())
    }
}

impl fmt::Display for SyntaxNode<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text())
    }
}

#[cfg(test)]
mod tests {
    use crate::kql::{SyntaxKind, parse};

    #[test]
    fn nodes_exclude_surrounding_trivia_and_the_root_keeps_all() {
        let text = "  // c\nT | where x  // tail\n";
        let parse = parse(text);
        let root = parse.syntax();
        assert_eq!(root.text(), text);
        let statement = root.children().next().expect("statement");
        assert_eq!(statement.text(), "T | where x");
        let pipeline = statement.children().next().expect("pipeline");
        assert_eq!(pipeline.kind(), SyntaxKind::Pipeline);
        assert_eq!(pipeline.parent().map(|p| p.kind()), Some(SyntaxKind::QueryStatement));
    }

    #[test]
    fn descendants_are_in_preorder_and_tokens_in_text_order() {
        let parse = parse("print a = f(1, 2)");
        let kinds: Vec<_> = parse.syntax().descendants().map(|n| n.kind()).collect();
        assert_eq!(
            kinds[..4],
            [
                SyntaxKind::Root,
                SyntaxKind::QueryStatement,
                SyntaxKind::Operator,
                SyntaxKind::Assignment
            ]
        );
        let call =
            parse.syntax().descendants().find(|n| n.kind() == SyntaxKind::CallExpr).expect("call");
        let texts: Vec<_> = call.descendant_tokens().map(|t| t.text()).collect();
        assert_eq!(texts.concat(), "f(1, 2)");
        assert_eq!(call.ancestors().count(), 4);
    }
}
