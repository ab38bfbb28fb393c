//! External programs the tests and benches drive (git, openssl, psql, chromium, promtool).

use std::process::Command;

/// Runs `cmd` to its end and answers its standard output; panics, naming the program and
/// showing what it wrote, if it could not start or exited unsuccessfully.
pub fn output_of(cmd: &mut Command) -> String {
    let program = cmd.get_program().to_string_lossy().into_owned();
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("{program} does not start: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{program} {:?} failed ({}): {stdout}{}",
        cmd.get_args().collect::<Vec<_>>(),
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}
