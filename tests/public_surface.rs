//! The public surface of the RealtimeKit crate, as a snapshot: every item a user can name,
//! with struct fields, enum variants and inherent methods, so any change to it shows in review.
//!
//! rustdoc writes the crate's JSON description (on the stable toolchain, through
//! `RUSTC_BOOTSTRAP`, the way cargo-semver-checks reads it), with hidden items included so
//! that re-exports out of the hidden `runtime` module can be followed. The walk starts at the
//! crate root and leaves out whatever is `#[doc(hidden)]` or not public.

use std::collections::BTreeSet;
use std::process::Command;

use serde_json::Value;

/// Builds the JSON description of `cloudflare-realtimekit` with every feature on.
fn rustdoc_json() -> Value {
    let root = realtimekit_tests::project_root();
    let target = root.join("target").join("public-surface");
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
        .current_dir(&root)
        .env("RUSTC_BOOTSTRAP", "1")
        .args(["rustdoc", "--quiet", "--offline", "-p", "cloudflare-realtimekit", "--lib", "--all-features"])
        .arg("--target-dir")
        .arg(&target)
        .args(["--", "-Z", "unstable-options", "--output-format", "json", "--document-hidden-items"])
        .status()
        .expect("cargo runs");
    assert!(status.success(), "rustdoc writes the crate's JSON");
    let text =
        std::fs::read_to_string(target.join("doc").join("cloudflare_realtimekit.json")).expect("the JSON exists");
    serde_json::from_str(&text).expect("the JSON parses")
}

/// The crate's items, read from rustdoc's JSON.
struct Surface<'a> {
    index: &'a serde_json::Map<String, Value>,
    lines: BTreeSet<String>,
}

impl<'a> Surface<'a> {
    fn item(&self, id: &Value) -> Option<&'a Value> {
        self.index.get(&id.to_string())
    }

    /// Whether an item is part of the public API: public, and not hidden.
    fn shown(item: &Value) -> bool {
        let public = item["visibility"] == "public" || item["visibility"] == "default";
        let hidden = item["attrs"].to_string().contains("doc(hidden)");
        public && !hidden
    }

    /// Records `item` as it is named at `path`, under `name`: its own, or the one a re-export
    /// gives it, in which case the re-export is what makes it public.
    fn visit(&mut self, item: &'a Value, name: &str, reexported: bool, path: &str, depth: usize) {
        if depth > 8 || !(reexported || Self::shown(item)) {
            return;
        }
        let inner = &item["inner"];
        let here = if path.is_empty() { name.to_owned() } else { format!("{path}::{name}") };
        if let Some(module) = inner.get("module") {
            self.lines.insert(format!("mod {here}"));
            for id in module["items"].as_array().into_iter().flatten() {
                if let Some(child) = self.item(id) {
                    let child_name = child["name"].as_str().unwrap_or_default();
                    self.visit(child, child_name, false, &here, depth + 1);
                }
            }
        } else if let Some(reexport) = inner.get("use") {
            let name = reexport["name"].as_str().unwrap_or_default();
            match self.item(&reexport["id"]) {
                // A re-export is named where it is re-exported, whatever hides its source.
                Some(target) => self.visit(target, name, true, path, depth + 1),
                None => {
                    let source = reexport["source"].as_str().unwrap_or_default();
                    self.lines.insert(format!("use {path}::{name} = {source}"));
                }
            }
        } else if let Some(object) = inner.get("struct") {
            self.lines.insert(format!("struct {here}"));
            for id in object["kind"]["plain"]["fields"].as_array().into_iter().flatten() {
                if let Some(field) = self.item(id).filter(|field| Self::shown(field)) {
                    self.lines.insert(format!("field {here}::{}", field["name"].as_str().unwrap_or_default()));
                }
            }
            self.methods(&object["impls"], &here);
        } else if let Some(enumeration) = inner.get("enum") {
            self.lines.insert(format!("enum {here}"));
            for id in enumeration["variants"].as_array().into_iter().flatten() {
                if let Some(variant) = self.item(id).filter(|variant| Self::shown(variant)) {
                    self.lines.insert(format!("variant {here}::{}", variant["name"].as_str().unwrap_or_default()));
                }
            }
            self.methods(&enumeration["impls"], &here);
        } else {
            let kind = inner.as_object().and_then(|kinds| kinds.keys().next()).map_or("item", String::as_str);
            self.lines.insert(format!("{kind} {here}"));
        }
    }

    /// Records the shown methods of the inherent impls among `impls`.
    fn methods(&mut self, impls: &Value, owner: &str) {
        for id in impls.as_array().into_iter().flatten() {
            let Some(block) = self.item(id) else { continue };
            let block = &block["inner"]["impl"];
            if !block["trait"].is_null() || block["is_synthetic"] == true {
                continue;
            }
            let methods: Vec<&Value> =
                block["items"].as_array().into_iter().flatten().filter_map(|id| self.item(id)).collect();
            for method in methods.into_iter().filter(|method| Self::shown(method)) {
                self.lines.insert(format!("fn {owner}::{}", method["name"].as_str().unwrap_or_default()));
            }
        }
    }
}

#[test]
fn the_realtimekit_crates_public_surface_is_as_reviewed() {
    let json = rustdoc_json();
    let index = json["index"].as_object().expect("an index");
    let root = &index[&json["root"].to_string()];
    let mut surface = Surface { index, lines: BTreeSet::new() };
    for id in root["inner"]["module"]["items"].as_array().into_iter().flatten() {
        if let Some(item) = surface.item(id) {
            surface.visit(item, item["name"].as_str().unwrap_or_default(), false, "", 0);
        }
    }
    let listing: Vec<String> = surface.lines.into_iter().collect();
    assert!(listing.iter().any(|line| line == "struct Client"), "the walk found the client");
    assert!(!listing.iter().any(|line| line.starts_with("mod runtime")), "the runtime module is hidden");
    insta::assert_snapshot!(listing.join("\n"));
}

#[test]
fn the_walk_leaves_out_hidden_and_private_items() {
    let public = serde_json::json!({ "visibility": "public", "attrs": [] });
    let hidden = serde_json::json!({ "visibility": "public", "attrs": [{ "other": "#[doc(hidden)]" }] });
    let private = serde_json::json!({ "visibility": "crate", "attrs": [] });
    assert!(Surface::shown(&public));
    assert!(!Surface::shown(&hidden));
    assert!(!Surface::shown(&private));
}
