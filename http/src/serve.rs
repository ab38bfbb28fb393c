//! Serving an axum router until shutdown: the one way every HTTP component starts.

use axum::Router;
use std::net::SocketAddr;
use tokio::task::JoinHandle;
use tributary_base::Shutdown;

/// Binds `addr` (port 0 picks one), serves `app` until `shutdown`, and returns the bound
/// address with the serving task. `name` labels the log lines. Handlers may extract the peer's
/// address (`ConnectInfo<SocketAddr>`).
pub async fn serve(
    name: &'static str,
    addr: SocketAddr,
    app: Router,
    shutdown: Shutdown,
) -> std::io::Result<(SocketAddr, JoinHandle<()>)> {
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    tracing::info!(component = name, addr = %local, "listening");
    let task = tokio::spawn(async move {
        let app = app.into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async move { shutdown.wait().await })
            .await;
        if let Err(e) = served {
            tracing::error!(component = name, error = %e, "server stopped");
        }
    });
    Ok((local, task))
}
