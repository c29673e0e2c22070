//! Schedule, trigger and suppression checks (`SCD1xx`).
//!
//! These are the rules the service applies to pairs of fields, which a JSON Schema cannot
//! express: ranges on normalised durations, period versus frequency, suppression versus
//! frequency, and fields NRT rules ignore. Formats are the schema's job; a duration this
//! module cannot parse is left to it.

mod long_period_needs_hourly_frequency;
mod nrt_schedule_field;
mod period_shorter_than_frequency;
mod quoted_trigger_threshold;
mod schedule_out_of_range;
mod suppression_settings;
mod suppression_shorter_than_frequency;

use crate::lint::registry::Lint;
use crate::lint::{LintContext, RuleDocument};
use crate::model::duration::Duration;
use crate::yaml::Node;

pub const LINTS: &[&Lint] = &[
    &schedule_out_of_range::SCHEDULE_OUT_OF_RANGE,
    &period_shorter_than_frequency::PERIOD_SHORTER_THAN_FREQUENCY,
    &long_period_needs_hourly_frequency::LONG_PERIOD_NEEDS_HOURLY_FREQUENCY,
    &suppression_shorter_than_frequency::SUPPRESSION_SHORTER_THAN_FREQUENCY,
    &suppression_settings::SUPPRESSION_SETTINGS,
    &nrt_schedule_field::NRT_SCHEDULE_FIELD,
    &quoted_trigger_threshold::QUOTED_TRIGGER_THRESHOLD,
];

pub fn check(doc: &RuleDocument<'_>, ctx: &mut LintContext) {
    schedule_out_of_range::check(doc, ctx);
    period_shorter_than_frequency::check(doc, ctx);
    long_period_needs_hourly_frequency::check(doc, ctx);
    suppression_shorter_than_frequency::check(doc, ctx);
    suppression_settings::check(doc, ctx);
    nrt_schedule_field::check(doc, ctx);
    quoted_trigger_threshold::check(doc, ctx);
}

/// A duration field of a Scheduled rule, parsed, with its node; `None` if absent or malformed.
fn scheduled_duration<'a>(doc: &'a RuleDocument<'_>, key: &str) -> Option<(Duration, &'a Node)> {
    if doc.kind != crate::model::RuleKind::Scheduled {
        return None;
    }
    duration(doc, key)
}

fn duration<'a>(doc: &'a RuleDocument<'_>, key: &str) -> Option<(Duration, &'a Node)> {
    let node = doc.field(key)?;
    Duration::parse(node.as_str()?).map(|duration| (duration, node))
}

#[cfg(test)]
mod tests;
