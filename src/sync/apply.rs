//! Deploy: carries out a plan against the workspace.
//!
//! Every rule is its own task, run concurrently; the client's limiter bounds the requests in
//! flight, and its retry policy absorbs throttling, so a 429 slows the run down rather than
//! failing a rule. A rule that fails is recorded with ARM's error and the others go on.
//! Unchanged rules are never re-sent (that would reset their schedules); an unchanged rule
//! whose marker is missing gets only its marker. A rule whose marker names another
//! repository is skipped untouched, with that repository named in the summary. Rerunning
//! after a partial failure converges, because the next plan is computed from the live
//! workspace again.
//!
//! The summary accounts for every rule file of the run: a file left out because it cannot be
//! deployed as written counts as failed, with the reason at its line, so a failed exit status
//! is always explained by the summary.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use futures_util::stream::{self, StreamExt};
use serde::Serialize;

use super::inventory::FileProblem;
use super::plan::{Action, Entry, Plan, Target};
use super::to_arm::ArmResource;
use crate::azure::{self, SentinelClient, Stats};

/// Rules worked on at once; the client's own limiter bounds what is on the wire.
const TASKS_AT_ONCE: usize = 64;

/// What happened to one rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Created,
    Updated,
    Deleted,
    /// Unchanged, or owned by another repository (then `owner` names it): not sent.
    Skipped,
    /// Unchanged; only its ownership marker was written.
    Marked,
    Failed,
}

/// One rule's result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applied {
    pub rule_id: String,
    pub file: Option<PathBuf>,
    pub kind: String,
    pub display_name: String,
    pub outcome: Outcome,
    /// ARM's error, for a failed rule.
    pub error: Option<String>,
    /// The other repository the rule's marker named: the owner of a rule skipped for that
    /// reason, or the one a rule was taken over from (`--adopt`).
    pub owner: Option<String>,
}

impl Applied {
    /// Skipped because another repository owns it.
    pub fn owned_elsewhere(&self) -> bool {
        self.outcome == Outcome::Skipped && self.owner.is_some()
    }

    /// Written, and its marker taken over from another repository.
    pub fn taken_over(&self) -> bool {
        self.owner.is_some() && !matches!(self.outcome, Outcome::Skipped | Outcome::Failed)
    }
}

/// The client's throttling and retry counters at one moment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counters {
    pub throttled: u64,
    pub retries: u64,
}

impl Counters {
    pub fn of(stats: &Stats) -> Self {
        Self {
            throttled: stats.throttled.load(Ordering::Relaxed),
            retries: stats.retries.load(Ordering::Relaxed),
        }
    }
}

/// The result of a deploy.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeploySummary {
    pub results: Vec<Applied>,
    /// Requests answered 429 during the run, reads included.
    pub throttled: u64,
    /// Requests retried for any reason during the run, reads included.
    pub retries: u64,
    /// Warnings shown before the run (service limits).
    pub warnings: Vec<String>,
}

impl DeploySummary {
    /// How many rules had `outcome`; `Skipped` counts unchanged rules only, since rules
    /// owned by another repository are counted by [`Self::owned_elsewhere`].
    pub fn count(&self, outcome: &Outcome) -> usize {
        self.results.iter().filter(|r| &r.outcome == outcome && !r.owned_elsewhere()).count()
    }

    /// Rules skipped because their marker names another repository.
    pub fn owned_elsewhere(&self) -> usize {
        self.results.iter().filter(|r| r.owned_elsewhere()).count()
    }

    /// Rules taken over from another repository.
    pub fn taken_over(&self) -> usize {
        self.results.iter().filter(|r| r.taken_over()).count()
    }

    pub fn failed(&self) -> bool {
        self.results.iter().any(|r| r.outcome == Outcome::Failed)
    }
}

/// Applies `plan`; `on_done` is called as each rule finishes (for a progress bar). The
/// throttling and retries are counted from `since`, the client's counters when the run
/// began, so the reads that built the plan are counted with the writes.
pub async fn apply(
    client: &SentinelClient,
    plan: &Plan,
    since: Counters,
    on_done: &(dyn Fn(&Applied) + Sync),
) -> DeploySummary {
    let results = stream::iter(plan.entries.iter())
        .map(|entry| async move {
            let applied = apply_one(client, entry).await;
            on_done(&applied);
            applied
        })
        .buffer_unordered(TASKS_AT_ONCE)
        .collect::<Vec<Applied>>()
        .await;
    let mut results = results;
    let order = |r: &Applied| plan.entries.iter().position(|e| e.rule_id == r.rule_id);
    results.sort_by_key(order);
    results.extend(plan.left_out.iter().map(not_deployed));
    let now = Counters::of(client.stats());
    let throttled = now.throttled.saturating_sub(since.throttled);
    let retries = now.retries.saturating_sub(since.retries);
    tracing::info!(rules = results.len(), throttled, retries, "deploy finished");
    DeploySummary { results, throttled, retries, warnings: plan.warnings.clone() }
}

/// A file left out of the plan, as a failed rule with the reason at its line.
fn not_deployed(problem: &FileProblem) -> Applied {
    Applied {
        rule_id: problem.rule_id.clone().unwrap_or_default(),
        file: Some(problem.file.clone()),
        kind: problem.kind.clone(),
        display_name: problem.display_name.clone().unwrap_or_default(),
        outcome: Outcome::Failed,
        error: Some(format!("{problem}; not deployed")),
        owner: None,
    }
}

async fn apply_one(client: &SentinelClient, entry: &Entry) -> Applied {
    let result = match entry.action {
        Action::Create | Action::Update => write(client, entry).await,
        Action::Delete => delete(client, entry).await,
        Action::Unchanged if entry.marker.is_some() => mark(client, entry).await,
        Action::Unchanged | Action::OwnedElsewhere => Ok(Outcome::Skipped),
    };
    let (outcome, error) = match result {
        Ok(outcome) => (outcome, None),
        Err(error) => {
            tracing::debug!(rule = entry.rule_id, %error, "rule failed");
            (Outcome::Failed, Some(error))
        }
    };
    Applied {
        rule_id: entry.rule_id.clone(),
        file: entry.file.clone(),
        kind: entry.kind.clone(),
        display_name: entry.display_name.clone(),
        outcome,
        error,
        owner: entry.owner.clone(),
    }
}

async fn write(client: &SentinelClient, entry: &Entry) -> Result<Outcome, String> {
    let text = |e: azure::Error| e.to_string();
    match &entry.resource {
        Some(ArmResource::AlertRule(rule)) => {
            client.put_alert_rule(rule).await.map_err(text)?;
        }
        Some(ArmResource::SavedSearch(search)) => {
            // Log Analytics overwrites an existing saved search only with an etag; `*` says
            // "whatever is there", since the plan has just compared it.
            let mut search = search.clone();
            if entry.action == Action::Update {
                search.etag = Some("*".into());
            }
            client.put_saved_search(&search).await.map_err(text)?;
        }
        None => return Err("nothing to send".into()),
    }
    // The marker follows the rule: its parentId must name a rule that exists.
    mark(client, entry)
        .await
        .map_err(|e| format!("rule written, but not its ownership marker: {e}"))?;
    Ok(if entry.action == Action::Create { Outcome::Created } else { Outcome::Updated })
}

async fn mark(client: &SentinelClient, entry: &Entry) -> Result<Outcome, String> {
    if let Some(marker) = &entry.marker {
        client.put_metadata(marker).await.map_err(|e| e.to_string())?;
    }
    Ok(Outcome::Marked)
}

async fn delete(client: &SentinelClient, entry: &Entry) -> Result<Outcome, String> {
    let Some((target, marker_name)) = &entry.delete else {
        return Err("nothing to delete".into());
    };
    let text = |e: azure::Error| e.to_string();
    match target {
        Target::AlertRule => {
            client.delete_alert_rule(&entry.rule_id).await.map(|_| ()).map_err(text)?
        }
        Target::HuntingQuery => client.delete_saved_search(&entry.rule_id).await.map_err(text)?,
    }
    // The marker goes last: a marker left behind names a rule that no longer exists, which
    // nothing acts on, whereas a rule left without its marker could never be pruned again.
    client.delete_metadata(marker_name).await.map_err(text)?;
    Ok(Outcome::Deleted)
}
