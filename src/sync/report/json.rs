//! Reports for scripts, in the documented shapes:
//! plan `{"changes":[{"rule_id","file","kind","action","owner","takeover","fields":[{"path",
//! "live","local"}]}],"left_out":[{"file","line","column","field","rule_id","message"}]}`,
//! drift `{"drift":[{"rule_id","file","display_name","status","owner","fields":[…]}]}`,
//! deploy `{"results":[{"rule_id","file","kind","display_name","outcome","error","owner"}],
//! "summary":{…}}`; each also has
//! `"workspace":{"subscription","resource_group","name","environment"}`. Keys are only ever
//! added, so scripts written against an older shape keep working.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::Target;
use crate::sync::apply::{DeploySummary, Outcome};
use crate::sync::drift::DriftReport;
use crate::sync::plan::Plan;

fn workspace(target: &Target) -> Value {
    json!({
        "subscription": target.workspace.subscription,
        "resource_group": target.workspace.resource_group,
        "name": target.workspace.name,
        "environment": target.environment,
    })
}

pub fn plan(target: &Target, plan: &Plan, out: &mut dyn Write) -> io::Result<()> {
    let changes: Vec<Value> = plan
        .entries
        .iter()
        .map(|e| {
            json!({
                "rule_id": e.rule_id,
                "file": e.file.as_ref().map(|f| f.display().to_string()),
                "kind": e.kind,
                "action": e.action,
                "owner": e.owner,
                "takeover": e.takeover().map(|(from, to)| json!({ "from": from, "to": to })),
                "fields": e.fields,
            })
        })
        .collect();
    let left_out: Vec<Value> = plan
        .left_out
        .iter()
        .map(|p| {
            json!({
                "file": p.file.display().to_string(),
                "line": p.line,
                "column": p.column,
                "field": p.field,
                "rule_id": p.rule_id,
                "message": p.message,
            })
        })
        .collect();
    let report =
        json!({ "workspace": workspace(target), "changes": changes, "left_out": left_out });
    write(&report, out)
}

pub fn drift(target: &Target, report: &DriftReport, out: &mut dyn Write) -> io::Result<()> {
    let drift: Vec<Value> = report
        .entries
        .iter()
        .map(|e| {
            json!({
                "rule_id": e.rule_id,
                "file": e.file.as_ref().map(|f| f.display().to_string()),
                "display_name": e.display_name,
                "status": e.status,
                "owner": e.owner,
                "fields": e.fields,
            })
        })
        .collect();
    write(&json!({ "workspace": workspace(target), "drift": drift }), out)
}

pub fn deploy(target: &Target, summary: &DeploySummary, out: &mut dyn Write) -> io::Result<()> {
    let results: Vec<Value> = summary
        .results
        .iter()
        .map(|a| {
            json!({
                "rule_id": a.rule_id,
                "file": a.file.as_ref().map(|f| f.display().to_string()),
                "kind": a.kind,
                "display_name": a.display_name,
                "outcome": a.outcome,
                "error": a.error,
                "owner": a.owner,
            })
        })
        .collect();
    let counts = json!({
        "created": summary.count(&Outcome::Created),
        "updated": summary.count(&Outcome::Updated),
        "deleted": summary.count(&Outcome::Deleted),
        "skipped": summary.count(&Outcome::Skipped) + summary.count(&Outcome::Marked),
        "marked": summary.count(&Outcome::Marked),
        "owned_elsewhere": summary.owned_elsewhere(),
        "taken_over": summary.taken_over(),
        "failed": summary.count(&Outcome::Failed),
        "throttled_retries": summary.throttled,
    });
    let report = json!({ "workspace": workspace(target), "results": results, "summary": counts });
    write(&report, out)
}

fn write(value: &Value, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}
