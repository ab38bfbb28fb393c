//! `tributary bolt-bridge`: Bolt 4.4 clients in front of a Bolt 5 graph server.

use anyhow::Context as _;
use std::net::SocketAddr;
use tributary_runtime::Shutdown;

/// Serves the bridge on `listen` until Ctrl-C or SIGTERM.
pub(super) async fn run(listen: SocketAddr, upstream: String) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("binding {listen}"))?;
    tracing::info!(%listen, %upstream, "bolt bridge listening");
    let shutdown = Shutdown::on_signals();
    tokio::select! {
        r = tributary_bolt_bridge::serve(listener, upstream) => r?,
        _ = shutdown.wait() => {}
    }
    Ok(())
}
