//! Webhook parsing and normalization: any body under any event name is normalized or refused
//! with an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tributary_processors::normalizer::normalize;
use tributary_schemas::WebhookReceived;

/// Event names the normalizer models, and one it does not.
const EVENTS: &[&str] = &[
    "push",
    "pull_request",
    "deployment",
    "deployment_status",
    "issues",
    "release",
    "create",
    "delete",
    "ping",
    "gollum",
];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let event = EVENTS[usize::from(selector) % EVENTS.len()];
    let webhook = WebhookReceived {
        event_id: "fuzz".into(),
        delivery_id: "fuzz".into(),
        event: event.into(),
        hook_id: None,
        headers: Default::default(),
        body: body.to_vec(),
        body_sha256: String::new(),
        received_at: 0,
    };
    let _ = normalize(&webhook);
});
