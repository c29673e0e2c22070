//! Shared helpers of the `sync_*` tests: an emulator on a free loopback port, a temporary
//! repository of rule files, and the real binary run against both.

#![allow(dead_code, reason = "each test file uses a different subset")]

use std::path::{Path, PathBuf};
use std::time::Duration;

use sentinelctl::azure::{ClientOptions, RetryOptions, SentinelClient, Workspace};
use sentinelctl::emulator::{self, EmulatorConfig, EmulatorStats, Faults, RunningEmulator};
use serde_json::Value;

pub const REPOSITORY: &str = "contoso/detections";

/// An emulator, the runtime it runs on, and a folder of rule files.
pub struct World {
    pub runtime: tokio::runtime::Runtime,
    pub emulator: RunningEmulator,
    pub dir: tempfile::TempDir,
}

/// What one run of the binary produced.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}", self.stdout))
    }
}

pub fn workspace() -> Workspace {
    Workspace {
        subscription: "d0cfe6b2-9ac0-4464-9919-dccaee2e48c0".into(),
        resource_group: "rg-sentinel".into(),
        name: "law-sentinel".into(),
    }
}

impl World {
    pub fn new(faults: Faults) -> Self {
        // ARM's own page size for alert rules is not documented; 100 is a realistic figure.
        Self::with_page_size(faults, 100)
    }

    pub fn with_page_size(faults: Faults, page_size: usize) -> Self {
        Self::with_config(EmulatorConfig { page_size, faults, ..EmulatorConfig::default() })
    }

    pub fn with_config(config: EmulatorConfig) -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let emulator = runtime.block_on(emulator::start(config)).expect("emulator starts");
        let dir = tempfile::tempdir().expect("temp dir");
        Self { runtime, emulator, dir }
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir.path().join(relative)
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    pub fn remove(&self, relative: &str) {
        std::fs::remove_file(self.path(relative)).expect("remove");
    }

    /// The command `sentinelctl <args> <workspace options>`, run in the repository folder.
    pub fn command(&self, args: &[&str]) -> std::process::Command {
        let mut command = self.workspace_command(args);
        command.args(["--repository", REPOSITORY]);
        command
    }

    /// [`World::command`] without `--repository`, which `export` does not take.
    fn workspace_command(&self, args: &[&str]) -> std::process::Command {
        self.command_in(self.dir.path(), args)
    }

    /// `sentinelctl <args> <workspace options>` run in `folder`, without `--repository`: the
    /// markers then name the folder, as they do for a checkout without `$GITHUB_REPOSITORY`.
    pub fn command_in(&self, folder: &Path, args: &[&str]) -> std::process::Command {
        let url = self.emulator.url();
        let ws = workspace();
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_sentinelctl"));
        command
            .current_dir(folder)
            .env("NO_COLOR", "1")
            .env_remove("GITHUB_REPOSITORY")
            .env_remove("SENTINELCTL_REPOSITORY")
            .env_remove("SENTINELCTL_ENVIRONMENT")
            .args(args)
            .args(["--endpoint", &url, "--auth", "none"])
            .args(["--subscription", &ws.subscription, "--resource-group", &ws.resource_group])
            .args(["--workspace", &ws.name]);
        command
    }

    /// Runs [`World::command`] to completion, output captured.
    pub fn run(&self, args: &[&str]) -> Run {
        Self::finish(self.command(args))
    }

    /// Runs `sentinelctl export <args>` against the workspace, output captured.
    pub fn export(&self, args: &[&str]) -> Run {
        let mut all = vec!["export"];
        all.extend_from_slice(args);
        self.run_without_repository(&all)
    }

    /// Runs `sentinelctl <args> <workspace options>` without `--repository`, output captured.
    pub fn run_without_repository(&self, args: &[&str]) -> Run {
        Self::finish(self.workspace_command(args))
    }

    /// Runs [`World::command_in`] in the folder `relative` of the world, output captured.
    pub fn run_in(&self, relative: &str, args: &[&str]) -> Run {
        Self::finish(self.command_in(&self.path(relative), args))
    }

    fn finish(command: std::process::Command) -> Run {
        let output = assert_cmd::Command::from_std(command)
            .timeout(Duration::from_secs(120))
            .output()
            .expect("runs");
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }

    pub fn client(&self) -> SentinelClient {
        let mut options = ClientOptions::new(self.emulator.url().parse().expect("url"));
        options.retry = RetryOptions {
            max_retries: 5,
            initial_delay: Duration::from_millis(10),
            max_delay: Duration::from_millis(200),
            max_total: Duration::from_secs(30),
        };
        SentinelClient::new(workspace(), None, options).expect("client")
    }

    pub fn stats(&self) -> EmulatorStats {
        let url = format!("{}/_emulator/stats", self.emulator.url());
        self.runtime.block_on(async {
            reqwest::get(url).await.expect("stats").json().await.expect("stats json")
        })
    }

    pub fn block_on<F: std::future::Future>(&self, future: F) -> F::Output {
        self.runtime.block_on(future)
    }
}

/// A rule id from a number.
pub fn id(n: u32) -> String {
    format!("00000000-0000-4000-8000-{n:012}")
}

/// A Scheduled rule file that lints clean.
pub fn scheduled(n: u32, severity: &str) -> String {
    format!(
        "id: {}\nname: Failed sign-ins {n}\ndescription: |\n  Many failed sign-ins for one account.\n\
         severity: {severity}\nrequiredDataConnectors:\n  - connectorId: AzureActiveDirectory\n\
         \x20   dataTypes:\n      - SigninLogs\nqueryFrequency: 1h\nqueryPeriod: 1d\n\
         triggerOperator: gt\ntriggerThreshold: 5\ntactics:\n  - CredentialAccess\n\
         relevantTechniques:\n  - T1110\nquery: |\n  SigninLogs\n  | where ResultType != \"0\"\n\
         \x20 | summarize Failures = count() by UserPrincipalName\nentityMappings:\n\
         \x20 - entityType: Account\n    fieldMappings:\n      - identifier: FullName\n\
         \x20       columnName: UserPrincipalName\nversion: 1.0.0\nkind: Scheduled\n",
        id(n)
    )
}

/// An NRT rule file that lints clean.
pub fn nrt(n: u32) -> String {
    format!(
        "id: {}\nname: Role assignment {n}\ndescription: |\n  A role was assigned.\nseverity: High\n\
         requiredDataConnectors:\n  - connectorId: AzureActiveDirectory\n    dataTypes:\n\
         \x20     - AuditLogs\ntactics:\n  - PrivilegeEscalation\nrelevantTechniques:\n\
         \x20 - T1078.004\nquery: |\n  AuditLogs\n  | where OperationName has \"role\"\n\
         version: 1.0.0\nkind: NRT\n",
        id(n)
    )
}

/// A hunting-query file that lints clean (put it under `hunting/`).
pub fn hunting(n: u32) -> String {
    format!(
        "id: {}\nname: Rare user agents {n}\ndescription: |\n  User agents seen once.\n\
         requiredDataConnectors:\n  - connectorId: AzureActiveDirectory\n    dataTypes:\n\
         \x20     - SigninLogs\ntactics:\n  - InitialAccess\nrelevantTechniques:\n  - T1078\n\
         query: |\n  SigninLogs\n  | summarize Count = count() by UserAgent\n  | where Count == 1\n",
        id(n)
    )
}

/// The official example body of a Scheduled rule made in the portal (no marker).
pub fn official_scheduled_example() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "vendor/arm-specs/securityinsights/specification/securityinsights/resource-manager/\
         Microsoft.SecurityInsights/SecurityInsights/stable/2025-09-01/examples/alertRules/\
         CreateScheduledAlertRule.json",
    );
    let text = std::fs::read_to_string(path).expect("example");
    let example: Value = serde_json::from_str(&text).expect("json");
    example["parameters"]["alertRule"].clone()
}

/// The `changes` of a plan report, by rule id: (action, field paths).
pub fn changes(plan: &Value) -> Vec<(String, String, Vec<String>)> {
    plan["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .map(|c| {
            let fields = c["fields"].as_array().expect("fields");
            (
                c["rule_id"].as_str().expect("id").to_owned(),
                c["action"].as_str().expect("action").to_owned(),
                fields.iter().map(|f| f["path"].as_str().expect("path").to_owned()).collect(),
            )
        })
        .collect()
}
