//! The JWT attack matrix over real HTTP: every refused token gets 401 with its reason in the body
//! (never a 500), a reader is refused admin routes with 403, RS256 and HS256 keys are chosen by
//! `kid` with their algorithm pinned, and keys rotate by editing the keys file, without a
//! restart.

use crate::common::*;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const HS_SECRET: &str = "a-rotating-hs256-secret-of-32-bytes-or-more";

fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

fn claims(roles: &[&str]) -> Value {
    json!({
        "sub": "mallory", "iss": "tributary", "aud": "tributary-api",
        "iat": now(), "exp": now() + 600, "roles": roles,
    })
}

fn sign(alg: Algorithm, kid: Option<&str>, claims: &Value, key: &EncodingKey) -> String {
    let mut header = Header::new(alg);
    header.kid = kid.map(str::to_string);
    jsonwebtoken::encode(&header, claims, key).expect("signed")
}

fn unsigned(header: &Value, claims: &Value) -> String {
    format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    )
}

/// An RSA key pair from openssl: (private PEM, public PEM).
fn rsa_pair(dir: &Path) -> (Vec<u8>, String) {
    let private = dir.join("rsa.pem");
    let public = dir.join("rsa.pub.pem");
    let run = |args: &[&str]| {
        output_of(Command::new("openssl").args(args));
    };
    let p = private.to_str().expect("utf-8");
    run(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        p,
    ]);
    run(&[
        "pkey",
        "-in",
        p,
        "-pubout",
        "-out",
        public.to_str().expect("utf-8"),
    ]);
    (
        std::fs::read(&private).expect("private key"),
        std::fs::read_to_string(&public).expect("public key"),
    )
}

fn write_keys(path: &Path, keys: Value) {
    // Written aside and renamed: the API never reads half a file.
    let tmp = path.with_extension("tmp");
    std::fs::write(&tmp, keys.to_string()).expect("keys");
    std::fs::rename(&tmp, path).expect("rename");
}

async fn call(
    env: &TestEnv,
    api: SocketAddr,
    path: &str,
    authorization: Option<&str>,
) -> (u16, Value) {
    let mut request = env.http.get(format!("http://{api}{path}"));
    if let Some(a) = authorization {
        request = request.header("authorization", a);
    }
    let response = request.send().await.expect("request");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn refused_with(env: &TestEnv, api: SocketAddr, token: &str, reason: &str) {
    let (status, body) = call(env, api, "/repos", Some(&format!("Bearer {token}"))).await;
    assert_eq!(status, 401, "{reason}: {body}");
    assert_eq!(body["error"]["code"], "unauthorized");
    let message = body["error"]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(reason),
        "expected {reason:?}, got {message:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_bad_token_is_refused_with_its_reason_and_keys_rotate_without_a_restart() {
    let env = TestEnv::new("auth").await;
    let (rsa_private, rsa_public) = rsa_pair(env.tmp.path());
    let keys_path = env.tmp.path().join("keys.json");
    write_keys(
        &keys_path,
        json!({"keys": [
            {"kid": "hs-1", "alg": "HS256", "secret": HS_SECRET},
            {"kid": "rsa-1", "alg": "RS256", "public_key_pem": rsa_public},
        ]}),
    );
    let mut config = env.api_config();
    config.jwt_keys_file = Some(keys_path.clone());
    let api = env.start_api_configured(config, None).await;

    let rsa = EncodingKey::from_rsa_pem(&rsa_private).expect("RSA key");
    let hs = EncodingKey::from_secret(HS_SECRET.as_bytes());
    let reader = claims(&["reader"]);
    let rs_token = sign(Algorithm::RS256, Some("rsa-1"), &reader, &rsa);
    let hs_token = sign(Algorithm::HS256, Some("hs-1"), &reader, &hs);
    // Accepted: RS256 and HS256 by key id, and the plain secret without a key id.
    for token in [&rs_token, &hs_token, &env.token(&["reader"])] {
        let (status, body) = call(&env, api, "/repos", Some(&format!("Bearer {token}"))).await;
        assert_eq!(status, 200, "{body}");
    }

    // Missing and malformed headers.
    let (status, body) = call(&env, api, "/repos", None).await;
    assert_eq!(status, 401);
    assert!(body["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("missing bearer token")));
    for header in ["Basic dXNlcjpwYXNz", "Bearer", "Bearer    ", "Token abc"] {
        let (status, body) = call(&env, api, "/repos", Some(header)).await;
        assert_eq!(status, 401, "{header}: {body}");
        assert!(body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("malformed")));
    }
    refused_with(&env, api, "not.a.jwt", "malformed token").await;

    // alg: none, with and without a key id; another HMAC size.
    refused_with(
        &env,
        api,
        &unsigned(&json!({"alg": "none", "typ": "JWT"}), &reader),
        "algorithm not allowed",
    )
    .await;
    refused_with(
        &env,
        api,
        &unsigned(&json!({"alg": "none", "kid": "hs-1"}), &reader),
        "algorithm not allowed",
    )
    .await;
    let hs384 = sign(Algorithm::HS384, Some("hs-1"), &reader, &hs);
    refused_with(&env, api, &hs384, "algorithm not allowed").await;

    // HS/RS confusion: an HS256 token "signed" with the RSA public key, naming the RSA key.
    let confused = sign(
        Algorithm::HS256,
        Some("rsa-1"),
        &reader,
        &EncodingKey::from_secret(rsa_public.as_bytes()),
    );
    refused_with(&env, api, &confused, "algorithm does not match the key").await;
    // And the other way round: an RS256 token naming the HMAC key.
    let confused = sign(Algorithm::RS256, Some("hs-1"), &reader, &rsa);
    refused_with(&env, api, &confused, "algorithm does not match the key").await;

    // Time and audience claims.
    let mut c = reader.clone();
    c["exp"] = json!(now() - 3600);
    refused_with(
        &env,
        api,
        &sign(Algorithm::RS256, Some("rsa-1"), &c, &rsa),
        "token expired",
    )
    .await;
    let mut c = reader.clone();
    c["nbf"] = json!(now() + 3600);
    refused_with(
        &env,
        api,
        &sign(Algorithm::RS256, Some("rsa-1"), &c, &rsa),
        "not yet valid",
    )
    .await;
    let mut c = reader.clone();
    c["iss"] = json!("someone-else");
    refused_with(
        &env,
        api,
        &sign(Algorithm::HS256, Some("hs-1"), &c, &hs),
        "wrong issuer",
    )
    .await;
    let mut c = reader.clone();
    c["aud"] = json!("another-api");
    refused_with(
        &env,
        api,
        &sign(Algorithm::HS256, Some("hs-1"), &c, &hs),
        "wrong audience",
    )
    .await;

    // A tampered payload (reader → admin) keeps a signature that no longer matches.
    let mut parts: Vec<String> = rs_token.split('.').map(str::to_string).collect();
    parts[1] = URL_SAFE_NO_PAD.encode(claims(&["admin"]).to_string());
    refused_with(&env, api, &parts.join("."), "invalid signature").await;
    let mut parts: Vec<String> = hs_token.split('.').map(str::to_string).collect();
    parts[2] = URL_SAFE_NO_PAD.encode([0u8; 32]);
    refused_with(&env, api, &parts.join("."), "invalid signature").await;

    // Unknown key id.
    refused_with(
        &env,
        api,
        &sign(Algorithm::HS256, Some("hs-9"), &reader, &hs),
        "unknown key id",
    )
    .await;

    // A reader on an admin route: 403, not 401.
    let (status, body) = call(&env, api, "/admin/dlq", Some(&format!("Bearer {rs_token}"))).await;
    assert_eq!(status, 403, "{body}");
    assert_eq!(body["error"]["code"], "forbidden");
    let admin = sign(Algorithm::RS256, Some("rsa-1"), &claims(&["admin"]), &rsa);
    let (status, _) = call(&env, api, "/admin/dlq", Some(&format!("Bearer {admin}"))).await;
    assert_ne!(status, 403);
    assert_ne!(status, 401);

    // Rotation: add hs-2, then retire rsa-1; no restart.
    const NEW_SECRET: &str = "the-next-hs256-secret-also-32-bytes-long!";
    let hs2 = EncodingKey::from_secret(NEW_SECRET.as_bytes());
    let hs2_token = sign(Algorithm::HS256, Some("hs-2"), &reader, &hs2);
    refused_with(&env, api, &hs2_token, "unknown key id").await;
    write_keys(
        &keys_path,
        json!({"keys": [
            {"kid": "hs-1", "alg": "HS256", "secret": HS_SECRET},
            {"kid": "hs-2", "alg": "HS256", "secret": NEW_SECRET},
            {"kid": "rsa-1", "alg": "RS256", "public_key_pem": rsa_public},
        ]}),
    );
    let auth = format!("Bearer {hs2_token}");
    wait_until(Duration::from_secs(10), "the new key in force", || async {
        call(&env, api, "/repos", Some(&auth)).await.0 == 200
    })
    .await;
    write_keys(
        &keys_path,
        json!({"keys": [{"kid": "hs-2", "alg": "HS256", "secret": NEW_SECRET}]}),
    );
    let old = format!("Bearer {rs_token}");
    wait_until(
        Duration::from_secs(10),
        "the retired key refused",
        || async { call(&env, api, "/repos", Some(&old)).await.0 == 401 },
    )
    .await;
    refused_with(&env, api, &rs_token, "unknown key id").await;
    // A broken keys file is not loaded: the keys in force stay while the API, which looks at
    // the file every second, reads it and refuses it.
    std::fs::write(&keys_path, "{ not json").expect("write");
    let broken_until = Instant::now() + Duration::from_secs(3);
    while Instant::now() < broken_until {
        let (status, body) = call(&env, api, "/repos", Some(&auth)).await;
        assert_eq!(status, 200, "the keys in force with a broken file: {body}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // And it goes on reading it: the next good file is in force, without a restart.
    const THIRD_SECRET: &str = "a-third-hs256-secret-after-the-broken-file";
    let hs3 = EncodingKey::from_secret(THIRD_SECRET.as_bytes());
    let hs3_auth = format!(
        "Bearer {}",
        sign(Algorithm::HS256, Some("hs-3"), &reader, &hs3)
    );
    write_keys(
        &keys_path,
        json!({"keys": [{"kid": "hs-3", "alg": "HS256", "secret": THIRD_SECRET}]}),
    );
    wait_until(
        Duration::from_secs(10),
        "the keys file written after a broken one in force",
        || async { call(&env, api, "/repos", Some(&hs3_auth)).await.0 == 200 },
    )
    .await;
    refused_with(&env, api, &hs2_token, "unknown key id").await;
}
