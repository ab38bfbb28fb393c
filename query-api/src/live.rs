//! The live feed: one PostgreSQL `LISTEN` on the read model's `<schema>_events` channel (the
//! projection NOTIFYs there as it commits), fanned out to every `/events/stream` client through
//! a bounded broadcast channel. A client that falls behind by more than the channel's capacity
//! is told how many events it missed rather than slowing the others. Payloads are parsed once
//! here, as the [`LiveEvent`]s the projection announces.

use sqlx::postgres::PgListener;
use sqlx::PgPool;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;
use tributary_runtime::Shutdown;
use tributary_schemas::live::LiveEvent;

/// Events buffered per client before it is considered lagging.
pub(crate) const CAPACITY: usize = 4096;

/// The live feed of projected events.
#[derive(Clone, Debug)]
pub struct LiveFeed {
    sender: broadcast::Sender<Arc<LiveEvent>>,
}

impl LiveFeed {
    /// Listens on `<schema>_events` of `pool`'s database until `shutdown`; reconnects after a
    /// lost connection.
    pub fn start(pool: PgPool, schema: &str, shutdown: Shutdown) -> Self {
        let (sender, _) = broadcast::channel(CAPACITY);
        let channel = tributary_postgres::live_channel(schema);
        let feed = Self {
            sender: sender.clone(),
        };
        tokio::spawn(async move {
            while !shutdown.is_triggered() {
                if let Err(e) = listen(&pool, &channel, &sender, &shutdown).await {
                    tracing::warn!(error = %e, channel, "live feed listener failed; reconnecting");
                    tokio::select! {
                        _ = tokio::time::sleep(Duration::from_secs(1)) => {}
                        _ = shutdown.wait() => {}
                    }
                }
            }
        });
        feed
    }

    /// A new subscription.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<LiveEvent>> {
        self.sender.subscribe()
    }
}

async fn listen(
    pool: &PgPool,
    channel: &str,
    sender: &broadcast::Sender<Arc<LiveEvent>>,
    shutdown: &Shutdown,
) -> Result<(), sqlx::Error> {
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(channel).await?;
    tracing::info!(channel, "live feed listening");
    loop {
        let notification = tokio::select! {
            n = listener.recv() => n?,
            _ = shutdown.wait() => return Ok(()),
        };
        match serde_json::from_str::<LiveEvent>(notification.payload()) {
            // No subscriber is not an error: the event is simply not needed.
            Ok(event) => {
                let _ = sender.send(Arc::new(event));
            }
            Err(e) => tracing::warn!(error = %e, "live feed payload is not a live event; skipped"),
        }
    }
}
