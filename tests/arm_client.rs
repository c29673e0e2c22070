//! The ARM client against the emulator: CRUD of Scheduled and NRT rules, hunting queries and
//! metadata with paging, throttling and transient failures, and ARM errors as users see them.

mod arm_support;

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use arm_support::*;
use sentinelctl::azure::metadata::Metadata;
use sentinelctl::azure::saved_searches::SavedSearch;
use sentinelctl::azure::{ClientOptions, Error, SentinelClient};
use sentinelctl::emulator::Faults;
use serde_json::json;

#[tokio::test]
async fn scheduled_and_nrt_rules_round_trip_with_paging() {
    let emulator = start_emulator(Faults::default(), 2).await;
    let client = client(&emulator);

    let (stored, created) = client.put_alert_rule(&scheduled_rule("sched-1")).await.unwrap();
    assert!(created, "first PUT creates (201)");
    assert_eq!(stored.kind, "Scheduled");
    let first_etag = stored.etag.clone().expect("server sets an etag");
    assert!(stored.properties["lastModifiedUtc"].is_string(), "read-only field set on output");

    let (updated, created) = client.put_alert_rule(&scheduled_rule("sched-1")).await.unwrap();
    assert!(!created, "second PUT updates (200)");
    assert_ne!(updated.etag.as_deref(), Some(first_etag.as_str()));

    let (nrt, _) = client.put_alert_rule(&nrt_rule("nrt-1")).await.unwrap();
    assert_eq!(nrt.kind, "NRT");
    assert_eq!(nrt.properties["subTechniques"], json!(["T1078.004"]));
    for i in 2..=4 {
        client.put_alert_rule(&scheduled_rule(&format!("sched-{i}"))).await.unwrap();
    }

    // Five rules at two per page: three GETs, all five back.
    let before = stats(&emulator).await.calls;
    let mut names: Vec<String> =
        client.list_alert_rules().await.unwrap().into_iter().map(|r| r.name).collect();
    names.sort();
    assert_eq!(names, ["nrt-1", "sched-1", "sched-2", "sched-3", "sched-4"]);
    assert_eq!(stats(&emulator).await.calls - before, 3, "followed nextLink across three pages");

    let fetched =
        client.get_alert_rule("NRT-1").await.unwrap().expect("names are case-insensitive");
    assert_eq!(fetched.properties["query"], nrt.properties["query"]);
    assert!(client.delete_alert_rule("nrt-1").await.unwrap(), "200 when it existed");
    assert!(!client.delete_alert_rule("nrt-1").await.unwrap(), "204 when absent");
    assert_eq!(client.get_alert_rule("nrt-1").await.unwrap(), None);
    emulator.shutdown().await;
}

#[tokio::test]
async fn hunting_queries_and_metadata() {
    let emulator = start_emulator(Faults::default(), 2).await;
    let client = client(&emulator);

    let tactics = vec!["Discovery".to_owned(), "Execution".to_owned()];
    let query = SavedSearch::hunting_query(
        "hq-1",
        "Rare processes",
        "DeviceProcessEvents | take 10",
        "Finds rare processes",
        &tactics,
        &["T1057".to_owned()],
    );
    let stored = client.put_saved_search(&query).await.unwrap();
    assert!(stored.is_hunting_query());
    assert_eq!(stored.tactics(), tactics);
    assert_eq!(stored.tag("DESCRIPTION"), Some("Finds rare processes"));
    assert!(stored.etag.as_deref().is_some_and(|e| e.starts_with("W/")));
    let mut other = SavedSearch::hunting_query("saved-2", "Other", "Heartbeat", "", &[], &[]);
    other.category = "General".into();
    client.put_saved_search(&other).await.unwrap();
    let hunting: Vec<_> = client
        .list_saved_searches()
        .await
        .unwrap()
        .into_iter()
        .filter(SavedSearch::is_hunting_query)
        .collect();
    assert_eq!(hunting.len(), 1);
    assert_eq!(client.get_saved_search("hq-1").await.unwrap().unwrap().techniques(), ["T1057"]);
    client.delete_saved_search("hq-1").await.unwrap();
    assert_eq!(client.get_saved_search("hq-1").await.unwrap(), None);

    for i in 0..5 {
        let link = Metadata::for_alert_rule(
            &client,
            &format!("rule-{i}"),
            "https://github.com/example/rules",
            "1.0.0",
        );
        let (stored, created) = client.put_metadata(&link).await.unwrap();
        assert!(created);
        assert_eq!(stored.source(), Some(("SourceRepository", "https://github.com/example/rules")));
    }
    let links = client.list_metadata().await.unwrap();
    assert_eq!(links.len(), 5, "three pages of two");
    assert!(links.iter().all(|m| m.parent_id().is_some_and(|p| p.contains("/alertRules/rule-"))));
    assert!(client.delete_metadata("rule-0").await.unwrap());
    assert_eq!(client.get_metadata("rule-0").await.unwrap(), None);
    emulator.shutdown().await;
}

#[tokio::test]
async fn throttling_waits_retry_after_seconds_and_completes() {
    // Every 2nd call is throttled with `Retry-After: 1`: the client must wait a real second.
    let faults = Faults { throttle_every: Some(2), retry_after_secs: 1, ..Faults::default() };
    let emulator = start_emulator(faults, 3).await;
    let client = client(&emulator);
    client.put_alert_rule(&scheduled_rule("a")).await.unwrap();
    let started = Instant::now();
    client.put_alert_rule(&scheduled_rule("b")).await.unwrap();
    assert!(started.elapsed() >= Duration::from_secs(1), "retried after {:?}", started.elapsed());
    assert_eq!(client.stats().throttled.load(Ordering::Relaxed), 1);
    assert_eq!(stats(&emulator).await.throttled, 1);
    emulator.shutdown().await;
}

#[tokio::test]
async fn retry_after_is_honoured_exactly_with_an_injected_clock() {
    let faults = Faults { throttle_every: Some(2), retry_after_secs: 7, ..Faults::default() };
    let emulator = start_emulator(faults, 3).await;
    let clock = Arc::new(RecordingClock::default());
    let client = client_with_clock(&emulator, clock.clone());
    for name in ["a", "b", "c"] {
        client.put_alert_rule(&scheduled_rule(name)).await.unwrap();
    }
    assert_eq!(*clock.sleeps.lock().unwrap(), vec![Duration::from_secs(7); 2]);

    // The millisecond header wins when present.
    set_faults(
        &emulator,
        &Faults {
            throttle_every: Some(1),
            retry_after_secs: 7,
            retry_after_ms: Some(1500),
            ..Faults::default()
        },
    )
    .await;
    let error = client.get_alert_rule("a").await.unwrap_err();
    assert!(matches!(error, Error::RetriesExhausted { attempts: 6, .. }), "{error}");
    assert_eq!(error.arm_code(), Some("TooManyRequests"));
    assert_eq!(clock.sleeps.lock().unwrap()[2..], [Duration::from_millis(1500); 5]);
    emulator.shutdown().await;
}

#[tokio::test]
async fn transient_errors_and_dropped_connections_are_retried() {
    let faults = Faults { error_every: Some(2), error_status: Some(500), ..Faults::default() };
    let emulator = start_emulator(faults, 3).await;
    let client = client(&emulator);
    for i in 0..4 {
        client.put_alert_rule(&scheduled_rule(&format!("r{i}"))).await.unwrap();
    }
    assert!(stats(&emulator).await.errors >= 3);

    set_faults(&emulator, &Faults { drop_every: Some(3), ..Faults::default() }).await;
    assert_eq!(client.list_alert_rules().await.unwrap().len(), 4);
    for i in 0..4 {
        assert!(client.get_alert_rule(&format!("r{i}")).await.unwrap().is_some());
    }
    assert!(stats(&emulator).await.dropped >= 2);
    assert!(client.stats().retries.load(Ordering::Relaxed) >= 5);
    emulator.shutdown().await;
}

#[tokio::test]
async fn arm_errors_carry_code_message_and_request_id() {
    let emulator = start_emulator(Faults::default(), 3).await;
    let client = client(&emulator);

    let mut bad = scheduled_rule("bad");
    bad.properties.insert("severity".into(), json!("Critical"));
    let error = client.put_alert_rule(&bad).await.unwrap_err();
    let Error::Arm(arm) = &error else { panic!("{error:?}") };
    let (status, code, message, request_id) =
        (arm.status, &arm.code, &arm.message, &arm.request_id);
    assert_eq!((status, code.as_str()), (400, "BadRequest"));
    assert!(message.contains("properties.severity"), "{message}");
    assert_eq!(request_id.len(), 36, "x-ms-request-id is a GUID: {request_id}");
    let text = error.to_string();
    assert!(text.contains("BadRequest") && text.contains(request_id.as_str()), "{text}");

    // A stale etag is a conflict, not a silent overwrite.
    let (_, _) = client.put_alert_rule(&scheduled_rule("r")).await.unwrap();
    let mut stale = scheduled_rule("r");
    stale.etag = Some("\"00000000-0000-0000-0000-000000000000\"".into());
    let error = client.put_alert_rule(&stale).await.unwrap_err();
    assert_eq!((error.status(), error.arm_code()), (Some(409), Some("Conflict")));
    emulator.shutdown().await;
}

#[tokio::test]
async fn refuses_unauthenticated_calls_to_a_remote_endpoint() {
    let options = ClientOptions::new("https://management.azure.com".parse().unwrap());
    let error = SentinelClient::new(workspace(), None, options).unwrap_err();
    assert!(error.to_string().contains("only for a loopback endpoint"), "{error}");
}

#[tokio::test]
async fn emulator_rejects_what_the_service_would() {
    let emulator = start_emulator(Faults::default(), 3).await;
    let base = format!(
        "{}/subscriptions/s/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law/providers/Microsoft.SecurityInsights/alertRules/x",
        emulator.url()
    );
    let http = reqwest::Client::new();
    let nrt = nrt_rule("x").to_body();
    let answer = |response: reqwest::Response| async move {
        let status = response.status().as_u16();
        (status, response.json::<serde_json::Value>().await.unwrap())
    };
    let (status, body) =
        answer(http.put(format!("{base}?api-version=2025-09-01")).json(&nrt).send().await.unwrap())
            .await;
    assert_eq!(
        (status, body["error"]["target"].as_str()),
        (400, Some("kind")),
        "stable has no NRT: {body}"
    );
    // Request ids: ours echoed back, the service's own on every answer.
    let response = http
        .get(format!("{base}?api-version=2025-09-01"))
        .header("x-ms-client-request-id", "3f2b6c1e-0000-4000-8000-000000000001")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert_eq!(
        response.headers()["x-ms-client-request-id"],
        "3f2b6c1e-0000-4000-8000-000000000001"
    );
    assert_eq!(response.headers()["x-ms-request-id"].len(), 36);
    let (status, body) =
        answer(http.put(format!("{base}?api-version=2024-01-01")).json(&nrt).send().await.unwrap())
            .await;
    assert_eq!((status, body["error"]["code"].as_str()), (400, Some("InvalidApiVersionParameter")));
    let (status, body) = answer(
        http.put(format!("{base}?api-version=2025-07-01-preview")).body("{").send().await.unwrap(),
    )
    .await;
    assert_eq!((status, body["error"]["code"].as_str()), (400, Some("InvalidRequestContent")));
    emulator.shutdown().await;
}
