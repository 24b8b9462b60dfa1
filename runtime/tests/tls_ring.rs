//! With the `rustls-ring` feature, reqwest leaves rustls's crypto library to the process:
//! building a client installs ring when nothing is installed, so the client (and any
//! `reqwest::Client` built after it) can speak TLS instead of panicking. One test per file,
//! since the provider is process-wide; `tls_ring_chosen.rs` covers an application's own choice.

#![cfg(feature = "rustls-ring")]
// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

mod support;

use rustls::crypto::CryptoProvider;

#[test]
fn building_a_client_installs_ring_when_no_provider_is_installed() {
    assert!(CryptoProvider::get_default().is_none(), "nothing has installed a provider yet");
    support::builder("https://api.example.com").build().expect("the client builds");
    let installed = CryptoProvider::get_default().expect("building the client installed a provider");
    let ring = rustls::crypto::ring::default_provider();
    assert_eq!(installed.cipher_suites.len(), ring.cipher_suites.len(), "ring's default provider is installed");
    reqwest::Client::builder().build().expect("a reqwest client built afterwards finds the provider");
}
