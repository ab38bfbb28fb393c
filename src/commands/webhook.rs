//! `tributary webhook send`: signs a payload file the way GitHub does and posts it to ingest.

use crate::cli::{WebhookCommand, WebhookSecretArgs};
use anyhow::{bail, Context as _};
use secrecy::{ExposeSecret as _, SecretString};

impl WebhookSecretArgs {
    /// The secret: the file's content without its line ending, else the flag's or
    /// environment's value.
    fn resolve(&self) -> anyhow::Result<SecretString> {
        match (&self.secret_file, &self.secret) {
            (Some(file), _) => {
                let text = std::fs::read_to_string(file).with_context(|| {
                    format!("reading the webhook secret from {}", file.display())
                })?;
                Ok(text.trim_end_matches(['\r', '\n']).into())
            }
            (None, Some(secret)) => Ok(secret.as_str().into()),
            (None, None) => {
                bail!(
                    "no webhook secret: pass --webhook-secret-file or set TRIBUTARY_WEBHOOK_SECRET"
                )
            }
        }
    }
}

/// Runs a `webhook` command; fails unless ingest accepted the delivery.
pub(super) async fn run(command: WebhookCommand) -> anyhow::Result<()> {
    let WebhookCommand::Send {
        file,
        event,
        delivery,
        url,
        secret,
    } = command;
    let secret = secret.resolve()?;
    let body = std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?;
    let delivery = delivery.unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let answer = tributary::webhook_client::send(
        &reqwest::Client::new(),
        &url,
        secret.expose_secret().as_bytes(),
        &event,
        &delivery,
        body,
    )
    .await?;
    println!("{} {}", answer.status, answer.body);
    if answer.status >= 300 {
        bail!("ingest answered {}", answer.status);
    }
    Ok(())
}
