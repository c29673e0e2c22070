//! What a person at a terminal sees, with the real binary in a pseudo-terminal: `deploy
//! --prune` lists the rules it would delete and asks; "y" deletes them, any other answer keeps
//! them and deploys the rest; a progress bar shows while rules are written, and only there.

#![cfg(unix)]

mod sync_support;

use rexpect::session::{PtySession, spawn_command};
use sentinelctl::emulator::Faults;
use sync_support::*;

fn at_terminal(world: &World, args: &[&str]) -> PtySession {
    spawn_command(world.command(args), Some(60_000)).expect("starts in a pseudo-terminal")
}

fn exists(world: &World, n: u32) -> bool {
    world.block_on(world.client().get_alert_rule(&id(n))).expect("get").is_some()
}

#[test]
fn prune_asks_and_only_yes_deletes() {
    let world = World::new(Faults::default());
    for n in 1..=2 {
        world.write(&format!("rules/r{n}.yaml"), &scheduled(n, "Medium"));
    }
    assert_eq!(world.run(&["deploy"]).code, 0);
    world.remove("rules/r2.yaml");
    world.write("rules/r3.yaml", &scheduled(3, "Low"));

    let mut refused = at_terminal(&world, &["deploy", "--prune"]);
    refused.exp_string("--prune deletes 1 rule(s) whose files are gone").expect("listed");
    refused.exp_string(&id(2)).expect("the rule is named");
    refused.exp_string("Delete these rules? [y/N]").expect("asked");
    refused.send_line("n").expect("answered");
    refused.exp_string("not deleting; deploying the other changes").expect("kept");
    refused.exp_eof().expect("exits");
    assert!(exists(&world, 2), "a \"no\" keeps the rule");
    assert!(exists(&world, 3), "and deploys the other changes");

    let mut confirmed = at_terminal(&world, &["deploy", "--prune"]);
    confirmed.exp_string("Delete these rules? [y/N]").expect("asked again");
    confirmed.send_line("y").expect("answered");
    confirmed.exp_eof().expect("exits");
    assert!(!exists(&world, 2), "a \"y\" deletes it");
    assert!(exists(&world, 1) && exists(&world, 3), "and nothing else");
}

#[test]
fn a_progress_bar_is_drawn_on_a_terminal_and_not_in_logs() {
    // Slow calls, so the bar has time to be drawn.
    let world = World::new(Faults { latency_ms: 200, ..Faults::default() });
    for n in 1..=4 {
        world.write(&format!("rules/r{n}.yaml"), &scheduled(n, "Medium"));
    }
    let mut session = at_terminal(&world, &["deploy"]);
    session.exp_string("deploying [").expect("a progress bar");
    session.exp_eof().expect("exits");

    world.write("rules/r5.yaml", &scheduled(5, "Medium"));
    let logged = world.run(&["deploy"]);
    assert_eq!(logged.code, 0, "{}", logged.stderr);
    assert!(!logged.stderr.contains("deploying ["), "{}", logged.stderr);
}
