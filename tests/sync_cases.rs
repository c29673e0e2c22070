//! The shared cases about deploying, as tests of their whole kind of fault: a bulk deploy
//! under throttling lands every rule and counts the retries (case 040), and a plan that would
//! leave more NRT rules than Sentinel allows warns before any write (case 019); two rules
//! with one id never deploy as "the last one wins" (case 026).

mod sync_support;

use sentinelctl::emulator::Faults;
use sync_support::*;

/// Case 040: 80 rules; the service lets 20 calls through, then answers 429 with
/// `Retry-After: 1` and refuses every call sent before that second is over (rule writes,
/// marker writes and listings alike), each with the time still to wait. Every rule lands,
/// none is reported as failed, the run paused instead of sending into the throttle window,
/// the summary counts every throttled request of the run, the listings' included (the same
/// number the emulator counted), and the exit status is 0.
#[test]
fn case_040_bulk_deploy_under_429_lands_every_rule() {
    let faults = Faults {
        throttle_every: Some(20),
        retry_after_secs: 1,
        throttle_window: true,
        ..Faults::default()
    };
    let world = World::new(faults);
    for n in 1..=80 {
        world.write(&format!("rules/r{n:03}.yaml"), &scheduled(n, "Medium"));
    }
    // Reads first, so that the 20th call, throttled, is one of the deploy's listings.
    for _ in 0..17 {
        world.block_on(world.client().list_metadata()).expect("read");
    }
    let run = world.run(&["deploy", "--format", "json", "--concurrency", "4"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let summary = &run.json()["summary"];
    assert_eq!((summary["created"].as_u64(), summary["failed"].as_u64()), (Some(80), Some(0)));
    let throttled = summary["throttled_retries"].as_u64().expect("count");
    let server = world.stats();
    assert!(throttled >= 8, "160 writes, a 429 after every 20 calls: {}", run.stdout);
    assert_eq!(throttled, server.throttled, "the summary counts what the service throttled");
    assert!(server.max_in_flight <= 4, "in flight peaked at {}", server.max_in_flight);
    // Only calls already on their way when a 429 came back (at most the 3 other slots) can
    // land inside its window, and each of those is refused and counted as throttled too.
    let in_window = server.calls_in_throttle_window;
    let windows = throttled - in_window;
    assert!(in_window <= 3 * windows, "{in_window} calls sent inside {windows} throttle windows");
    eprintln!(
        "case 040: {} calls, {throttled} throttled, {in_window} inside a window",
        server.calls
    );

    // Converged: nothing left to do, and the clean plan survives the throttling too.
    let plan = world.run(&["plan", "--detailed-exitcode"]);
    assert_eq!(plan.code, 0, "{}{}", plan.stdout, plan.stderr);
}

/// Case 019: more than 50 NRT rules after the plan (existing plus new) is a warning on
/// stderr, printed before any write; at 50 there is none.
#[test]
fn case_019_more_than_fifty_nrt_rules_warn_before_any_write() {
    let world = World::new(Faults::default());
    for n in 1..=50 {
        world.write(&format!("rules/nrt{n:03}.yaml"), &nrt(n));
    }
    let at_limit = world.run(&["deploy"]);
    assert_eq!(at_limit.code, 0, "{}", at_limit.stderr);
    assert!(!at_limit.stderr.contains("NRT rules"), "{}", at_limit.stderr);

    world.write("rules/nrt051.yaml", &nrt(51));
    let plan = world.run(&["plan"]);
    assert!(plan.stderr.contains("leaves 51 NRT rules"), "{}", plan.stderr);
    let before = world.stats().writes;
    let deploy = world.run(&["deploy", "--dry-run"]);
    assert!(deploy.stderr.contains("at most 50"), "{}", deploy.stderr);
    assert_eq!(world.stats().writes, before, "--dry-run writes nothing");
}

/// Case 026: two analytic rules sharing an id (in different letter case) would overwrite one
/// another as `alertRules/<id>`; deploy refuses with the lint error naming both files and
/// writes nothing. Once one of them is given its own id, everything deploys.
#[test]
fn case_026_duplicate_ids_block_every_write() {
    let world = World::new(Faults::default());
    world.write("rules/first.yaml", &scheduled(1, "Medium"));
    let upper = scheduled(2, "Low").replace(&id(2), &id(1).to_uppercase());
    world.write("rules/second.yaml", &upper);
    world.write("rules/other.yaml", &scheduled(3, "High"));
    let deploy = world.run(&["deploy"]);
    assert_eq!(deploy.code, 1, "{}", deploy.stderr);
    assert!(deploy.stderr.contains("IDS101"), "{}", deploy.stderr);
    assert!(
        deploy.stderr.contains("first.yaml") && deploy.stderr.contains("second.yaml"),
        "{}",
        deploy.stderr
    );
    assert_eq!(world.stats().writes, 0, "no rule is written while the ids clash");

    world.write("rules/second.yaml", &scheduled(2, "Low"));
    let fixed = world.run(&["deploy", "--format", "json"]);
    assert_eq!(fixed.code, 0, "{}", fixed.stderr);
    assert_eq!(fixed.json()["summary"]["created"], 3);
}
