//! A real model server for a test or a bench: the small SmolLM2 model that `scripts/install.sh`
//! installs, served on a free loopback port by llama.cpp's own HTTP server (xllamacpp, through
//! `local-stack/model-server/serve.py`), the same program `scripts/stack.sh` starts.

use anyhow::Context as _;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The name the served model answers under (`--alias`), as `scripts/stack.sh` serves it.
pub const ALIAS: &str = "smollm2-135m-instruct";

/// The Python of the venv `scripts/install.sh` made (`TRIBUTARY_MODEL_PYTHON` overrides).
pub fn python_path() -> PathBuf {
    match std::env::var("TRIBUTARY_MODEL_PYTHON") {
        Ok(p) if !p.is_empty() => p.into(),
        _ => tributary::defaults::tributary_home().join("venv/bin/python"),
    }
}

/// The model file `scripts/install.sh` extracted (`TRIBUTARY_MODEL_FILE` overrides).
pub fn model_path() -> PathBuf {
    match std::env::var("TRIBUTARY_MODEL_FILE") {
        Ok(p) if !p.is_empty() => p.into(),
        _ => tributary::defaults::tributary_home().join("models/SmolLM2-135M-Instruct.Q4_1.gguf"),
    }
}

/// A running model server; killed when dropped.
pub struct ModelServer {
    child: Option<Child>,
    port: u16,
}

impl ModelServer {
    /// Starts the server on a free port (with `threads` CPU threads and two slots) and waits
    /// until `GET /health` answers 200.
    pub async fn start(threads: usize) -> anyhow::Result<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        Self::start_on(port, threads).await
    }

    /// [`ModelServer::start`] on `port` (to bring a killed server back where clients expect it).
    pub async fn start_on(port: u16, threads: usize) -> anyhow::Result<Self> {
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../local-stack/model-server/serve.py"
        );
        let child = Command::new(python_path())
            .arg(script)
            .arg("--model")
            .arg(model_path())
            .args(["--alias", ALIAS, "--port", &port.to_string()])
            .args(["--threads", &threads.to_string(), "--parallel", "2"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| {
                format!(
                    "starting the model server with {} (scripts/install.sh installs it)",
                    python_path().display()
                )
            })?;
        let mut server = Self {
            child: Some(child),
            port,
        };
        let http = reqwest::Client::new();
        let started = Instant::now();
        loop {
            let ok = http
                .get(format!("{}/health", server.url()))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if ok {
                return Ok(server);
            }
            if let Some(status) = server
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten())
            {
                anyhow::bail!("the model server exited before it was ready: {status}");
            }
            anyhow::ensure!(
                started.elapsed() < Duration::from_secs(90),
                "the model server was not ready on port {port} within 90 s"
            );
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    /// Its base URL, `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Its port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Kills it at once (SIGKILL), as a crash would.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for ModelServer {
    fn drop(&mut self) {
        self.kill();
    }
}
