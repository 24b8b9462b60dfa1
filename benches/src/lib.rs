//! Shared fixtures of the benchmarks: a loopback HTTP server, the hand-written baseline client
//! and types, payload builders, a counting allocator and the paired ratio measurement. The
//! large synthetic spec comes from `xtask::synthetic`.
//!
//! The benches themselves live in `benches/*.rs`; run them with
//! `cargo bench -p realtimekit-benches`. Every comparison runs the hand-written baseline and the
//! generated client in the same process and prints the ratio generated / baseline, because
//! absolute figures on a shared machine are noisy.

pub mod alloc;
pub mod baseline;
pub mod paired;
pub mod payloads;
pub mod server;

/// The account id every bench request uses.
pub const ACCOUNT_ID: &str = "bench-account";

/// The app id every bench request uses.
pub const APP_ID: &str = "bench-app";

/// The session id the participants requests use.
pub const SESSION_ID: &str = "bench-session";

/// The API token both clients send.
pub const TOKEN: &str = "bench-token";
