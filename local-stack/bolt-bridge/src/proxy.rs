//! The bridge itself: accepts Bolt 4.4 connections and relays each to a Bolt 5.x server,
//! translating the messages on the way (see [`crate::translate`]).

use crate::packstream::{self, Value};
use crate::translate::{self, tag, SplitHello};
use std::io;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader, BufWriter};
use tokio::net::{TcpListener, TcpStream};

const MAGIC: [u8; 4] = [0x60, 0x60, 0xB0, 0x17];
/// The one version offered to clients.
const BOLT_4_4: [u8; 4] = [0, 0, 4, 4];
/// Offered to the server: 5.4 and the four minors below it.
const BOLT_5_RANGE: [u8; 4] = [0, 4, 4, 5];
/// Largest message relayed; a bigger one closes the connection.
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024 * 1024;

/// Why a bridged connection ended abnormally.
#[derive(Debug, thiserror::Error)]
pub enum BridgeError {
    /// A socket failed.
    #[error("i/o: {0}")]
    Io(#[from] io::Error),
    /// A peer sent bytes that are not PackStream.
    #[error("malformed message: {0}")]
    Decode(#[from] packstream::DecodeError),
    /// Version negotiation failed.
    #[error("handshake: {0}")]
    Handshake(String),
    /// A message larger than [`MAX_MESSAGE_BYTES`].
    #[error("message over {MAX_MESSAGE_BYTES} bytes")]
    TooLarge,
    /// The first message was not `HELLO`.
    #[error("expected HELLO as the first message")]
    ExpectedHello,
}

/// Reads one chunked message; `None` on a clean end of stream. No-op chunks are skipped.
pub async fn read_message<R: AsyncRead + Unpin>(r: &mut R) -> Result<Option<Vec<u8>>, BridgeError> {
    let mut message = Vec::new();
    loop {
        let mut header = [0u8; 2];
        match r.read_exact(&mut header).await {
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::UnexpectedEof && message.is_empty() => {
                return Ok(None)
            }
            Err(e) => return Err(e.into()),
        }
        let size = u16::from_be_bytes(header) as usize;
        if size == 0 {
            if message.is_empty() {
                continue; // a keep-alive no-op between messages
            }
            return Ok(Some(message));
        }
        if message.len() + size > MAX_MESSAGE_BYTES {
            return Err(BridgeError::TooLarge);
        }
        let start = message.len();
        message.resize(start + size, 0);
        r.read_exact(&mut message[start..]).await?;
    }
}

/// Writes one message in chunks of at most 65,535 bytes, then the end marker, and flushes.
pub async fn write_message<W: AsyncWrite + Unpin>(w: &mut W, message: &[u8]) -> io::Result<()> {
    for chunk in message.chunks(u16::MAX as usize) {
        w.write_all(&(chunk.len() as u16).to_be_bytes()).await?;
        w.write_all(chunk).await?;
    }
    w.write_all(&[0, 0]).await?;
    w.flush().await
}

async fn read_value<R: AsyncRead + Unpin>(r: &mut R) -> Result<Option<Value>, BridgeError> {
    match read_message(r).await? {
        Some(bytes) => Ok(Some(packstream::decode(&bytes)?)),
        None => Ok(None),
    }
}

async fn write_value<W: AsyncWrite + Unpin>(w: &mut W, v: &Value) -> io::Result<()> {
    write_message(w, &packstream::encode(v)).await
}

/// Accepts connections until the listener fails, relaying each to `upstream`.
pub async fn serve(listener: TcpListener, upstream: String) -> io::Result<()> {
    loop {
        let (client, peer) = listener.accept().await?;
        let upstream = upstream.clone();
        tokio::spawn(async move {
            match bridge(client, &upstream).await {
                Ok(()) => tracing::debug!(%peer, "bolt connection closed"),
                // A port probe or a client dropping its socket: not worth a warning.
                Err(BridgeError::Io(e)) if e.kind() == io::ErrorKind::UnexpectedEof => {
                    tracing::debug!(%peer, "bolt connection closed mid-message")
                }
                Err(e) => tracing::warn!(%peer, error = %e, "bolt connection ended"),
            }
        });
    }
}

/// Relays one client connection.
pub async fn bridge(client: TcpStream, upstream: &str) -> Result<(), BridgeError> {
    client.set_nodelay(true)?;
    let (client_read, client_write) = client.into_split();
    let mut client_read = BufReader::new(client_read);
    let mut client_write = BufWriter::new(client_write);

    let mut offer = [0u8; 20];
    client_read.read_exact(&mut offer).await?;
    if offer[..4] != MAGIC {
        return Err(BridgeError::Handshake(
            "client sent no Bolt preamble".into(),
        ));
    }
    let wants_4_4 = offer[4..].chunks(4).any(|v| {
        let (range, minor, major) = (v[1], v[2], v[3]);
        major == 4 && minor >= 4 && minor.saturating_sub(range) <= 4
    });
    if !wants_4_4 {
        client_write.write_all(&[0, 0, 0, 0]).await?;
        client_write.flush().await?;
        return Err(BridgeError::Handshake(
            "client does not speak Bolt 4.4".into(),
        ));
    }

    let server = TcpStream::connect(upstream).await?;
    server.set_nodelay(true)?;
    let (server_read, server_write) = server.into_split();
    let mut server_read = BufReader::new(server_read);
    let mut server_write = BufWriter::new(server_write);
    let mut proposal = Vec::with_capacity(20);
    proposal.extend_from_slice(&MAGIC);
    proposal.extend_from_slice(&BOLT_5_RANGE);
    proposal.extend_from_slice(&[0u8; 12]);
    server_write.write_all(&proposal).await?;
    server_write.flush().await?;
    let mut chosen = [0u8; 4];
    server_read.read_exact(&mut chosen).await?;
    if chosen[3] != 5 {
        client_write.write_all(&[0, 0, 0, 0]).await?;
        client_write.flush().await?;
        return Err(BridgeError::Handshake(format!(
            "server chose Bolt {}.{}, not 5.x",
            chosen[3], chosen[2]
        )));
    }
    let minor = chosen[2];
    client_write.write_all(&BOLT_4_4).await?;
    client_write.flush().await?;

    // Login: the one exchange that is not message for message.
    let Some(Value::Struct {
        tag: tag::HELLO,
        fields,
    }) = read_value(&mut client_read).await?
    else {
        return Err(BridgeError::ExpectedHello);
    };
    let extra = match fields.into_iter().next() {
        Some(Value::Map(entries)) => entries,
        _ => Vec::new(),
    };
    let SplitHello { hello, logon } = translate::split_hello(extra, minor);
    let reply = exchange(
        &mut server_read,
        &mut server_write,
        tag::HELLO,
        vec![Value::Map(hello)],
    )
    .await?;
    let reply = match (is_success(&reply), logon) {
        (true, Some(auth)) => {
            let logon_reply = exchange(
                &mut server_read,
                &mut server_write,
                tag::LOGON,
                vec![Value::Map(auth)],
            )
            .await?;
            if is_success(&logon_reply) {
                reply
            } else {
                logon_reply
            }
        }
        _ => reply,
    };
    write_value(&mut client_write, &reply).await?;
    if !is_success(&reply) {
        return Ok(());
    }

    let upward = async {
        while let Some(message) = read_value(&mut client_read).await? {
            tracing::trace!(signature = signature(&message), "client -> server");
            let message = translate::map_fields(message, translate::to_v5);
            write_value(&mut server_write, &message).await?;
        }
        server_write.shutdown().await.ok();
        Ok::<(), BridgeError>(())
    };
    let downward = async {
        while let Some(message) = read_value(&mut server_read).await? {
            tracing::trace!(signature = signature(&message), "server -> client");
            let message = translate::map_fields(message, translate::to_v4);
            write_value(&mut client_write, &message).await?;
        }
        client_write.shutdown().await.ok();
        Ok::<(), BridgeError>(())
    };
    // Either side closing ends the connection.
    tokio::select! {
        r = upward => r,
        r = downward => r,
    }
}

fn signature(message: &Value) -> u8 {
    match message {
        Value::Struct { tag, .. } => *tag,
        _ => 0,
    }
}

fn is_success(message: &Value) -> bool {
    matches!(message, Value::Struct { tag, .. } if *tag == tag::SUCCESS)
}

async fn exchange<R, W>(
    r: &mut R,
    w: &mut W,
    tag: u8,
    fields: Vec<Value>,
) -> Result<Value, BridgeError>
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    write_value(w, &Value::Struct { tag, fields }).await?;
    match read_value(r).await? {
        Some(reply) => Ok(translate::map_fields(reply, translate::to_v4)),
        None => Err(BridgeError::Handshake("server closed during login".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn messages_are_rechunked_and_noops_skipped() {
        let big = vec![7u8; 70_000];
        let mut wire = vec![0, 0]; // a no-op before the message
        write_message(&mut wire, &big).await.expect("write");
        // Two chunks: 65,535 + 4,465 bytes, then the end marker.
        assert_eq!(wire.len(), 2 + 2 + 65_535 + 2 + 4_465 + 2);
        let mut reader = wire.as_slice();
        assert_eq!(read_message(&mut reader).await.expect("read"), Some(big));
        assert_eq!(read_message(&mut reader).await.expect("eof"), None);
    }

    #[tokio::test]
    async fn a_message_cut_short_is_an_error() {
        let mut reader: &[u8] = &[0, 5, 1, 2];
        assert!(matches!(
            read_message(&mut reader).await,
            Err(BridgeError::Io(_))
        ));
    }

    /// A scripted Bolt 5.4 peer records what the bridge sends during login.
    #[tokio::test]
    async fn login_is_split_into_hello_and_logon() {
        let server = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let upstream = server.local_addr().expect("addr").to_string();
        let peer = tokio::spawn(async move {
            let (mut s, _) = server.accept().await.expect("accept");
            let mut offer = [0u8; 20];
            s.read_exact(&mut offer).await.expect("offer");
            assert_eq!(offer[4..8], BOLT_5_RANGE);
            s.write_all(&[0, 0, 4, 5]).await.expect("choose 5.4");
            let mut seen = Vec::new();
            for _ in 0..2 {
                let msg = read_value(&mut s).await.expect("read").expect("message");
                seen.push(msg);
                let ok = Value::Struct {
                    tag: tag::SUCCESS,
                    fields: vec![Value::Map(vec![(
                        "server".into(),
                        Value::String("kglite".into()),
                    )])],
                };
                write_value(&mut s, &ok).await.expect("reply");
            }
            seen
        });
        let bridge_listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let bridge_addr = bridge_listener.local_addr().expect("addr");
        tokio::spawn(serve(bridge_listener, upstream));

        let mut c = TcpStream::connect(bridge_addr).await.expect("connect");
        let mut offer = MAGIC.to_vec();
        offer.extend_from_slice(&[0, 0, 4, 4, 0, 0, 3, 4, 0, 0, 1, 4, 0, 0, 0, 4]);
        c.write_all(&offer).await.expect("offer");
        let mut chosen = [0u8; 4];
        c.read_exact(&mut chosen).await.expect("chosen");
        assert_eq!(chosen, BOLT_4_4);
        let hello = Value::Struct {
            tag: tag::HELLO,
            fields: vec![Value::Map(vec![
                ("user_agent".into(), Value::String("neo4rs".into())),
                ("scheme".into(), Value::String("basic".into())),
                ("principal".into(), Value::String("neo4j".into())),
                ("credentials".into(), Value::String("pw".into())),
            ])],
        };
        write_value(&mut c, &hello).await.expect("hello");
        let reply = read_value(&mut c).await.expect("read").expect("reply");
        assert!(is_success(&reply));

        let seen = peer.await.expect("peer");
        let Value::Struct { tag, fields } = &seen[0] else {
            panic!("hello")
        };
        assert_eq!(*tag, tag::HELLO);
        assert!(fields[0].get("credentials").is_none());
        assert!(fields[0].get("bolt_agent").is_some());
        let Value::Struct { tag, fields } = &seen[1] else {
            panic!("logon")
        };
        assert_eq!(*tag, tag::LOGON);
        assert_eq!(
            fields[0].get("credentials"),
            Some(&Value::String("pw".into()))
        );
    }
}
