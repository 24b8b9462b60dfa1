//! A tiny scripted HTTP/1.1 server on 127.0.0.1 for the runtime's tests.
//!
//! Each connection carries one request: the server reads the head and the
//! body, records them, and answers with the [`Reply`] its handler picks,
//! then closes the connection. Replies are raw bytes, so tests can send
//! malformed or truncated responses, delay, or drop the connection.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use realtimekit_runtime::config::{ApiDefaults, ClientBuilder};
use realtimekit_runtime::conventions::Conventions;
use realtimekit_runtime::operation::{Method, Operation, RetrySafety};
use realtimekit_runtime::retry::RetryPolicy;
use realtimekit_runtime::transport::Transport;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// The token the tests use; it must never show up in any output.
pub(crate) const TOKEN: &str = "tok_SECRET_4f9a1c";

/// Defaults pointing at environment variables that are never set, for an API that declares a
/// success flag, two error body shapes and two request id headers.
pub(crate) static DEFAULTS: ApiDefaults = ApiDefaults {
    base_url: "http://127.0.0.1:9/v1",
    token_env: "RTK_RUNTIME_TEST_UNSET_TOKEN_VAR",
    base_url_env: "RTK_RUNTIME_TEST_UNSET_BASE_URL_VAR",
    user_agent: "runtime-tests/1.0",
    conventions: DECLARED,
};

/// The conventions of the API that [`DEFAULTS`] describes.
pub(crate) const DECLARED: Conventions = Conventions {
    success_flag: Some("/success"),
    error_code: &["/error/code", "/errors/0/code"],
    error_message: &["/error/message", "/errors/0/message"],
    request_id_headers: &["x-request-id", "cf-ray"],
};

/// The same API as [`DEFAULTS`], but declaring no conventions at all.
pub(crate) static PLAIN_DEFAULTS: ApiDefaults = ApiDefaults { conventions: Conventions::NONE, ..DEFAULTS };

/// `GET /items/{item_id}`, idempotent.
pub(crate) static GET_ITEM: Operation =
    Operation { name: "get_item", method: Method::Get, path: "/items/{item_id}", retry: RetrySafety::Idempotent };

/// `GET /items`, idempotent.
pub(crate) static LIST_ITEMS: Operation =
    Operation { name: "list_items", method: Method::Get, path: "/items", retry: RetrySafety::Idempotent };

/// `POST /items`, not idempotent.
pub(crate) static CREATE_ITEM: Operation =
    Operation { name: "create_item", method: Method::Post, path: "/items", retry: RetrySafety::NotIdempotent };

/// A stand-in for a generated client type.
#[derive(Debug, Clone)]
pub(crate) struct TestClient(pub Transport);

impl From<Transport> for TestClient {
    fn from(transport: Transport) -> Self {
        Self(transport)
    }
}

/// A builder aimed at `server` with a fast retry policy.
pub(crate) fn builder(base_url: &str) -> ClientBuilder<TestClient> {
    ClientBuilder::<TestClient>::new(&DEFAULTS)
        .token(TOKEN)
        .base_url(base_url)
        .timeout(Duration::from_secs(5))
        .retry_policy(fast_retries(2))
}

/// A retry policy with tiny backoffs.
pub(crate) fn fast_retries(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        initial_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        max_retry_after: Duration::from_secs(5),
    }
}

/// A transport aimed at `server` with a fast retry policy.
pub(crate) fn transport(server: &Server) -> Transport {
    builder(&server.url()).build().unwrap().0
}

/// A transport like [`transport`], for an API that declares no conventions.
pub(crate) fn plain_transport(server: &Server) -> Transport {
    ClientBuilder::<TestClient>::new(&PLAIN_DEFAULTS)
        .token(TOKEN)
        .base_url(server.url())
        .retry_policy(fast_retries(2))
        .build()
        .unwrap()
        .0
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub(crate) method: String,
    /// The request target: path and query.
    pub(crate) target: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Vec<u8>,
}

impl Recorded {
    /// The first value of header `name` (case-insensitive).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// What the server does with a request.
#[derive(Debug, Clone)]
pub(crate) enum Reply {
    /// Writes these bytes, then closes the connection.
    Raw(Vec<u8>),
    /// Waits, then replies.
    Delayed(Duration, Box<Reply>),
    /// Writes these bytes, keeps the connection open for a while without
    /// sending more, then closes it.
    Stall(Vec<u8>, Duration),
    /// Closes the connection without answering.
    Close,
    /// Resets the connection (TCP RST) without answering.
    Reset,
}

/// A complete response with `content-length` and `connection: close`.
pub(crate) fn reply(status: u16, headers: &[(&str, &str)], body: &str) -> Reply {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("content-length: {}\r\nconnection: close\r\n\r\n", body.len()));
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body.as_bytes());
    Reply::Raw(bytes)
}

/// A JSON response.
pub(crate) fn json(status: u16, body: &str) -> Reply {
    reply(status, &[("content-type", "application/json")], body)
}

/// A response that announces `declared` body bytes but sends only `body`.
pub(crate) fn truncated(status: u16, declared: usize, body: &str) -> Reply {
    let head = format!(
        "HTTP/1.1 {status} {}\r\ncontent-type: application/json\r\ncontent-length: {declared}\r\nconnection: close\r\n\r\n",
        reason(status)
    );
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body.as_bytes());
    Reply::Raw(bytes)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        302 => "Found",
        307 => "Temporary Redirect",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Whatever",
    }
}

type Handler = dyn Fn(usize, &Recorded) -> Reply + Send + Sync;

/// A running test server; it stops when dropped.
pub(crate) struct Server {
    addr: SocketAddr,
    log: Arc<Mutex<Vec<Recorded>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Starts a server whose `handler` picks the reply to the n-th request
    /// (counting from 0).
    pub(crate) async fn start(handler: impl Fn(usize, &Recorded) -> Reply + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let log = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let counter = Arc::new(AtomicUsize::new(0));
        let task_log = Arc::clone(&log);
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let log = Arc::clone(&task_log);
                let handler = Arc::clone(&handler);
                let counter = Arc::clone(&counter);
                tokio::spawn(async move {
                    let _ = serve(stream, log, handler, counter).await;
                });
            }
        });
        Self { addr, log, task }
    }

    /// Starts a server that answers the n-th request with `replies[n]`, and
    /// every later request with the last reply.
    pub(crate) async fn scripted(replies: Vec<Reply>) -> Self {
        Self::start(move |n, _| replies[n.min(replies.len() - 1)].clone()).await
    }

    /// The base URL, `http://127.0.0.1:<port>`.
    pub(crate) fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub(crate) fn port(&self) -> u16 {
        self.addr.port()
    }

    /// Every request received so far.
    pub(crate) fn requests(&self) -> Vec<Recorded> {
        self.log.lock().unwrap().clone()
    }

    /// The number of requests received so far.
    pub(crate) fn count(&self) -> usize {
        self.log.lock().unwrap().len()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(
    mut stream: TcpStream,
    log: Arc<Mutex<Vec<Recorded>>>,
    handler: Arc<Handler>,
    counter: Arc<AtomicUsize>,
) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Ok(());
        }
        buffer.extend_from_slice(&chunk[..read]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let target = request_line.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize =
        headers.iter().find(|(n, _)| n == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    let mut body = buffer[head_end + 4..].to_vec();
    while body.len() < length {
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            break;
        }
        body.extend_from_slice(&chunk[..read]);
    }
    let recorded = Recorded { method, target, headers, body };
    let n = counter.fetch_add(1, Ordering::SeqCst);
    let mut reply = handler(n, &recorded);
    log.lock().unwrap().push(recorded);
    loop {
        match reply {
            Reply::Delayed(wait, inner) => {
                tokio::time::sleep(wait).await;
                reply = *inner;
            }
            Reply::Raw(bytes) => {
                stream.write_all(&bytes).await?;
                stream.flush().await?;
                stream.shutdown().await?;
                return Ok(());
            }
            Reply::Stall(bytes, hold) => {
                stream.write_all(&bytes).await?;
                stream.flush().await?;
                tokio::time::sleep(hold).await;
                return Ok(());
            }
            Reply::Close => return Ok(()),
            Reply::Reset => {
                stream.set_zero_linger()?;
                return Ok(());
            }
        }
    }
}

/// A port on 127.0.0.1 with nothing listening.
pub(crate) async fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    port
}
