//! A PostgreSQL server of a test's own, to stop and start under a running component.

use super::free_port;
use std::path::Path;
use std::process::Command;
use tributary_test_support::command::output_of;

/// A private PostgreSQL cluster, run as the `postgres` user (PostgreSQL refuses root).
pub struct PrivatePostgres {
    bin: String,
    data: String,
    port: u16,
}

/// Runs a PostgreSQL program as the `postgres` user; panics with its output if it fails.
pub fn as_postgres(args: &[&str]) -> String {
    output_of(
        Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .args(args),
    )
}

impl PrivatePostgres {
    pub fn create(dir: &Path) -> Self {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL installed")
            .filter_map(Result::ok)
            .map(|e| e.path().join("bin"))
            .next()
            .expect("a PostgreSQL version")
            .to_string_lossy()
            .into_owned();
        std::fs::create_dir_all(dir).expect("mkdir");
        let status = Command::new("chown")
            .args(["postgres:postgres"])
            .arg(dir)
            .status()
            .expect("chown");
        assert!(status.success());
        let data = dir.join("data").to_string_lossy().into_owned();
        as_postgres(&[
            &format!("{bin}/initdb"),
            "-D",
            &data,
            "-U",
            "postgres",
            "--auth=trust",
        ]);
        let pg = Self {
            bin,
            data,
            port: free_port(),
        };
        pg.start();
        pg
    }

    pub fn start(&self) {
        let options = format!("-p {} -k /tmp -c listen_addresses=127.0.0.1", self.port);
        as_postgres(&[
            &format!("{}/pg_ctl", self.bin),
            "-D",
            &self.data,
            "-o",
            &options,
            "-w",
            "-l",
            &format!("{}/log", self.data),
            "start",
        ]);
    }

    pub fn stop(&self) {
        as_postgres(&[
            &format!("{}/pg_ctl", self.bin),
            "-D",
            &self.data,
            "-m",
            "immediate",
            "-w",
            "stop",
        ]);
    }

    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        // Already stopped is fine here: the answer is not looked at.
        let _ = Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(format!("{}/pg_ctl", self.bin))
            .args(["-D", &self.data, "-m", "immediate", "stop"])
            .output();
    }
}
