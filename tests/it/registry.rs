//! Tributary's Schema Registry, served for real over HTTP on PostgreSQL, driven by the unmodified
//! `schema_registry_converter` client and by raw Confluent REST calls. With a write password,
//! writes need HTTP Basic authorization (what `EventCodec` sends from its URL's user info) and
//! reads stay open.

use crate::common::*;
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

/// Starts a registry on a schema of its own (with a write password if given; its `Debug` must
/// not show it) and answers where it listens.
async fn start(
    name: &str,
    write_password: Option<&str>,
) -> (TestEnv, Shutdown, std::net::SocketAddr) {
    let env = TestEnv::new(name).await;
    let shutdown = Shutdown::new();
    let config = RegistryConfig {
        listen: "127.0.0.1:0".parse().expect("addr"),
        schema: format!("{}_registry", env.id),
        write_user: "tributary".into(),
        write_password: write_password.map(Into::into),
    };
    if let Some(password) = write_password {
        assert!(
            !format!("{config:?}").contains(password),
            "Debug hides the password"
        );
    }
    let addr = tributary::app::start_registry(&config, &env.infra.database_url, shutdown.clone())
        .await
        .expect("registry starts");
    (env, shutdown, addr)
}

/// The registry's REST API at `base`, as a Confluent client calls it: each call answers the
/// status, the `WWW-Authenticate` challenge if any, and the JSON body (null if none).
struct Rest {
    http: reqwest::Client,
    base: String,
}

impl Rest {
    fn new(base: &str) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: base.to_string(),
        }
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Value>,
        credential: Option<(&str, &str)>,
    ) -> (u16, Option<String>, Value) {
        let mut req = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("content-type", "application/vnd.schemaregistry.v1+json");
        if let Some((user, password)) = credential {
            req = req.basic_auth(user, Some(password));
        }
        if let Some(b) = body {
            req = req.body(b.to_string());
        }
        let r = req.send().await.expect("request");
        let status = r.status().as_u16();
        let challenge = r
            .headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        (status, challenge, r.json().await.unwrap_or(Value::Null))
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let (status, _, body) = self.send(method, path, body, None).await;
        (status, body)
    }

    async fn get(&self, path: &str) -> (u16, Value) {
        self.call(reqwest::Method::GET, path, None).await
    }

    async fn post(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(reqwest::Method::POST, path, Some(body)).await
    }

    async fn put(&self, path: &str, body: Value) -> (u16, Value) {
        self.call(reqwest::Method::PUT, path, Some(body)).await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confluent_api_and_client_work_and_incompatible_schemas_are_refused() {
    let (_env, shutdown, addr) = start("registry", None).await;
    let base = format!("http://{addr}");
    let rest = Rest::new(&base);

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
    let (st, v1) = rest
        .post(&format!("/subjects/{s}/versions"), json!({"schema": V1}))
        .await;
    assert_eq!(st, 200);
    let id1 = v1["id"].as_i64().expect("id");
    let (_, again) = rest
        .post(
            &format!("/subjects/{s}/versions"),
            json!({"schema": V1, "schemaType": "AVRO"}),
        )
        .await;
    assert_eq!(again["id"].as_i64(), Some(id1));
    let (st, v2) = rest
        .post(&format!("/subjects/{s}/versions"), json!({"schema": V2}))
        .await;
    assert_eq!(st, 200);
    assert_ne!(v2["id"].as_i64(), Some(id1));
    let (st, err) = rest
        .post(
            &format!("/subjects/{s}/versions"),
            json!({"schema": BREAKING}),
        )
        .await;
    assert_eq!(st, 409, "{err}");
    assert_eq!(err["error_code"], 409);
    let (_, check) = rest
        .post(
            &format!("/compatibility/subjects/{s}/versions/latest?verbose=true"),
            json!({"schema": BREAKING}),
        )
        .await;
    assert_eq!(check["is_compatible"], false);
    assert!(!check["messages"].as_array().expect("messages").is_empty());
    let (_, check) = rest
        .post(
            &format!("/compatibility/subjects/{s}/versions"),
            json!({"schema": V2}),
        )
        .await;
    assert_eq!(check["is_compatible"], true);

    // Reads.
    let (_, versions) = rest.get(&format!("/subjects/{s}/versions")).await;
    assert_eq!(versions, json!([1, 2]));
    let (_, latest) = rest.get(&format!("/subjects/{s}/versions/latest")).await;
    assert_eq!(latest["version"], 2);
    assert_eq!(latest["subject"], s);
    let (_, by_id) = rest.get(&format!("/schemas/ids/{id1}")).await;
    assert_eq!(by_id["schema"], V1);
    let (_, lookup) = rest
        .post(&format!("/subjects/{s}"), json!({"schema": V2}))
        .await;
    assert_eq!(lookup["version"], 2);
    let (_, users) = rest.get(&format!("/schemas/ids/{id1}/versions")).await;
    assert_eq!(users, json!([{"subject": s, "version": 1}]));

    // Errors in Confluent's shape.
    let (st, e) = rest.get("/subjects/nope/versions/latest").await;
    assert_eq!((st, e["error_code"].as_i64()), (404, Some(40401)));
    let (st, e) = rest.get(&format!("/subjects/{s}/versions/9")).await;
    assert_eq!((st, e["error_code"].as_i64()), (404, Some(40402)));
    let (st, e) = rest.get("/schemas/ids/99999").await;
    assert_eq!((st, e["error_code"].as_i64()), (404, Some(40403)));
    let (st, e) = rest
        .post(
            &format!("/subjects/{s}/versions"),
            json!({"schema": "{\"type\": \"nonsense\"}"}),
        )
        .await;
    assert_eq!((st, e["error_code"].as_i64()), (422, Some(42201)));
    let (st, e) = rest.get(&format!("/subjects/{s}/versions/zero")).await;
    assert_eq!((st, e["error_code"].as_i64()), (422, Some(42202)));

    // Compatibility config: global default, per-subject override that lets the breaking change in.
    let (_, global) = rest.get("/config").await;
    assert_eq!(global["compatibilityLevel"], "BACKWARD_TRANSITIVE");
    let (st, _) = rest.get(&format!("/config/{s}")).await;
    assert_eq!(st, 404);
    let (st, e) = rest
        .put(
            &format!("/config/{s}"),
            json!({"compatibility": "SIDEWAYS"}),
        )
        .await;
    assert_eq!((st, e["error_code"].as_i64()), (422, Some(42203)));
    let (st, _) = rest
        .put(&format!("/config/{s}"), json!({"compatibility": "NONE"}))
        .await;
    assert_eq!(st, 200);
    let (_, cfg) = rest.get(&format!("/config/{s}")).await;
    assert_eq!(cfg["compatibilityLevel"], "NONE");
    let (st, _) = rest
        .post(
            &format!("/subjects/{s}/versions"),
            json!({"schema": BREAKING}),
        )
        .await;
    assert_eq!(st, 200);
    shutdown.trigger();
}

/// A password with characters that must be percent-encoded in a URL's user info.
const WRITE_PASSWORD: &str = "s3cr:t@pass/word-0123456789abcdef0123";

fn encoded(password: &str) -> String {
    password
        .bytes()
        .map(|b| match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'-' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_need_the_credential_and_reads_do_not() {
    let (_env, shutdown, addr) = start("registry_auth", Some(WRITE_PASSWORD)).await;
    let base = format!("http://{addr}");
    let rest = Rest::new(&base);
    use reqwest::Method;
    let s = "guarded-value";
    let right = Some(("tributary", WRITE_PASSWORD));
    let wrong = Some(("tributary", "not-the-password"));

    // Every write: refused without the credential and with a wrong one, in Confluent's shape.
    let writes = [
        (
            Method::POST,
            format!("/subjects/{s}/versions"),
            Some(json!({"schema": V1})),
        ),
        (
            Method::PUT,
            "/config".to_string(),
            Some(json!({"compatibility": "FULL"})),
        ),
        (
            Method::PUT,
            format!("/config/{s}"),
            Some(json!({"compatibility": "NONE"})),
        ),
        (Method::DELETE, format!("/config/{s}"), None),
    ];
    for (method, url, body) in &writes {
        for credential in [None, wrong, Some(("someone", WRITE_PASSWORD))] {
            let (status, challenge, error) = rest
                .send(method.clone(), url, body.clone(), credential)
                .await;
            assert_eq!(status, 401, "{method} {url} with {credential:?}: {error}");
            assert_eq!(error["error_code"], 40101, "{error}");
            assert!(error["message"].is_string(), "{error}");
            assert!(challenge.is_some_and(|c| c.starts_with("Basic")));
        }
    }
    let (_, _, subjects) = rest.send(Method::GET, "/subjects", None, None).await;
    assert_eq!(subjects, json!([]), "nothing was written");
    let (_, _, global) = rest.send(Method::GET, "/config", None, None).await;
    assert_eq!(global["compatibilityLevel"], "BACKWARD_TRANSITIVE");

    // With it, every write goes through.
    let (status, _, v1) = rest
        .send(
            Method::POST,
            &format!("/subjects/{s}/versions"),
            Some(json!({"schema": V1})),
            right,
        )
        .await;
    assert_eq!(status, 200, "{v1}");
    let id1 = v1["id"].as_i64().expect("id");
    for (method, url, body) in &writes[1..] {
        let (status, _, answer) = rest.send(method.clone(), url, body.clone(), right).await;
        assert_eq!(status, 200, "{method} {url}: {answer}");
    }

    // Reads (and lookups and compatibility checks, which change nothing) need none.
    let (status, _, versions) = rest
        .send(Method::GET, &format!("/subjects/{s}/versions"), None, None)
        .await;
    assert_eq!((status, versions), (200, json!([1])));
    let (status, _, by_id) = rest
        .send(Method::GET, &format!("/schemas/ids/{id1}"), None, None)
        .await;
    assert_eq!((status, by_id["schema"].as_str()), (200, Some(V1)));
    let (status, _, lookup) = rest
        .send(
            Method::POST,
            &format!("/subjects/{s}"),
            Some(json!({"schema": V1})),
            None,
        )
        .await;
    assert_eq!((status, lookup["version"].as_i64()), (200, Some(1)));
    let (status, _, check) = rest
        .send(
            Method::POST,
            &format!("/compatibility/subjects/{s}/versions"),
            Some(json!({"schema": V2})),
            None,
        )
        .await;
    assert_eq!(
        (status, check["is_compatible"].as_bool()),
        (200, Some(true))
    );

    // The codec: credential in the URL's user info (percent-encoded) registers on first use; a
    // codec without it, or with a wrong one, cannot register, and never prints the password.
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
    let anonymous = EventCodec::new(&base).expect("codec");
    let refused = anonymous
        .encode("topic-open", &event)
        .await
        .expect_err("no credential, no registration");
    // A refused credential is the component's configuration, not the record's fault: retried
    // (within the consume loops' bound), never poison.
    assert!(refused.is_retriable(), "{refused}");
    assert!(refused.to_string().contains("401"), "{refused}");
    let wrong_url = format!("http://tributary:{}@{addr}", encoded("wrong-password-xyz"));
    let refused = EventCodec::new(&wrong_url)
        .expect("codec")
        .encode("topic-open", &event)
        .await
        .expect_err("wrong credential");
    let message = format!("{refused} {refused:?}");
    assert!(!message.contains("wrong-password-xyz"), "{message}");
    let url = format!("http://tributary:{}@{addr}/", encoded(WRITE_PASSWORD));
    let codec = EventCodec::new(&url).expect("codec");
    let bytes = codec
        .encode("topic-guarded", &event)
        .await
        .expect("registered with the credential");
    assert!(!format!("{codec:?}").contains("s3cr"), "Debug hides it");
    let subject = EventCodec::subject::<WebhookReceived>("topic-guarded");
    let (_, _, subjects) = rest.send(Method::GET, "/subjects", None, None).await;
    assert!(
        subjects
            .as_array()
            .is_some_and(|a| a.contains(&json!(subject))),
        "{subjects}"
    );
    // Decoding only reads: an anonymous codec decodes what the writer registered.
    let back: WebhookReceived = anonymous.decode_as(&bytes).await.expect("decoded");
    assert_eq!(back, event);
    shutdown.trigger();
}
