//! A private in-memory graph server for a test or a bench: `kglite` (Bolt 5) on a free port,
//! with Tributary's Bolt 4.4 bridge in front of it.

use anyhow::Context as _;
use std::time::Duration;
use tributary_base::config::GraphArgs;
use tributary_runtime::Shutdown;

/// Starts a private in-memory graph server (`kglite`, Bolt 5) on a free port, with files in
/// `dir`, and a Bolt 4.4 bridge in front of it in this process (until `shutdown`). Returns the
/// server process (the caller stops it) and the settings neo4rs connects with. For tests and
/// benchmarks that must not share a graph.
pub async fn start_private_graph(
    kglite: &std::path::Path,
    dir: &std::path::Path,
    shutdown: Shutdown,
) -> anyhow::Result<(std::process::Child, GraphArgs)> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let log = std::fs::File::create(dir.join("graph.log"))?;
    let child = std::process::Command::new(kglite)
        .arg("--graph")
        .arg(dir.join("graph.kgl"))
        .args([
            "--storage",
            "memory",
            "--durability",
            "off",
            "--bind",
            "127.0.0.1",
        ])
        .args(["--port", &port.to_string()])
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()
        .with_context(|| format!("starting {} (scripts/install.sh --graph)", kglite.display()))?;
    let started = std::time::Instant::now();
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        anyhow::ensure!(
            started.elapsed() < Duration::from_secs(30),
            "the graph server did not listen on {port}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let bridge = listener.local_addr()?;
    tokio::spawn(async move {
        tokio::select! {
            _ = tributary_bolt_bridge::serve(listener, format!("127.0.0.1:{port}")) => {}
            _ = shutdown.wait() => {}
        }
    });
    Ok((
        child,
        GraphArgs {
            graph_uri: format!("bolt://{bridge}"),
            graph_user: "neo4j".into(),
            graph_password: Default::default(),
        },
    ))
}

/// Where `scripts/install.sh --graph` puts the graph server,
/// `$TRIBUTARY_HOME/bin/kglite-bolt-server` (`TRIBUTARY_KGLITE` overrides).
pub fn kglite_path() -> std::path::PathBuf {
    match std::env::var("TRIBUTARY_KGLITE") {
        Ok(p) if !p.is_empty() => p.into(),
        _ => tributary::defaults::tributary_home().join("bin/kglite-bolt-server"),
    }
}
