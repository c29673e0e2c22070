//! ENT104: `entityMappings: []` or `customDetails: {}` written to mean "none".

use crate::declare_lint;
use crate::lint::{LintContext, RuleDocument};
use crate::yaml::Value;

declare_lint! {
    /// `entityMappings` or `customDetails` present but empty
    ///
    /// ## What it does
    /// Reports `entityMappings: []`, `customDetails: {}` and either key with no value. The
    /// rule is treated as having no entity mappings or custom details, and sentinelctl leaves
    /// the property out when it deploys.
    ///
    /// ## Why is this bad?
    /// The API refuses empty containers ("Invalid length of '0' for 'EntityMappings'"), so
    /// tools that copy the YAML into the request fail on a rule that means "none". Leaving the
    /// key out says the same thing and works everywhere.
    ///
    /// ## Example
    /// ```yaml
    /// entityMappings: []
    /// customDetails: {}
    /// ```
    ///
    /// Use instead: remove both keys.
    pub(crate) static EMPTY_BLOCK = ("ENT104", "empty-entity-block", Warning);
}

pub(super) fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    for (key, none) in
        [("entityMappings", "no entity mappings"), ("customDetails", "no custom details")]
    {
        let Some(entry) = doc.root.entry(key) else { continue };
        let written = match &entry.value.value {
            Value::Null => "has no value",
            Value::Seq(items) if items.is_empty() => "is an empty list",
            Value::Map(entries) if entries.is_empty() => "is an empty mapping",
            _ => continue,
        };
        ctx.report(
            &EMPTY_BLOCK,
            entry.key_range,
            format!("`{key}` {written}; the rule has {none}"),
        )
        .set_help(format!("Remove the `{key}` key"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lint::checks::attack::testing::run;

    #[test]
    fn empty_containers_and_null_warn_at_the_key() {
        let found = run("entityMappings: []\ncustomDetails: {}\n", check);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].text, "entityMappings");
        assert_eq!(
            found[0].message,
            "`entityMappings` is an empty list; the rule has no entity mappings"
        );
        assert_eq!(
            found[1].message,
            "`customDetails` is an empty mapping; the rule has no custom details"
        );
        let found = run("customDetails:\nquery: x\n", check);
        assert_eq!(
            found[0].message,
            "`customDetails` has no value; the rule has no custom details"
        );
    }

    #[test]
    fn filled_blocks_are_fine() {
        assert!(run("customDetails:\n  Action: Action\n", check).is_empty());
    }
}
