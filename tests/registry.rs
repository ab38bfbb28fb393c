//! Tributary's Schema Registry, served for real over HTTP on PostgreSQL, driven by the unmodified
//! `schema_registry_converter` client and by raw Confluent REST calls.

mod common;

use common::*;
use schema_registry_converter::async_impl::schema_registry::{
    get_all_subjects, get_all_versions, SrSettings,
};
use serde_json::{json, Value};
use std::collections::HashMap;
use tributary_registry::RegistryConfig;
use tributary_runtime::Shutdown;
use tributary_schemas::{EventCodec, WebhookReceived};

const V1: &str =
    r#"{"type":"record","name":"Thing","namespace":"t","fields":[{"name":"a","type":"string"}]}"#;
const V2: &str = r#"{"type":"record","name":"Thing","namespace":"t","fields":[{"name":"a","type":"string"},{"name":"b","type":["null","long"],"default":null}]}"#;
const BREAKING: &str = r#"{"type":"record","name":"Thing","namespace":"t","fields":[{"name":"a","type":"string"},{"name":"c","type":"long"}]}"#;

async fn call(
    http: &reqwest::Client,
    method: reqwest::Method,
    url: String,
    body: Option<Value>,
) -> (u16, Value) {
    let mut req = http
        .request(method, url)
        .header("content-type", "application/vnd.schemaregistry.v1+json");
    if let Some(b) = body {
        req = req.body(b.to_string());
    }
    let r = req.send().await.expect("request");
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confluent_api_and_client_work_and_incompatible_schemas_are_refused() {
    let env = TestEnv::new("registry").await;
    let shutdown = Shutdown::new();
    let config = RegistryConfig {
        listen: "127.0.0.1:0".parse().expect("addr"),
        schema: format!("{}_registry", env.id),
    };
    let addr = tributary::app::start_registry(&config, &env.infra.database_url, shutdown.clone())
        .await
        .expect("registry starts");
    let base = format!("http://{addr}");
    let http = reqwest::Client::new();
    use reqwest::Method;

    // The client registers on encode and resolves by id on decode.
    let codec = EventCodec::new(&base).expect("codec");
    let event = WebhookReceived {
        event_id: "e".into(),
        delivery_id: "d".into(),
        event: "push".into(),
        hook_id: None,
        headers: HashMap::new(),
        body: b"{}".to_vec(),
        body_sha256: String::new(),
        received_at: 1,
    };
    let bytes = codec
        .encode("topic-a", &event)
        .await
        .expect("encoded through the registry");
    assert_eq!(bytes[0], 0, "magic byte");
    let back: WebhookReceived = EventCodec::new(&base)
        .expect("codec")
        .decode_as(&bytes)
        .await
        .expect("decoded");
    assert_eq!(back, event);
    let subject = EventCodec::subject::<WebhookReceived>("topic-a");
    let settings = SrSettings::new(base.clone());
    assert_eq!(
        get_all_subjects(&settings).await.expect("subjects"),
        vec![subject.clone()]
    );
    assert_eq!(
        get_all_versions(&settings, subject.clone())
            .await
            .expect("versions"),
        vec![1]
    );

    // Raw REST: register, re-register (same id), evolve, refuse.
    let s = "things-value";
    let (st, v1) = call(
        &http,
        Method::POST,
        format!("{base}/subjects/{s}/versions"),
        Some(json!({"schema": V1})),
    )
    .await;
    assert_eq!(st, 200);
    let id1 = v1["id"].as_i64().expect("id");
    let (_, again) = call(
        &http,
        Method::POST,
        format!("{base}/subjects/{s}/versions"),
        Some(json!({"schema": V1, "schemaType": "AVRO"})),
    )
    .await;
    assert_eq!(again["id"].as_i64(), Some(id1));
    let (st, v2) = call(
        &http,
        Method::POST,
        format!("{base}/subjects/{s}/versions"),
        Some(json!({"schema": V2})),
    )
    .await;
    assert_eq!(st, 200);
    assert_ne!(v2["id"].as_i64(), Some(id1));
    let (st, err) = call(
        &http,
        Method::POST,
        format!("{base}/subjects/{s}/versions"),
        Some(json!({"schema": BREAKING})),
    )
    .await;
    assert_eq!(st, 409, "{err}");
    assert_eq!(err["error_code"], 409);
    let (_, check) = call(
        &http,
        Method::POST,
        format!("{base}/compatibility/subjects/{s}/versions/latest?verbose=true"),
        Some(json!({"schema": BREAKING})),
    )
    .await;
    assert_eq!(check["is_compatible"], false);
    assert!(!check["messages"].as_array().expect("messages").is_empty());
    let (_, check) = call(
        &http,
        Method::POST,
        format!("{base}/compatibility/subjects/{s}/versions"),
        Some(json!({"schema": V2})),
    )
    .await;
    assert_eq!(check["is_compatible"], true);

    // Reads.
    let (_, versions) = call(
        &http,
        Method::GET,
        format!("{base}/subjects/{s}/versions"),
        None,
    )
    .await;
    assert_eq!(versions, json!([1, 2]));
    let (_, latest) = call(
        &http,
        Method::GET,
        format!("{base}/subjects/{s}/versions/latest"),
        None,
    )
    .await;
    assert_eq!(latest["version"], 2);
    assert_eq!(latest["subject"], s);
    let (_, by_id) = call(
        &http,
        Method::GET,
        format!("{base}/schemas/ids/{id1}"),
        None,
    )
    .await;
    assert_eq!(by_id["schema"], V1);
    let (_, lookup) = call(
        &http,
        Method::POST,
        format!("{base}/subjects/{s}"),
        Some(json!({"schema": V2})),
    )
    .await;
    assert_eq!(lookup["version"], 2);
    let (_, users) = call(
        &http,
        Method::GET,
        format!("{base}/schemas/ids/{id1}/versions"),
        None,
    )
    .await;
    assert_eq!(users, json!([{"subject": s, "version": 1}]));

    // Errors in Confluent's shape.
    let (st, e) = call(
        &http,
        Method::GET,
        format!("{base}/subjects/nope/versions/latest"),
        None,
    )
    .await;
    assert_eq!((st, e["error_code"].as_i64()), (404, Some(40401)));
    let (st, e) = call(
        &http,
        Method::GET,
        format!("{base}/subjects/{s}/versions/9"),
        None,
    )
    .await;
    assert_eq!((st, e["error_code"].as_i64()), (404, Some(40402)));
    let (st, e) = call(
        &http,
        Method::GET,
        format!("{base}/schemas/ids/99999"),
        None,
    )
    .await;
    assert_eq!((st, e["error_code"].as_i64()), (404, Some(40403)));
    let (st, e) = call(
        &http,
        Method::POST,
        format!("{base}/subjects/{s}/versions"),
        Some(json!({"schema": "{\"type\": \"nonsense\"}"})),
    )
    .await;
    assert_eq!((st, e["error_code"].as_i64()), (422, Some(42201)));
    let (st, e) = call(
        &http,
        Method::GET,
        format!("{base}/subjects/{s}/versions/zero"),
        None,
    )
    .await;
    assert_eq!((st, e["error_code"].as_i64()), (422, Some(42202)));

    // Compatibility config: global default, per-subject override that lets the breaking change in.
    let (_, global) = call(&http, Method::GET, format!("{base}/config"), None).await;
    assert_eq!(global["compatibilityLevel"], "BACKWARD_TRANSITIVE");
    let (st, _) = call(&http, Method::GET, format!("{base}/config/{s}"), None).await;
    assert_eq!(st, 404);
    let (st, e) = call(
        &http,
        Method::PUT,
        format!("{base}/config/{s}"),
        Some(json!({"compatibility": "SIDEWAYS"})),
    )
    .await;
    assert_eq!((st, e["error_code"].as_i64()), (422, Some(42203)));
    let (st, _) = call(
        &http,
        Method::PUT,
        format!("{base}/config/{s}"),
        Some(json!({"compatibility": "NONE"})),
    )
    .await;
    assert_eq!(st, 200);
    let (_, cfg) = call(&http, Method::GET, format!("{base}/config/{s}"), None).await;
    assert_eq!(cfg["compatibilityLevel"], "NONE");
    let (st, _) = call(
        &http,
        Method::POST,
        format!("{base}/subjects/{s}/versions"),
        Some(json!({"schema": BREAKING})),
    )
    .await;
    assert_eq!(st, 200);
    shutdown.trigger();
}
