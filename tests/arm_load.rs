//! Bounded loopback load: the client never has more than `--concurrency` requests in flight,
//! and a bulk deploy under throttling lands every write (case 040: 80 rules, a 429 with
//! `Retry-After` on every 5th call).

mod arm_support;

use std::sync::atomic::Ordering;
use std::time::Instant;

use arm_support::*;
use sentinelctl::azure::SentinelClient;
use sentinelctl::emulator::Faults;

async fn deploy(client: &SentinelClient, count: usize) -> Vec<String> {
    let mut tasks = tokio::task::JoinSet::new();
    for i in 0..count {
        let client = client.clone();
        tasks.spawn(async move {
            let name = format!("rule-{i:03}");
            client.put_alert_rule(&scheduled_rule(&name)).await.map(|_| name)
        });
    }
    let mut landed = Vec::new();
    while let Some(result) = tasks.join_next().await {
        landed.push(result.expect("task").expect("every write lands"));
    }
    landed
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eighty_writes_under_429_every_fifth_call_all_land_within_the_concurrency_bound() {
    // Latency keeps requests on the wire long enough for the bound to matter.
    let faults = Faults {
        throttle_every: Some(5),
        retry_after_secs: 1,
        latency_ms: 20,
        ..Faults::default()
    };
    let emulator = start_emulator(faults, 50).await;
    let concurrency = 4;
    let mut options = options(&emulator);
    options.concurrency = concurrency;
    let client = SentinelClient::new(workspace(), None, options).unwrap();

    let started = Instant::now();
    let landed = deploy(&client, 80).await;
    let elapsed = started.elapsed();

    assert_eq!(landed.len(), 80);
    assert_eq!(client.list_alert_rules().await.unwrap().len(), 80, "all 80 rules are stored");
    let server = stats(&emulator).await;
    let throttled = client.stats().throttled.load(Ordering::Relaxed);
    assert!(
        server.max_in_flight <= concurrency as u64,
        "in flight peaked at {}",
        server.max_in_flight
    );
    assert_eq!(
        server.max_in_flight, concurrency as u64,
        "the bound was reached, so the test measures it"
    );
    assert!(throttled >= 16, "a 429 on every 5th call: {throttled}");
    assert_eq!(server.throttled, throttled);
    eprintln!(
        "80 writes, concurrency {concurrency}: {} calls, {throttled} throttled retries, peak in flight {}, {:.1}s",
        server.calls,
        server.max_in_flight,
        elapsed.as_secs_f64()
    );
    emulator.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn default_concurrency_is_eight() {
    let faults = Faults { latency_ms: 30, ..Faults::default() };
    let emulator = start_emulator(faults, 50).await;
    let client = client(&emulator);
    deploy(&client, 40).await;
    assert_eq!(stats(&emulator).await.max_in_flight, 8);
    emulator.shutdown().await;
}
