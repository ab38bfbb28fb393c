//! The Avro decoder path: any bytes read with any of Tributary's schemas (current and
//! historical) decode or fail with an error, and a decoded value converts to its event type or
//! fails with an error, never a panic.
#![no_main]

use apache_avro::Schema;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tributary_schemas::codec::decode_with_schema;
use tributary_schemas::evolution;
use tributary_schemas::*;

fn schemas() -> &'static [Schema] {
    static SCHEMAS: OnceLock<Vec<Schema>> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        evolution::current()
            .into_iter()
            .chain(evolution::history())
            .filter_map(|s| Schema::parse_str(&s.schema).ok())
            .collect()
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let schemas = schemas();
    let schema = &schemas[usize::from(selector) % schemas.len()];
    let Ok(decoded) = decode_with_schema(schema, body) else {
        return;
    };
    let _ = decoded.event::<WebhookReceived>();
    let _ = decoded.event::<PushObserved>();
    let _ = decoded.event::<ActivityObserved>();
    let _ = decoded.event::<CommitObserved>();
    let _ = decoded.event::<BlobObserved>();
    let _ = decoded.event::<AnalysisProduced>();
    let _ = decoded.event::<EnrichmentProduced>();
    let _ = decoded.event::<DeadLetter>();
});
