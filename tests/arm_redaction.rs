//! Secrets and tokens never reach logs, error messages or `Debug` output, even at trace
//! level. This is its own test binary: a scoped `tracing` subscriber only sees every event
//! reliably when no other test in the process registers the same call sites concurrently.

mod arm_support;

use std::io;
use std::sync::{Arc, Mutex};

use arm_support::*;
use sentinelctl::azure::auth::{self, AuthEnv, AuthMode, AuthSettings, Choice};
use sentinelctl::azure::{Error, SentinelClient};
use sentinelctl::emulator::Faults;

/// A `tracing` writer that keeps everything in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().expect("log lock").extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn secrets_and_tokens_never_reach_logs_or_errors() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // A client secret sent to an authority that refuses connections: the failure names the
    // credential but not the secret.
    let secret = "super-secret-client-value-123";
    let env = AuthEnv::from_pairs([
        ("AZURE_CLIENT_SECRET", secret.to_owned()),
        ("AZURE_CLIENT_ID", "00000000-0000-0000-0000-000000000001".to_owned()),
        ("AZURE_TENANT_ID", "00000000-0000-0000-0000-000000000002".to_owned()),
    ]);
    let emulator = start_emulator(
        Faults { throttle_every: Some(3), retry_after_secs: 0, ..Faults::default() },
        2,
    )
    .await;
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let settings =
        AuthSettings { authority_host: Some(format!("https://{closed}")), ..Default::default() };
    let endpoint = emulator.url().parse().unwrap();
    let credential = auth::build(&settings, &env, &endpoint).unwrap().unwrap();
    assert_eq!(credential.choice(), Choice::ClientSecret);
    let client =
        SentinelClient::new(workspace(), Some(credential.clone()), options(&emulator)).unwrap();
    let error = client.list_alert_rules().await.unwrap_err();
    assert!(matches!(error, Error::Credential { .. }), "{error:?}");
    let mut shown = format!("{error}\n{error:?}\n{credential:?}\n{env:?}\n{client:?}");

    // A CLI token through retries, a 4xx and paging, all logged at trace level.
    let az = Arc::new(FakeAz::default());
    let settings =
        AuthSettings { mode: AuthMode::Cli, cli_executor: Some(az), ..Default::default() };
    let credential = auth::build(&settings, &AuthEnv::default(), &endpoint).unwrap().unwrap();
    let client = SentinelClient::new(workspace(), Some(credential), options(&emulator)).unwrap();
    for i in 0..3 {
        client.put_alert_rule(&scheduled_rule(&format!("r{i}"))).await.unwrap();
    }
    let mut bad = scheduled_rule("bad");
    bad.properties.insert("severity".into(), "Critical".into());
    let error = client.put_alert_rule(&bad).await.unwrap_err();
    shown.push_str(&format!("{error}\n{error:?}\n{client:?}"));
    assert_eq!(client.list_alert_rules().await.unwrap().len(), 3);

    let logs = String::from_utf8_lossy(&captured.0.lock().unwrap()).into_owned();
    assert!(
        logs.contains("retrying") && logs.contains("answered"),
        "trace logs were captured: {}",
        &logs[logs.len().saturating_sub(3000)..]
    );
    for leak in [secret, CLI_TOKEN, "cli-token-signature"] {
        assert!(!logs.contains(leak), "logs leak {leak}");
        assert!(!shown.contains(leak), "messages leak {leak}: {shown}");
    }
    emulator.shutdown().await;
}
