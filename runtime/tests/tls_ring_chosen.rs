//! With the `rustls-ring` feature, a crypto provider the application installed before building
//! the client is the one that stays.

#![cfg(feature = "rustls-ring")]
// Test helpers outside `#[test]` functions unwrap freely too.
#![allow(clippy::unwrap_used)]

mod support;

use rustls::crypto::CryptoProvider;

#[test]
fn a_provider_the_application_installed_is_kept() {
    let mut chosen = rustls::crypto::ring::default_provider();
    chosen.cipher_suites.truncate(1);
    chosen.install_default().expect("nothing has installed a provider yet");
    support::builder("https://api.example.com").build().expect("the client builds");
    let installed = CryptoProvider::get_default().expect("a provider is installed");
    assert_eq!(installed.cipher_suites.len(), 1, "the application's provider was kept");
}
