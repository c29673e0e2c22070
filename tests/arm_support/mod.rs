//! Shared helpers of the `arm_*` integration tests: start the emulator on a free loopback
//! port, build clients against it, and read or change its fault injection.

#![allow(dead_code, reason = "each test file uses a different subset")]

pub mod https;

use std::ffi::OsStr;
use std::io;
use std::process::Output;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use sentinelctl::azure::alert_rules::AlertRule;
use sentinelctl::azure::retry::{Clock, SleepFuture};
use sentinelctl::azure::{ClientOptions, RetryOptions, SentinelClient, Workspace};
use sentinelctl::emulator::{self, EmulatorConfig, EmulatorStats, Faults, RunningEmulator};
use serde_json::{Value, json};

pub async fn start_emulator(faults: Faults, page_size: usize) -> RunningEmulator {
    let config = EmulatorConfig { page_size, faults, ..EmulatorConfig::default() };
    emulator::start(config).await.expect("emulator starts")
}

pub fn workspace() -> Workspace {
    Workspace {
        subscription: "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0".into(),
        resource_group: "rg-sentinel".into(),
        name: "law-sentinel".into(),
    }
}

/// Client options with short real backoffs, so tests that really wait stay fast.
pub fn options(emulator: &RunningEmulator) -> ClientOptions {
    let mut options = ClientOptions::new(emulator.url().parse().expect("url"));
    options.retry = RetryOptions {
        max_retries: 5,
        initial_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(200),
        max_total: Duration::from_secs(30),
    };
    options
}

pub fn client(emulator: &RunningEmulator) -> SentinelClient {
    SentinelClient::new(workspace(), None, options(emulator)).expect("client")
}

/// A clock that never really sleeps: it records every requested sleep and moves its own time
/// on by it, so a wait until an instant it computed is over once slept.
#[derive(Debug)]
pub struct RecordingClock {
    pub sleeps: Mutex<Vec<Duration>>,
    start: SystemTime,
}

impl Default for RecordingClock {
    fn default() -> Self {
        Self { sleeps: Mutex::default(), start: SystemTime::now() }
    }
}

impl Clock for RecordingClock {
    fn now(&self) -> SystemTime {
        self.start + self.sleeps.lock().expect("clock lock").iter().sum::<Duration>()
    }
    fn sleep(&self, duration: Duration) -> SleepFuture {
        self.sleeps.lock().expect("clock lock").push(duration);
        Box::pin(async {})
    }
}

pub fn client_with_clock(emulator: &RunningEmulator, clock: Arc<RecordingClock>) -> SentinelClient {
    let mut options = options(emulator);
    options.clock = clock;
    SentinelClient::new(workspace(), None, options).expect("client")
}

pub async fn set_faults(emulator: &RunningEmulator, faults: &Faults) {
    let url = format!("{}/_emulator/faults", emulator.url());
    let response =
        reqwest::Client::new().put(url).json(faults).send().await.expect("control endpoint");
    assert!(response.status().is_success(), "{}", response.status());
}

pub async fn stats(emulator: &RunningEmulator) -> EmulatorStats {
    let url = format!("{}/_emulator/stats", emulator.url());
    reqwest::get(url).await.expect("stats").json().await.expect("stats json")
}

fn properties(value: Value) -> serde_json::Map<String, Value> {
    value.as_object().cloned().expect("object")
}

pub fn scheduled_rule(name: &str) -> AlertRule {
    AlertRule::new(
        name,
        "Scheduled",
        properties(json!({
            "displayName": format!("Scheduled {name}"),
            "enabled": true,
            "query": "SigninLogs | where ResultType != 0",
            "queryFrequency": "PT1H",
            "queryPeriod": "P1D",
            "severity": "Medium",
            "suppressionDuration": "PT5H",
            "suppressionEnabled": false,
            "triggerOperator": "GreaterThan",
            "triggerThreshold": 0,
            "tactics": ["CredentialAccess"],
            "techniques": ["T1110"],
        })),
    )
}

pub fn nrt_rule(name: &str) -> AlertRule {
    AlertRule::new(
        name,
        "NRT",
        properties(json!({
            "displayName": format!("NRT {name}"),
            "enabled": true,
            "query": "AuditLogs | where OperationName has 'role'",
            "severity": "High",
            "suppressionDuration": "PT1H",
            "suppressionEnabled": false,
            "tactics": ["PrivilegeEscalation"],
            "techniques": ["T1078"],
            "subTechniques": ["T1078.004"],
        })),
    )
}

pub const CLI_TOKEN: &str = "eyJ0eXAiOiJKV1QifQ.eyJhdWQiOiJhcm0ifQ.cli-token-signature";

/// Stands in for `az`: answers `az account get-access-token` and records the command line.
#[derive(Debug, Default)]
pub struct FakeAz {
    pub commands: Mutex<Vec<String>>,
}

#[async_trait::async_trait]
impl azure_identity::Executor for FakeAz {
    async fn run(&self, program: &OsStr, args: &[&OsStr]) -> io::Result<Output> {
        let line = std::iter::once(program)
            .chain(args.iter().copied())
            .map(|a| a.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ");
        self.commands.lock().expect("az lock").push(line);
        let expires = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("after 1970")
            .as_secs()
            + 3600;
        let stdout = format!(
            "{{\"accessToken\":\"{CLI_TOKEN}\",\"expires_on\":{expires},\"tokenType\":\"Bearer\"}}"
        );
        Ok(Output {
            status: std::process::ExitStatus::default(),
            stdout: stdout.into_bytes(),
            stderr: Vec::new(),
        })
    }
}
