//! A minimal HTTP/1.1 keep-alive server on 127.0.0.1 that answers every request with a body
//! chosen by a handler.
//!
//! It exists so that request benches measure the client, not the server. One thread of its own
//! runs a single-threaded tokio runtime that serves every connection, so the two clients under
//! comparison talk to the very same server thread and neither gets a luckier CPU placement. For
//! each request it reads the head, skips any body, and writes the handler's bytes with a
//! `200 OK` and a `Content-Length`. It never closes a connection the client keeps open, and it
//! sets `TCP_NODELAY` so small answers are not held back by Nagle's algorithm. Everything the
//! server allocates happens on its own thread, so the bench thread's allocation counts (see
//! [`crate::alloc`]) cover the client alone.

use std::fmt;
use std::io::{self, Write as _};
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::{self, JoinHandle};

use bytes::Bytes;
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;

/// Chooses the body of the answer from the request target (path and query).
type Handler = dyn Fn(&str) -> Bytes + Send + Sync;

/// Bodies up to this size are written together with the head in one `write` call.
const COALESCE_LIMIT: usize = 64 * 1024;

/// A running loopback server; dropping it stops the server.
pub struct LoopbackServer {
    address: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl LoopbackServer {
    /// Starts a server on an ephemeral port of 127.0.0.1.
    pub fn start(handler: impl Fn(&str) -> Bytes + Send + Sync + 'static) -> io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_io().build()?;
        let listener = runtime.block_on(TcpListener::bind(("127.0.0.1", 0)))?;
        let address = listener.local_addr()?;
        let handler: Arc<Handler> = Arc::new(handler);
        let (stop, stopped) = oneshot::channel();
        let thread = thread::Builder::new().name("loopback-server".to_owned()).spawn(move || {
            runtime.block_on(async move {
                tokio::select! {
                    () = accept_loop(listener, handler) => {}
                    _ = stopped => {}
                }
            });
        })?;
        Ok(Self { address, stop: Some(stop), thread: Some(thread) })
    }

    /// Starts a server that answers every request with the same body.
    pub fn with_body(body: Bytes) -> io::Result<Self> {
        Self::start(move |_| body.clone())
    }

    /// The base URL to give a client, for example `http://127.0.0.1:40123`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.address)
    }
}

impl fmt::Debug for LoopbackServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LoopbackServer").field("address", &self.address).finish_non_exhaustive()
    }
}

impl Drop for LoopbackServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            // The server may already be gone; then there is nothing to stop.
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Returns the value of the query parameter `name` in a request target, if present.
pub fn query_value<'a>(target: &'a str, name: &str) -> Option<&'a str> {
    let (_, query) = target.split_once('?')?;
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        (key == name).then_some(value)
    })
}

async fn accept_loop(listener: TcpListener, handler: Arc<Handler>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        let handler = Arc::clone(&handler);
        tokio::spawn(async move {
            // A connection the client resets ends its task; there is no one to report to.
            let _ = serve_connection(stream, &*handler).await;
        });
    }
}

/// Answers requests on one connection until the client closes it.
async fn serve_connection(stream: TcpStream, handler: &Handler) -> io::Result<()> {
    stream.set_nodelay(true)?;
    let (reader, mut writer) = stream.into_split();
    let mut reader = BufReader::new(reader);
    let mut line = String::new();
    let mut target = String::new();
    let mut out = Vec::with_capacity(COALESCE_LIMIT + 256);
    loop {
        line.clear();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        target.clear();
        target.push_str(line.split(' ').nth(1).unwrap_or("/"));
        let mut content_length = 0u64;
        loop {
            line.clear();
            if reader.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    content_length = value.trim().parse().unwrap_or(0);
                }
            }
        }
        if content_length > 0 {
            tokio::io::copy(&mut (&mut reader).take(content_length), &mut tokio::io::sink()).await?;
        }

        let body = handler(&target);
        out.clear();
        write!(out, "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n", body.len())?;
        if body.len() <= COALESCE_LIMIT {
            out.extend_from_slice(&body);
            writer.write_all(&out).await?;
        } else {
            writer.write_all(&out).await?;
            writer.write_all(&body).await?;
        }
    }
}
