//! Reports for scripts, in the documented shapes:
//! plan `{"changes":[{"rule_id","file","kind","action","fields":[{"path","live","local"}]}]}`,
//! drift `{"drift":[{"rule_id","file","display_name","status","fields":[…]}]}`, deploy
//! `{"results":[{"rule_id","file","kind","display_name","outcome","error"}],"summary":{…}}`.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::sync::apply::{DeploySummary, Outcome};
use crate::sync::drift::DriftReport;
use crate::sync::plan::Plan;

pub fn plan(plan: &Plan, out: &mut dyn Write) -> io::Result<()> {
    let changes: Vec<Value> = plan
        .entries
        .iter()
        .map(|e| {
            json!({
                "rule_id": e.rule_id,
                "file": e.file.as_ref().map(|f| f.display().to_string()),
                "kind": e.kind,
                "action": e.action,
                "fields": e.fields,
            })
        })
        .collect();
    write(&json!({ "changes": changes }), out)
}

pub fn drift(report: &DriftReport, out: &mut dyn Write) -> io::Result<()> {
    let drift: Vec<Value> = report
        .entries
        .iter()
        .map(|e| {
            json!({
                "rule_id": e.rule_id,
                "file": e.file.as_ref().map(|f| f.display().to_string()),
                "display_name": e.display_name,
                "status": e.status,
                "fields": e.fields,
            })
        })
        .collect();
    write(&json!({ "drift": drift }), out)
}

pub fn deploy(summary: &DeploySummary, out: &mut dyn Write) -> io::Result<()> {
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
            })
        })
        .collect();
    let counts = json!({
        "created": summary.count(&Outcome::Created),
        "updated": summary.count(&Outcome::Updated),
        "deleted": summary.count(&Outcome::Deleted),
        "skipped": summary.count(&Outcome::Skipped) + summary.count(&Outcome::Marked),
        "marked": summary.count(&Outcome::Marked),
        "failed": summary.count(&Outcome::Failed),
        "throttled_retries": summary.throttled,
    });
    write(&json!({ "results": results, "summary": counts }), out)
}

fn write(value: &Value, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}
