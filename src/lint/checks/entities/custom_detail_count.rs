//! ENT109: more than twenty custom details.

use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};

const MAX_CUSTOM_DETAILS: usize = 20;

declare_lint! {
    /// More than twenty custom details
    ///
    /// ## What it does
    /// Reports a `customDetails` mapping with more than 20 entries.
    ///
    /// ## Why is this bad?
    /// Sentinel surfaces at most 20 custom details per alert and rejects rules with more.
    ///
    /// ## Example
    /// ```yaml
    /// customDetails:   # 21 entries
    ///   Detail01: Col01
    ///   # ...
    /// ```
    pub(crate) static TOO_MANY_CUSTOM_DETAILS = ("ENT109", "too-many-custom-details", Error);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    let count = super::custom_details(doc).len();
    let Some(entry) = doc.root.entry("customDetails") else { return };
    if count > MAX_CUSTOM_DETAILS {
        ctx.report(
            &TOO_MANY_CUSTOM_DETAILS,
            entry.key_range,
            format!("`customDetails` has {count} entries; maximum is {MAX_CUSTOM_DETAILS}"),
        )
        .set_help("Keep the details analysts need most; the query output still holds the rest");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    fn details(count: usize) -> String {
        let entries: String = (0..count).map(|i| format!("  Detail{i}: Col{i}\n")).collect();
        format!("customDetails:\n{entries}")
    }

    #[test]
    fn twenty_one_is_too_many() {
        let found = run(&details(21), check);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].text, "customDetails");
        assert_eq!(found[0].message, "`customDetails` has 21 entries; maximum is 20");
        assert!(run(&details(20), check).is_empty());
    }
}
