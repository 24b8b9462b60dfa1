//! A scripted HTTP/1.1 server on 127.0.0.1, shared by the runtime's tests (`runtime/tests/`) and
//! the generated client's behaviour tests (`tests/client_*.rs`).
//!
//! The server records every request it reads (method, target, headers, body) and answers with
//! the [`Reply`] its handler picks for the n-th request. A reply can be a well-formed response,
//! a deliberately broken one (a body shorter than its `content-length`, or one whose connection
//! then stalls), a delayed one, a closed connection or a reset one, so the fault tests can
//! script any failure. Connections close after each answer unless the reply asks to keep them
//! alive. It is a real TCP server, so the clients under test run their whole HTTP stack.
//!
//! The clients aimed at it stay with each test suite, since they belong to the crate under test.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::{TcpListener, TcpStream};

/// One request as the server read it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The method, for example `GET`.
    pub method: String,
    /// The request target: the path with its query string, exactly as sent.
    pub target: String,
    /// The headers, with lower-case names, in the order they were sent.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
}

impl Seen {
    /// The value of the first header called `name` (case-insensitive), if any.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    /// The path, still percent-encoded.
    pub fn path(&self) -> &str {
        self.target.split_once('?').map_or(self.target.as_str(), |(path, _)| path)
    }

    /// The raw query string without the `?`, still percent-encoded; empty when there is none.
    pub fn raw_query(&self) -> &str {
        self.target.split_once('?').map_or("", |(_, query)| query)
    }

    /// The decoded query parameters, sorted by name and then value.
    pub fn query(&self) -> Vec<(String, String)> {
        let url = reqwest::Url::parse(&format!("http://server{}", self.target)).expect("the target forms a URL");
        let mut pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
        pairs.sort();
        pairs
    }

    /// The decoded value of the query parameter `name`, if it was sent.
    pub fn query_value(&self, name: &str) -> Option<String> {
        self.query().into_iter().find(|(key, _)| key == name).map(|(_, value)| value)
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("the request body is JSON")
    }
}

/// What the server does with one request.
#[derive(Debug, Clone)]
pub struct Reply {
    action: Action,
    delay: Option<Duration>,
}

#[derive(Debug, Clone)]
enum Action {
    /// Writes a response. When `declared_length` exceeds the body's length, the body is cut
    /// short. With a `hold`, the connection then stays open, silent, for that long.
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        declared_length: usize,
        keep_alive: bool,
        hold: Option<Duration>,
    },
    /// Closes the connection without answering.
    Close,
    /// Resets the connection (a TCP RST) without answering.
    Reset,
}

impl Reply {
    /// A response with `status`, no headers of its own and an empty body.
    pub fn status(status: u16) -> Self {
        Self::body(status, Vec::new())
    }

    /// A response with `status` and `body`, announcing the body's true length and no content
    /// type.
    pub fn body(status: u16, body: impl AsRef<[u8]>) -> Self {
        let body = body.as_ref().to_vec();
        let declared_length = body.len();
        Self {
            action: Action::Respond {
                status,
                headers: Vec::new(),
                body,
                declared_length,
                keep_alive: false,
                hold: None,
            },
            delay: None,
        }
    }

    /// A JSON response.
    pub fn json(status: u16, body: &Value) -> Self {
        Self::body(status, serde_json::to_vec(body).expect("JSON encodes")).header("content-type", "application/json")
    }

    /// A response served as `application/json` whose body is `text` as written, so it may be
    /// malformed JSON or carry trailing bytes.
    pub fn raw_json(status: u16, text: &str) -> Self {
        Self::text(status, "application/json", text)
    }

    /// A response whose body is `text`, served as `content_type`.
    pub fn text(status: u16, content_type: &str, text: &str) -> Self {
        Self::body(status, text).header("content-type", content_type)
    }

    /// A response served as `application/json` that announces `declared_length` body bytes but
    /// sends only `text` and then closes the connection.
    pub fn truncated(status: u16, text: &str, declared_length: usize) -> Self {
        assert!(declared_length > text.len(), "a truncated body must be shorter than it claims");
        let mut reply = Self::raw_json(status, text);
        if let Action::Respond { declared_length: declared, .. } = &mut reply.action {
            *declared = declared_length;
        }
        reply
    }

    /// Closes the connection after reading the request, without answering.
    pub fn close() -> Self {
        Self { action: Action::Close, delay: None }
    }

    /// Resets the connection after reading the request, without answering.
    pub fn reset() -> Self {
        Self { action: Action::Reset, delay: None }
    }

    /// Adds a response header; it has no effect on a closed or reset connection.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        if let Action::Respond { headers, .. } = &mut self.action {
            headers.push((name.to_owned(), value.to_owned()));
        }
        self
    }

    /// Keeps the connection open for further requests after this response.
    pub fn keep_alive(mut self) -> Self {
        if let Action::Respond { keep_alive, .. } = &mut self.action {
            *keep_alive = true;
        }
        self
    }

    /// Keeps the connection open for `hold` after writing the response, sending nothing more,
    /// and then closes it; with a truncated body this is a body that stalls. It has no effect on
    /// a closed or reset connection.
    pub fn hold(mut self, hold: Duration) -> Self {
        if let Action::Respond { hold: held, .. } = &mut self.action {
            *held = Some(hold);
        }
        self
    }

    /// Waits `delay` after reading the request before acting.
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }
}

/// Picks the reply to the n-th request (counting from 0).
type Handler = dyn Fn(usize, &Seen) -> Reply + Send + Sync;

/// The requests read so far, shared between the server's tasks and the test.
#[derive(Debug, Default)]
struct Log {
    seen: Mutex<Vec<Seen>>,
}

impl Log {
    /// Records `request` and returns its number, counting from 0.
    fn record(&self, request: Seen) -> usize {
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        seen.push(request);
        seen.len() - 1
    }

    /// A copy of every request recorded so far.
    fn snapshot(&self) -> Vec<Seen> {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// The number of requests recorded so far.
    fn len(&self) -> usize {
        self.seen.lock().unwrap_or_else(PoisonError::into_inner).len()
    }
}

/// A running server; it stops accepting connections when dropped.
#[derive(Debug)]
pub struct Server {
    address: SocketAddr,
    log: Arc<Log>,
    acceptor: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Starts a server whose `handler` picks the reply to each request from its number
    /// (counting from 0) and the request itself.
    pub async fn start(handler: impl Fn(usize, &Seen) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port is free");
        let address = listener.local_addr().expect("the listener has an address");
        let log = Arc::new(Log::default());
        let handler: Arc<Handler> = Arc::new(handler);
        let acceptor_log = Arc::clone(&log);
        let acceptor = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let log = Arc::clone(&acceptor_log);
                let handler = Arc::clone(&handler);
                // A connection's failure only ends that connection; the test sees its effect.
                tokio::spawn(async move {
                    let _ = serve_connection(stream, &log, handler.as_ref()).await;
                });
            }
        });
        Self { address, log, acceptor }
    }

    /// Starts a server that answers the n-th request with `replies[n]`, and every later
    /// request with the last reply.
    pub async fn replying(replies: Vec<Reply>) -> Self {
        assert!(!replies.is_empty(), "a scripted server needs at least one reply");
        Self::start(move |n, _| replies[n.min(replies.len() - 1)].clone()).await
    }

    /// The base URL, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The socket address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The port the server listens on.
    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// Every request read so far, in order.
    pub fn requests(&self) -> Vec<Seen> {
        self.log.snapshot()
    }

    /// The number of requests read so far.
    pub fn count(&self) -> usize {
        self.log.len()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.acceptor.abort();
    }
}

/// Reads requests from one connection and answers each, until a reply closes it.
async fn serve_connection(mut stream: TcpStream, log: &Log, handler: &Handler) -> std::io::Result<()> {
    stream.set_nodelay(true)?;
    let mut buffer = Vec::new();
    while let Some(request) = read_request(&mut stream, &mut buffer).await? {
        let number = log.record(request.clone());
        let reply = handler(number, &request);
        if let Some(delay) = reply.delay {
            tokio::time::sleep(delay).await;
        }
        match reply.action {
            Action::Respond { status, headers, body, declared_length, keep_alive, hold } => {
                let mut head = format!("HTTP/1.1 {status} {}\r\n", reason_phrase(status));
                for (name, value) in &headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                let connection = if keep_alive { "keep-alive" } else { "close" };
                head.push_str(&format!("content-length: {declared_length}\r\nconnection: {connection}\r\n\r\n"));
                // One write per response, so that a kept-alive connection never waits on
                // Nagle's algorithm between the head and the body.
                let mut response = head.into_bytes();
                response.extend_from_slice(&body);
                stream.write_all(&response).await?;
                stream.flush().await?;
                if let Some(hold) = hold {
                    tokio::time::sleep(hold).await;
                    return stream.shutdown().await;
                }
                if !keep_alive || declared_length != body.len() {
                    return stream.shutdown().await;
                }
            }
            Action::Close => return stream.shutdown().await,
            Action::Reset => return stream.set_zero_linger(),
        }
    }
    Ok(())
}

/// Reads one request (head and `content-length` body) from `stream`, keeping any bytes that
/// belong to the next request in `buffer`. Returns `None` when the peer closed the connection.
async fn read_request(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> std::io::Result<Option<Seen>> {
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break end;
        }
        if !read_more(stream, buffer).await? {
            return Ok(None);
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let target = request_line.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let body_length = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse::<usize>().ok())
        .unwrap_or(0);
    let body_start = head_end + 4;
    while buffer.len() < body_start + body_length {
        if !read_more(stream, buffer).await? {
            return Ok(None);
        }
    }
    let body = buffer[body_start..body_start + body_length].to_vec();
    buffer.drain(..body_start + body_length);
    Ok(Some(Seen { method, target, headers, body }))
}

/// Appends what the peer sent next to `buffer`; returns `false` at the end of the stream.
async fn read_more(stream: &mut TcpStream, buffer: &mut Vec<u8>) -> std::io::Result<bool> {
    let mut chunk = [0u8; 8192];
    let read = stream.read(&mut chunk).await?;
    buffer.extend_from_slice(&chunk[..read]);
    Ok(read > 0)
}

/// The reason phrase of the status line, for example `Not Found`.
fn reason_phrase(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status).ok().and_then(|status| status.canonical_reason()).unwrap_or("Unknown")
}

/// A port on 127.0.0.1 that nothing listens on, so connecting to it is refused.
pub async fn refused_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port is free");
    let port = listener.local_addr().expect("the listener has an address").port();
    drop(listener);
    port
}
