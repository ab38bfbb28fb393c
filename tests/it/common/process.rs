//! Running one test in a process of its own, for what a process shares: the tracing
//! subscriber, the metrics recorder, the environment. A test that asserts on metric values,
//! on exported spans, or that sets environment variables starts with
//!
//! ```ignore
//! if own_process(module_path!(), "the_test_function").await {
//!     return;
//! }
//! ```
//!
//! (A crate such as `rusty-fork` does the same for synchronous tests only, and passes the
//! re-run's output through, where `scripts/test.sh` would count its summary line twice.)

/// The variable that tells a re-run which test it is.
const OWN_PROCESS: &str = "TRIBUTARY_IT_OWN_PROCESS";

/// Runs the calling test again, alone, in a new process of this test binary, and waits for
/// it. Returns `true` in the calling process, once the re-run passed (the caller returns: the
/// re-run was the test; a failure of the re-run fails the caller with the re-run's output), and
/// `false` in the re-run itself (the caller goes on with the test). `module` is the caller's
/// `module_path!()`, `test` the name of its test function.
pub async fn own_process(module: &str, test: &str) -> bool {
    // `it::telemetry` → `telemetry::<test>`, the name the test harness knows it by.
    let module = module.split_once("::").map_or(module, |(_, path)| path);
    let name = format!("{module}::{test}");
    if std::env::var(OWN_PROCESS).is_ok_and(|v| v == name) {
        return false;
    }
    let binary = std::env::current_exe().expect("the test binary's path");
    let out = tokio::process::Command::new(binary)
        .args([name.as_str(), "--exact", "--test-threads=1"])
        .env(OWN_PROCESS, &name)
        .kill_on_drop(true)
        .output()
        .await
        .expect("the test binary runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    // Indented, so that the re-run's summary lines are not read as this binary's own.
    let output = format!("{stdout}{}", String::from_utf8_lossy(&out.stderr))
        .lines()
        .map(|l| format!("  | {l}"))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        out.status.success() && stdout.contains("test result: ok. 1 passed"),
        "{name}, run in a process of its own ({}):\n{output}",
        out.status
    );
    true
}
