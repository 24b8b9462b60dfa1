//! The Rust items the spec diff names exist: every item a diff fixture's report puts in a code
//! span is looked up, with `syn`, in the crates generated from the fixture's old and new specs.
//!
//! The report spells items through the generator's surface module; this test reads the real
//! generated code, so a report that names a method, field, setter, constructor or argument
//! list the crate does not have fails here.

use std::collections::{BTreeMap, BTreeSet};

use quote::ToTokens;
use realtimekit_codegen::{Config, generate};
use xtask::diff::diff_specs;

/// A member of a type: a field with its type, a variant, or a method with its arguments.
#[derive(Debug)]
enum Member {
    Field(String),
    Variant,
    Method(Vec<(String, String)>),
}

/// What one generated crate declares, as the report names it.
#[derive(Debug, Default)]
struct Declared {
    /// Members by type, then by name.
    members: BTreeMap<String, BTreeMap<String, Vec<Member>>>,
    /// Paths from the crate root, such as `models::Pet` and `operations::ListPets`.
    paths: BTreeSet<String>,
    /// Every identifier, for the bare words a report shows (argument names, methods).
    idents: BTreeSet<String>,
}

impl Declared {
    fn of(spec: &str) -> Self {
        let generated = generate(spec, &Config::for_crate("diff-items"))
            .unwrap_or_else(|diagnostics| panic!("the fixture generates:\n{diagnostics}"));
        let mut declared = Self::default();
        for file in generated.files.iter().filter(|f| f.path.ends_with(".rs") && !f.path.starts_with("src/runtime")) {
            let parsed = syn::parse_file(&file.contents).unwrap_or_else(|e| panic!("{} parses: {e}", file.path));
            let module = match file.path.as_str() {
                "src/models.rs" => Some("models"),
                "src/operations.rs" => Some("operations"),
                _ => None,
            };
            declared.idents.extend(words(&file.contents));
            for item in &parsed.items {
                declared.add(module, item);
            }
        }
        declared
    }

    fn add(&mut self, module: Option<&str>, item: &syn::Item) {
        let path = |name: &syn::Ident| module.map(|module| format!("{module}::{name}"));
        match item {
            syn::Item::Struct(item) => {
                self.paths.extend(path(&item.ident));
                for field in &item.fields {
                    let Some(name) = &field.ident else { continue };
                    self.member(&item.ident.to_string(), name, Member::Field(text(&field.ty)));
                }
            }
            syn::Item::Enum(item) => {
                self.paths.extend(path(&item.ident));
                for variant in &item.variants {
                    self.member(&item.ident.to_string(), &variant.ident, Member::Variant);
                }
            }
            syn::Item::Type(item) => self.paths.extend(path(&item.ident)),
            syn::Item::Use(item) if module == Some("operations") => {
                let mut names = Vec::new();
                use_names(&item.tree, &mut names);
                self.paths.extend(names.into_iter().map(|name| format!("operations::{name}")));
            }
            syn::Item::Impl(item) if item.trait_.is_none() => {
                let owner = text(&item.self_ty);
                for method in
                    item.items.iter().filter_map(|i| if let syn::ImplItem::Fn(f) = i { Some(f) } else { None })
                {
                    let arguments = method
                        .sig
                        .inputs
                        .iter()
                        .filter_map(|input| match input {
                            syn::FnArg::Typed(typed) => Some((text(&typed.pat), text(&typed.ty))),
                            syn::FnArg::Receiver(_) => None,
                        })
                        .collect();
                    self.member(&owner, &method.sig.ident, Member::Method(arguments));
                }
            }
            _ => {}
        }
    }

    fn member(&mut self, owner: &str, name: &syn::Ident, member: Member) {
        let name = name.to_string();
        self.members.entry(owner.to_owned()).or_default().entry(name).or_default().push(member);
    }

    fn members(&self, owner: &str, name: &str) -> &[Member] {
        self.members.get(owner).and_then(|members| members.get(name)).map_or(&[], Vec::as_slice)
    }
}

/// The names a `use` tree brings in.
fn use_names(tree: &syn::UseTree, names: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(path) => use_names(&path.tree, names),
        syn::UseTree::Name(name) => names.push(name.ident.to_string()),
        syn::UseTree::Rename(rename) => names.push(rename.rename.to_string()),
        syn::UseTree::Group(group) => group.items.iter().for_each(|tree| use_names(tree, names)),
        syn::UseTree::Glob(_) => {}
    }
}

/// A type or pattern as the report writes it: no spaces, no `models::` or map path, and text
/// arguments (`impl Into<String>`) as `String`.
fn text(tokens: &impl ToTokens) -> String {
    normalized(&tokens.to_token_stream().to_string())
}

fn normalized(text: &str) -> String {
    text.replace(' ', "")
        .replace("implInto<String>", "String")
        .replace("models::", "")
        .replace("std::collections::BTreeMap", "BTreeMap")
}

/// Every identifier-like word of a text.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).map(str::to_owned)
}

/// Whether `span`, a code span of a report, names something one of the crates declares.
fn declared_in(span: &str, crates: &[&Declared]) -> bool {
    crates.iter().any(|declared| declared_by(span, declared))
}

fn declared_by(span: &str, declared: &Declared) -> bool {
    // `Type::field: Type`
    if let Some((path, ty)) = span.split_once(": ") {
        let Some((owner, field)) = path.split_once("::") else { return false };
        return declared.members(owner, field).iter().any(|m| matches!(m, Member::Field(t) if *t == normalized(ty)));
    }
    // `Type::method(arguments)` or `method(arguments)`, a client method.
    if let Some((path, arguments)) = span.strip_suffix(')').and_then(|s| s.split_once('(')) {
        let (owner, method) = path.rsplit_once("::").unwrap_or(("Client", path));
        let wanted: Vec<String> = arguments.split(", ").filter(|a| !a.is_empty()).map(normalized).collect();
        return declared.members(owner, method).iter().any(|member| match member {
            Member::Method(found) => {
                let names: Vec<&str> = found.iter().map(|(name, _)| name.as_str()).collect();
                let types: Vec<&str> = found.iter().map(|(_, ty)| ty.as_str()).collect();
                // Constructors and client methods list argument names; setters their one type.
                names == wanted.iter().map(String::as_str).collect::<Vec<_>>()
                    || types == wanted.iter().map(String::as_str).collect::<Vec<_>>()
            }
            _ => false,
        });
    }
    // `models::Type` or `operations::Builder`.
    if span.starts_with("models::") || span.starts_with("operations::") {
        return declared.paths.contains(span);
    }
    // `Type::member`.
    if let Some((owner, member)) = span.split_once("::") {
        return !declared.members(owner, member).is_empty();
    }
    // A type such as `Option<String>`, an attribute, or a bare name such as an argument.
    if syn::parse_str::<syn::Type>(span).is_ok_and(|_| span.contains('<') || span.chars().all(|c| c.is_alphanumeric()))
    {
        return words(span).all(|word| {
            declared.idents.contains(&word) || word.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        });
    }
    words(span).all(|word| declared.idents.contains(&word))
}

/// The code spans of a report's "Effect on the Rust API" column.
fn rust_spans(effect: &str) -> Vec<String> {
    effect.split('`').skip(1).step_by(2).map(str::to_owned).collect()
}

#[test]
fn every_rust_item_a_diff_report_names_is_in_a_generated_crate() {
    let root = realtimekit_tests::project_root().join("tests/fixtures/diff");
    let mut checked = 0;
    let mut cases: Vec<_> =
        std::fs::read_dir(&root).expect("the diff fixtures exist").flatten().map(|e| e.path()).collect();
    cases.sort();
    for case in cases {
        let read = |name: &str| std::fs::read_to_string(case.join(name)).expect("fixture is readable");
        let (old_spec, new_spec) = (read("old.yaml"), read("new.yaml"));
        let report = diff_specs(&old_spec, &new_spec).unwrap_or_else(|e| panic!("{} lowers: {e}", case.display()));
        let (old, new) = (Declared::of(&old_spec), Declared::of(&new_spec));
        for change in &report.changes {
            for span in rust_spans(&change.rust_effect) {
                assert!(
                    declared_in(&span, &[&old, &new]),
                    "{}: the report names `{span}` ({}), which neither generated crate declares",
                    case.display(),
                    change.rust_effect
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "only {checked} items were checked; the fixtures name more");
}

#[test]
fn an_item_the_crate_lacks_is_caught() {
    let spec =
        std::fs::read_to_string(realtimekit_tests::project_root().join("tests/fixtures/diff/param_retyped/old.yaml"))
            .expect("fixture is readable");
    let declared = Declared::of(&spec);
    assert!(declared_in("ListPets::limit(u64)", &[&declared]));
    assert!(declared_in("operations::ListPets", &[&declared]));
    assert!(!declared_in("ListPets::limit(String)", &[&declared]));
    assert!(!declared_in("ListPets::no_such_setter", &[&declared]));
    assert!(!declared_in("operations::NoSuchBuilder", &[&declared]));
    assert!(!declared_in("list_pets(no_such_argument)", &[&declared]));
}
