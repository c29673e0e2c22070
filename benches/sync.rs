//! Plan and deploy against the emulator with 100 ms added to every ARM call, through the
//! real binary: 500 unchanged rules must plan in under 2 s with no write, and 100 changed
//! rules must deploy in under 3 s at the default concurrency. Lists are paged at 100 items,
//! a realistic ARM page size (the emulator's default of 3 exists to exercise paging).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use criterion::{Criterion, criterion_group, criterion_main};
use sentinelctl::emulator::{self, EmulatorConfig, EmulatorStats, Faults, RunningEmulator};

const RULES: u32 = 500;
const CHANGED: u32 = 100;
const LATENCY_MS: u64 = 100;
const PAGE_SIZE: usize = 100;

struct Bench {
    runtime: tokio::runtime::Runtime,
    emulator: RunningEmulator,
    dir: tempfile::TempDir,
}

impl Bench {
    fn start() -> Self {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let config = EmulatorConfig { page_size: PAGE_SIZE, ..EmulatorConfig::default() };
        let emulator = runtime.block_on(emulator::start(config)).expect("emulator");
        let dir = tempfile::tempdir().expect("temp dir");
        for n in 1..=RULES {
            write_rule(dir.path(), n, "Medium");
        }
        let bench = Self { runtime, emulator, dir };
        // Seed without latency; only the measured runs pay it.
        assert_eq!(bench.run(&["deploy"]), 0, "seeding deploy");
        bench.set_latency(LATENCY_MS);
        bench
    }

    fn run(&self, args: &[&str]) -> i32 {
        let output = Command::new(env!("CARGO_BIN_EXE_sentinelctl"))
            .current_dir(self.dir.path())
            .args(args)
            .args(["--endpoint", &self.emulator.url(), "--auth", "none", "--repository", "bench"])
            .args(["--subscription", "s", "--resource-group", "rg", "--workspace", "law"])
            .output()
            .expect("runs");
        output.status.code().unwrap_or(-1)
    }

    fn set_latency(&self, latency_ms: u64) {
        let url = format!("{}/_emulator/faults", self.emulator.url());
        let faults = Faults { latency_ms, ..Faults::default() };
        self.runtime.block_on(async {
            reqwest::Client::new().put(url).json(&faults).send().await.expect("faults")
        });
    }

    fn stats(&self) -> EmulatorStats {
        let url = format!("{}/_emulator/stats", self.emulator.url());
        self.runtime
            .block_on(async { reqwest::get(url).await.expect("stats").json().await.expect("json") })
    }
}

fn write_rule(dir: &Path, n: u32, severity: &str) {
    let text = format!(
        "id: 00000000-0000-4000-8000-{n:012}\nname: Failed sign-ins {n}\n\
         description: Many failed sign-ins for one account.\nseverity: {severity}\n\
         requiredDataConnectors:\n  - connectorId: AzureActiveDirectory\n    dataTypes:\n\
         \x20     - SigninLogs\nqueryFrequency: 1h\nqueryPeriod: 1d\ntriggerOperator: gt\n\
         triggerThreshold: 5\ntactics:\n  - CredentialAccess\nrelevantTechniques:\n  - T1110\n\
         query: |\n  SigninLogs\n  | where ResultType != \"0\"\n\
         \x20 | summarize Failures = count() by UserPrincipalName\nversion: 1.0.0\nkind: Scheduled\n"
    );
    let path = dir.join(format!("rules/r{n:03}.yaml"));
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

fn sync(c: &mut Criterion) {
    let bench = Bench::start();
    let mut group = c.benchmark_group("sync");
    group.sample_size(10).warm_up_time(Duration::from_millis(500));
    // Ten deploys of about 2 s each; the default 5 s would warn on every run.
    group.measurement_time(Duration::from_secs(25));

    group.bench_function("plan_500_unchanged_100ms_latency", |b| {
        b.iter_custom(|iterations| {
            let writes = bench.stats().writes;
            let started = Instant::now();
            for _ in 0..iterations {
                assert_eq!(bench.run(&["plan", "--detailed-exitcode"]), 0, "nothing to change");
            }
            let elapsed = started.elapsed();
            assert_eq!(bench.stats().writes, writes, "a plan never writes");
            elapsed
        });
    });

    let mut severity = "Medium";
    group.bench_function("deploy_100_changed_of_500_100ms_latency", |b| {
        b.iter_custom(|iterations| {
            let mut elapsed = Duration::ZERO;
            for _ in 0..iterations {
                severity = if severity == "Medium" { "High" } else { "Medium" };
                (1..=CHANGED).for_each(|n| write_rule(bench.dir.path(), n, severity));
                let writes = bench.stats().writes;
                let started = Instant::now();
                assert_eq!(bench.run(&["deploy"]), 0, "deploy succeeds");
                elapsed += started.elapsed();
                assert_eq!(bench.stats().writes - writes, u64::from(CHANGED), "one PUT per change");
            }
            elapsed
        });
    });
    group.finish();
}

criterion_group!(benches, sync);
criterion_main!(benches);
