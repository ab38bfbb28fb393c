//! Fetch only what the operator allows, on the real stack (broker, registry, PostgreSQL): signed
//! pushes naming a local path, `file://`, plain `http://`, a host off the allow-list, an invalid
//! `owner/name` or a registered repository's new location are dead-lettered with the rule they
//! broke, nothing is fetched and no credential leaves (a loopback server of the test sees no
//! connection at all), and the next push flows. A push to a host that accepts and never answers
//! does not hold up a push of another repository, and is dead-lettered after its bound.
//!
//! libgit2's socket timeouts are process-wide: every test of this file uses [`FETCH_TIMEOUT`].

use crate::common::*;
use rdkafka::consumer::{Consumer, StreamConsumer};
use rdkafka::message::Message;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tributary::app;
use tributary_producers::git::GitConfig;
use tributary_runtime::backoff::RetryPolicy;
use tributary_schemas::{CommitObserved, DeadLetter, PushObserved};

/// The fetch timeout of every fetcher in this file (libgit2's timeouts are process-wide).
const FETCH_TIMEOUT: Duration = Duration::from_secs(10);
/// A token that must never reach a test server.
const TOKEN: &str = "ghp_test_token_that_must_never_leave";

/// A loopback server that records every connection and every request it reads. `answer`:
/// reply `401` asking for Basic credentials (so a client that has some sends them); otherwise
/// hold the connection open and never answer.
#[derive(Clone)]
struct Snitch {
    addr: SocketAddr,
    connections: Arc<Mutex<usize>>,
    requests: Arc<Mutex<Vec<String>>>,
}

impl Snitch {
    async fn start(ip: &str, answer: bool) -> Self {
        let listener = tokio::net::TcpListener::bind((ip, 0))
            .await
            .expect("loopback listener");
        let snitch = Snitch {
            addr: listener.local_addr().expect("addr"),
            connections: Arc::default(),
            requests: Arc::default(),
        };
        let s = snitch.clone();
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                *s.connections.lock().expect("lock") += 1;
                let s = s.clone();
                tokio::spawn(async move {
                    if !answer {
                        // Accept, read and never answer: the peer waits on us.
                        let mut sink = [0u8; 4096];
                        while matches!(socket.read(&mut sink).await, Ok(n) if n > 0) {}
                        return;
                    }
                    let mut buffer = Vec::new();
                    let mut chunk = [0u8; 4096];
                    loop {
                        match socket.read(&mut chunk).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                        }
                        while let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                            let request: Vec<u8> = buffer.drain(..end + 4).collect();
                            s.requests
                                .lock()
                                .expect("lock")
                                .push(String::from_utf8_lossy(&request).into_owned());
                            let reply = "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"git\"\r\nContent-Length: 0\r\n\r\n";
                            if socket.write_all(reply.as_bytes()).await.is_err() {
                                return;
                            }
                        }
                    }
                });
            }
        });
        snitch
    }

    fn connections(&self) -> usize {
        *self.connections.lock().expect("lock")
    }

    fn authorization_headers(&self) -> usize {
        self.requests
            .lock()
            .expect("lock")
            .iter()
            .filter(|r| r.to_ascii_lowercase().contains("\nauthorization:"))
            .count()
    }
}

/// Everything a topic of this test received so far, decoded, collected in the background.
struct Collected<T> {
    items: Arc<Mutex<Vec<(Instant, T)>>>,
}

impl<T: tributary_schemas::Event + Send + 'static> Collected<T> {
    fn start(env: &TestEnv, topic: String) -> Self {
        let consumer: StreamConsumer = tributary_runtime::kafka::consumer(
            &env.infra.kafka,
            &format!("{}-reader-{}", env.id, uuid::Uuid::new_v4().simple()),
        )
        .expect("consumer");
        consumer.subscribe(&[&topic]).expect("subscribe");
        let codec = env.infra.codec().expect("codec");
        let items: Arc<Mutex<Vec<(Instant, T)>>> = Arc::default();
        let sink = items.clone();
        let shutdown = env.shutdown.clone();
        tokio::spawn(async move {
            loop {
                let message = tokio::select! {
                    m = consumer.recv() => m,
                    _ = shutdown.wait() => return,
                };
                let Ok(message) = message else { continue };
                let Some(payload) = message.payload() else {
                    continue;
                };
                if let Ok(item) = codec.decode_as::<T>(payload).await {
                    sink.lock().expect("lock").push((Instant::now(), item));
                }
            }
        });
        Self { items }
    }

    fn snapshot(&self) -> Vec<(Instant, T)>
    where
        T: Clone,
    {
        self.items.lock().expect("lock").clone()
    }
}

fn commits_of(commits: &Collected<CommitObserved>) -> HashMap<String, usize> {
    let mut by_repository = HashMap::new();
    for (_, c) in commits.snapshot() {
        *by_repository.entry(c.repository).or_default() += 1;
    }
    by_repository
}

/// The git configuration of a fetcher of this file.
fn git_config(env: &TestEnv, allowed: &[String], credentials_host: &str) -> GitConfig {
    let mut allowed_hosts = vec!["github.com".to_string()];
    allowed_hosts.extend(allowed.iter().cloned());
    GitConfig {
        git_token: TOKEN.into(),
        credentials_host: credentials_host.into(),
        allowed_hosts,
        fetch_timeout_secs: FETCH_TIMEOUT.as_secs(),
        fetch_concurrency: 4,
        ..env.git_config()
    }
}

/// A push of `repository` from `clone_url`, as the normalizer writes it.
fn push(repository: &str, clone_url: &str, after: &str) -> PushObserved {
    let delivery = uuid::Uuid::new_v4().to_string();
    PushObserved {
        event_id: delivery.clone(),
        delivery_id: delivery,
        repository: repository.into(),
        clone_url: Some(clone_url.into()),
        git_ref: "refs/heads/main".into(),
        before: "0".repeat(40),
        after: after.into(),
        created: true,
        deleted: false,
        forced: false,
        pusher: None,
        commits: Vec::new(),
        observed_at: 0,
        commits_total: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pushes_outside_the_fetch_policy_are_dead_lettered_and_nothing_is_fetched() {
    let mut env = TestEnv::new("hostilefetch").await;
    env.infra.kafka.retry = RetryPolicy {
        max_attempts: 2,
        max_seconds: 10,
    };
    // The snitch is on the allow-list and is the credentials host: only the https rule keeps
    // the token from it. A second one, on 127.0.0.2, is off the list.
    let snitch = Snitch::start("127.0.0.1", true).await;
    let off_list = Snitch::start("127.0.0.2", true).await;
    let (on, off) = (snitch.addr, off_list.addr);
    let config = git_config(&env, &[on.to_string()], &on.to_string());

    // Repositories on this machine a push must not reach.
    let secret = env.tmp.path().join("secret");
    init_repository(&secret, &[("passwords.txt", "hunter2\n")], "secret");
    // The operator's registrations: a local one, and a remote one a push tries to re-point.
    let good = env.tmp.path().join("good");
    let good_sha = init_repository(&good, &[("lib.py", "def ok():\n    return 1\n")], "good");
    let producer = app::git_producer(&config, &env.infra)
        .await
        .expect("producer");
    producer
        .register(good.to_str().expect("utf-8"), Some("acme/good"))
        .await
        .expect("operator registers a local path");
    let moved_location = format!("https://{on}/acme/moved.git");
    producer
        .register(&moved_location, Some("acme/moved"))
        .await
        .expect("operator registers an allowed remote");

    let commits = Collected::<CommitObserved>::start(&env, env.infra.kafka.topics().commits());
    let letters = Collected::<DeadLetter>::start(&env, env.infra.kafka.topics().dlq());
    let ingest = env.start_ingest(1024 * 1024).await;
    env.start_normalizer().await;
    app::start_fetcher(producer.clone(), &env.infra, None, env.shutdown.clone())
        .await
        .expect("fetcher starts");

    let zeros = "0".repeat(40);
    let refused: Vec<(&str, String, &str)> = vec![
        (
            "acme/secret",
            secret.display().to_string(),
            "a local path is only fetched for a repository an operator registered",
        ),
        (
            "acme/secretfile",
            format!("file://{}", secret.display()),
            "file:// is only fetched for a repository an operator registered",
        ),
        (
            "acme/plain",
            format!("http://{on}/acme/plain.git"),
            "only https:// is fetched",
        ),
        (
            "acme/elsewhere",
            format!("https://{off}/acme/elsewhere.git"),
            "is not in TRIBUTARY_GIT_ALLOWED_HOSTS",
        ),
        (
            "acme/moved",
            format!("https://{on}/evil/moved.git"),
            "does not name the pushed repository",
        ),
        (
            "acme/moved",
            "https://github.com/acme/moved.git".to_string(),
            "a push never changes a registered repository's location",
        ),
        (
            "-acme/x",
            format!("https://{on}/-acme/x.git"),
            "not owner/name",
        ),
    ];
    for (repository, clone_url, _) in &refused {
        env.send_push(
            ingest,
            repository,
            clone_url,
            ("refs/heads/main", &zeros, &good_sha),
            false,
        )
        .await;
    }
    // The next push flows: the operator's local registration syncs from where it is, whatever
    // URL GitHub gives for it.
    env.send_push(
        ingest,
        "acme/good",
        "https://github.com/acme/good.git",
        ("refs/heads/main", &zeros, &good_sha),
        false,
    )
    .await;

    wait_until(
        Duration::from_secs(60),
        "every refused push dead-lettered",
        || async { letters.snapshot().len() >= refused.len() },
    )
    .await;
    wait_until(Duration::from_secs(60), "the good push fetched", || async {
        commits_of(&commits).get("acme/good") == Some(&1)
    })
    .await;
    let letters = letters.snapshot();
    assert_eq!(
        letters.len(),
        refused.len(),
        "one dead letter per refused push"
    );
    for (repository, clone_url, rule) in &refused {
        let found = letters.iter().any(|(_, l)| {
            l.component == "fetcher" && l.error.contains(rule) && l.payload.is_some()
        });
        assert!(
            found,
            "{repository} from {clone_url}: no dead letter saying {rule:?}; got {:?}",
            letters.iter().map(|(_, l)| &l.error).collect::<Vec<_>>()
        );
    }
    for (_, l) in &letters {
        assert!(!l.error.contains(TOKEN), "{}", l.error);
    }
    // Nothing fetched: only the good repository's commit was emitted, no connection reached
    // either loopback server, no credential was sent.
    tokio::time::sleep(Duration::from_secs(2)).await; // a late emission would show up here
    let emitted = commits_of(&commits);
    assert_eq!(
        emitted,
        HashMap::from([("acme/good".to_string(), 1)]),
        "commits emitted"
    );
    assert_eq!(snitch.authorization_headers(), 0, "no credential sent");
    assert_eq!(
        snitch.connections(),
        0,
        "the allowed host over http:// was not reached"
    );
    assert_eq!(
        off_list.connections(),
        0,
        "the host off the list was not reached"
    );
    // The registrations are as the operator left them; no refused push registered anything.
    let state = producer.state();
    let moved = state
        .repository("acme/moved")
        .await
        .expect("state")
        .expect("registered");
    assert_eq!(moved.location, moved_location, "never re-pointed by a push");
    let names: Vec<String> = state
        .repositories()
        .await
        .expect("state")
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, vec!["acme/good", "acme/moved"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_unreachable_repository_does_not_hold_up_the_others() {
    let mut env = TestEnv::new("unreachable").await;
    env.infra.kafka.retry = RetryPolicy {
        max_attempts: 2,
        max_seconds: 60,
    };
    // Allowed, and it accepts connections, but never answers (not even the TLS handshake).
    let silent = Snitch::start("127.0.0.1", false).await;
    let far = silent.addr;
    let config = git_config(&env, &[far.to_string()], "github.com");
    let nearby = env.tmp.path().join("nearby");
    let nearby_sha = init_repository(&nearby, &[("a.py", "x = 1\n")], "nearby");
    let producer = app::git_producer(&config, &env.infra)
        .await
        .expect("producer");
    producer
        .register(nearby.to_str().expect("utf-8"), Some("acme/nearby"))
        .await
        .expect("operator registers a local path");

    let commits = Collected::<CommitObserved>::start(&env, env.infra.kafka.topics().commits());
    let letters = Collected::<DeadLetter>::start(&env, env.infra.kafka.topics().dlq());
    // Both pushes on one partition, the unreachable one first: without concurrency the second
    // would wait for the first's every attempt.
    let topic = env.infra.kafka.topics().pushes();
    let codec = env.infra.codec().expect("codec");
    let kafka = tributary_runtime::kafka::producer(&env.infra.kafka, Duration::from_secs(10))
        .expect("producer");
    for p in [
        push(
            "acme/faraway",
            &format!("https://{far}/acme/faraway.git"),
            &"1".repeat(40),
        ),
        push(
            "acme/nearby",
            "https://github.com/acme/nearby.git",
            &nearby_sha,
        ),
    ] {
        let bytes = codec.encode(&topic, &p).await.expect("encode");
        let record = rdkafka::producer::FutureRecord::to(&topic)
            .key("pushes")
            .payload(&bytes)
            .partition(0);
        kafka
            .send(record, rdkafka::util::Timeout::Never)
            .await
            .map_err(|(e, _)| e)
            .expect("acknowledged");
    }
    let started = Instant::now();
    app::start_fetcher(producer.clone(), &env.infra, None, env.shutdown.clone())
        .await
        .expect("fetcher starts");

    wait_until(
        Duration::from_secs(30),
        "the fetch of the unreachable repository under way",
        || async { silent.connections() >= 1 },
    )
    .await;
    let hanging_since = Instant::now();
    wait_until(
        FETCH_TIMEOUT - Duration::from_secs(2),
        "the reachable repository's commit, while the other fetch hangs",
        || async { commits_of(&commits).get("acme/nearby") == Some(&1) },
    )
    .await;
    eprintln!(
        "nearby emitted {:?} after the unreachable fetch began, {:?} after the fetcher started",
        hanging_since.elapsed(),
        started.elapsed()
    );
    assert!(letters.snapshot().is_empty(), "nothing given up yet");

    wait_until(
        FETCH_TIMEOUT * 4 + Duration::from_secs(30),
        "the unreachable push dead-lettered after its bound",
        || async { !letters.snapshot().is_empty() },
    )
    .await;
    let letters = letters.snapshot();
    let (at, letter) = &letters[0];
    assert_eq!(letters.len(), 1, "{letters:?}");
    assert_eq!(letter.component, "fetcher");
    assert!(
        letter.error.contains("timed out") && letter.error.contains("acme/faraway"),
        "{}",
        letter.error
    );
    assert!(
        at.duration_since(started) >= FETCH_TIMEOUT * 2,
        "two attempts of {FETCH_TIMEOUT:?} each before giving up: {:?}",
        at.duration_since(started)
    );
    assert_eq!(
        commits_of(&commits),
        HashMap::from([("acme/nearby".to_string(), 1)])
    );
}

/// An HTTPS server (Python's, with a throwaway certificate libgit2 is told to trust) that answers
/// every request `401` asking for Basic credentials and prints, per request, whether it carried
/// an `Authorization` header. Returns its port, the process and its output lines.
fn start_tls_snitch(dir: &std::path::Path) -> (u16, std::process::Child, Arc<Mutex<Vec<String>>>) {
    use std::io::BufRead;
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    output_of(
        std::process::Command::new("openssl")
            .args([
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            ])
            .args([
                "-subj",
                "/CN=127.0.0.1",
                "-addext",
                "subjectAltName=IP:127.0.0.1",
            ])
            .arg("-keyout")
            .arg(&key)
            .arg("-out")
            .arg(&cert),
    );
    // SAFETY: a libgit2 global read when a TLS stream opens; this test runs alone in its process.
    unsafe { git2::opts::set_ssl_cert_file(&cert) }.expect("trust the test certificate");
    let script = r#"
import http.server, ssl, sys
class H(http.server.BaseHTTPRequestHandler):
    def answer(self):
        print("AUTH" if self.headers.get("Authorization") else "NOAUTH", flush=True)
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="git"')
        self.send_header("Content-Length", "0")
        self.end_headers()
    do_GET = answer
    do_POST = answer
    def log_message(self, *args):
        pass
server = http.server.HTTPServer(("127.0.0.1", 0), H)
context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
context.load_cert_chain(sys.argv[1], sys.argv[2])
server.socket = context.wrap_socket(server.socket, server_side=True)
print(server.server_address[1], flush=True)
server.serve_forever()
"#;
    let mut child = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&cert)
        .arg(&key)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 (for a test HTTPS server)");
    let mut lines = std::io::BufReader::new(child.stdout.take().expect("stdout")).lines();
    let port: u16 = lines
        .next()
        .expect("the server's port")
        .expect("read")
        .trim()
        .parse()
        .expect("a port");
    let seen: Arc<Mutex<Vec<String>>> = Arc::default();
    let sink = seen.clone();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            sink.lock().expect("lock").push(line);
        }
    });
    (port, child, seen)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn credentials_go_only_to_their_host() {
    // libgit2's trusted certificates are the process's: the test's own is trusted only here.
    if own_process(module_path!(), "credentials_go_only_to_their_host").await {
        return;
    }
    let env = TestEnv::new("credhost").await;
    let (port, child, seen) = start_tls_snitch(env.tmp.path());
    env.children.lock().expect("children").push(child);
    let host = format!("127.0.0.1:{port}");
    let requests = |auth: &str| {
        seen.lock()
            .expect("lock")
            .iter()
            .filter(|l| *l == auth)
            .count()
    };

    // Allowed, over HTTPS, but not the credentials host: asked, the fetcher sends nothing.
    let config = git_config(&env, std::slice::from_ref(&host), "github.com");
    let producer = app::git_producer(&config, &env.infra)
        .await
        .expect("producer");
    let letters = Collected::<DeadLetter>::start(&env, env.infra.kafka.topics().dlq());
    app::start_fetcher(producer, &env.infra, None, env.shutdown.clone())
        .await
        .expect("fetcher starts");
    let topic = env.infra.kafka.topics().pushes();
    let codec = env.infra.codec().expect("codec");
    let kafka = tributary_runtime::kafka::producer(&env.infra.kafka, Duration::from_secs(10))
        .expect("producer");
    let p = push(
        "acme/tls",
        &format!("https://{host}/acme/tls.git"),
        &"1".repeat(40),
    );
    let bytes = codec.encode(&topic, &p).await.expect("encode");
    tributary_runtime::kafka::send(&kafka, &topic, b"acme/tls", &bytes)
        .await
        .expect("acknowledged");
    wait_until(
        Duration::from_secs(60),
        "the push refused by the server, dead-lettered",
        || async { !letters.snapshot().is_empty() },
    )
    .await;
    let letter = letters.snapshot()[0].1.clone();
    assert!(letter.error.contains("acme/tls"), "{}", letter.error);
    assert!(requests("NOAUTH") >= 1, "the server was asked: {seen:?}");
    assert_eq!(
        requests("AUTH"),
        0,
        "no credential sent to a host not configured for it"
    );

    // Control: the same server as the credentials host does receive the token, so the check
    // above can see one.
    let config = git_config(&env, std::slice::from_ref(&host), &host);
    let trusted = app::git_producer(&config, &env.infra)
        .await
        .expect("producer");
    let repo = trusted
        .register(
            &format!("https://{host}/acme/tls.git"),
            Some("acme/tls-control"),
        )
        .await
        .expect("operator registers");
    assert!(
        trusted.sync(&repo, false).await.is_err(),
        "the server refuses everyone"
    );
    assert!(
        requests("AUTH") >= 1,
        "the credentials host got the token: {seen:?}"
    );
}
