//! Sends a signed webhook the way GitHub does: for `tributary webhook send`, the demo and tests.

use tributary_producers::ingest::signature;

/// What ingest answered.
#[derive(Debug, Clone)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The body.
    pub body: String,
}

/// POSTs `body` to `url` as GitHub event `event` with delivery id `delivery`, signed with
/// `secret`.
pub async fn send(
    http: &reqwest::Client,
    url: &str,
    secret: &[u8],
    event: &str,
    delivery: &str,
    body: Vec<u8>,
) -> Result<Answer, reqwest::Error> {
    let response = http
        .post(url)
        .header("content-type", "application/json")
        .header("user-agent", "GitHub-Hookshot/tributary")
        .header("x-github-event", event)
        .header("x-github-delivery", delivery)
        .header("x-hub-signature-256", signature::sign(secret, &body))
        .body(body)
        .send()
        .await?;
    let status = response.status().as_u16();
    let body = response.text().await?;
    Ok(Answer { status, body })
}
