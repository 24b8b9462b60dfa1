//! Comparing what a matched operation sends, and how it pages: its request body and its
//! pagination. The answers are compared in `answers.rs`.

use realtimekit_codegen::ir::{FieldStep, Operation, Pagination, RequestBody, RustName};

use super::Diff;
use super::change::Impact;
use super::model::{Area, Change, Kind};
use super::operations::route;
use super::rust::{signature, type_expr};

impl Diff<'_> {
    /// The request body's changes; a changed description goes to `docs`.
    pub(super) fn body(&mut self, old: &Operation, new: &Operation, docs: &mut Vec<String>) {
        let subject = route(new);
        let at = new.origin.push("requestBody");
        let body_ty = |api, body: &RequestBody| type_expr(api, &body.ty);
        let change = |kind| Change::new(Area::RequestBody, kind, subject.clone()).at(at.clone());
        match (&old.body, &new.body) {
            (None, Some(b)) if b.required => self.push(
                change(Kind::Added)
                    .describe("required request body added")
                    .rust_effect(format!(
                        "argument `body: {}` added: {} → {}",
                        body_ty(self.sides.new, b),
                        signature(self.sides.old, old),
                        signature(self.sides.new, new)
                    ))
                    .impact(Impact::breaks(true, true)),
            ),
            (None, Some(b)) => self.push(
                change(Kind::Added)
                    .describe("optional request body added")
                    .rust_effect(format!("setter `{}::body({})` added", new.builder_name, body_ty(self.sides.new, b)))
                    .impact(Impact::ADDITION),
            ),
            (Some(a), None) => self.push(
                change(Kind::Removed)
                    .describe("request body removed")
                    .rust_effect(if a.required {
                        format!(
                            "argument `body` removed: {} → {}",
                            signature(self.sides.old, old),
                            signature(self.sides.new, new)
                        )
                    } else {
                        format!("setter `{}::body` removed", old.builder_name)
                    })
                    .impact(Impact::breaks(true, true)),
            ),
            (Some(a), Some(b)) => {
                if a.required != b.required {
                    let (kind, describe) = if b.required {
                        (Kind::MadeRequired, "made required")
                    } else {
                        (Kind::MadeOptional, "made optional")
                    };
                    self.push(
                        change(kind)
                            .describe(format!("request body {describe}"))
                            .rust_effect(format!(
                                "{} → {}",
                                signature(self.sides.old, old),
                                signature(self.sides.new, new)
                            ))
                            .impact(Impact::breaks(b.required, true)),
                    );
                }
                if a.encoding != b.encoding || a.media_type != b.media_type {
                    self.push(
                        change(Kind::Changed)
                            .describe(format!("request body sent as `{}` instead of `{}`", b.media_type, a.media_type))
                            .rust_effect("none by itself: the builder encodes the body the new way")
                            .impact(Impact::breaks(true, false)),
                    );
                }
                if !self.sides.same_rust_type(&a.ty, &b.ty) {
                    self.push(
                        change(Kind::Retyped)
                            .describe("request body retyped")
                            .rust_effect(format!(
                                "body: `{}` → `{}`",
                                body_ty(self.sides.old, a),
                                body_ty(self.sides.new, b)
                            ))
                            .impact(Impact::breaks(!self.sides.new_accepts_old(&a.ty, &b.ty), true)),
                    );
                }
                if a.docs != b.docs {
                    docs.push("request body description".to_owned());
                }
            }
            (None, None) => {}
        }
    }

    /// Whether the builder offers `pages` and `items`, and how they walk.
    pub(super) fn pagination(&mut self, old: &Operation, new: &Operation) {
        let change = |kind| Change::new(Area::Pagination, kind, route(new)).at(new.origin.push("x-pagination"));
        let streams = |op: &Operation| format!("`{0}::pages` and `{0}::items`", op.builder_name);
        match (&old.pagination, &new.pagination) {
            (None, Some(_)) => self.push(
                change(Kind::Added)
                    .describe("pagination added")
                    .rust_effect(format!("{} added", streams(new)))
                    .impact(Impact::ADDITION),
            ),
            (Some(_), None) => self.push(
                change(Kind::Removed)
                    .describe("pagination removed")
                    .rust_effect(format!("{} removed", streams(old)))
                    .impact(Impact::breaks(false, true)),
            ),
            (Some(a), Some(b)) if !self.sides.same_rust_type(&a.item_ty, &b.item_ty) => self.push(
                change(Kind::Retyped)
                    .describe("paginated item type changed")
                    .rust_effect(format!(
                        "`{}::items` yields `{}` instead of `{}`",
                        new.builder_name,
                        type_expr(self.sides.new, &b.item_ty),
                        type_expr(self.sides.old, &a.item_ty)
                    ))
                    .impact(Impact::breaks(false, true)),
            ),
            (Some(a), Some(b)) if paging_rules(a) != paging_rules(b) => self.push(
                change(Kind::Changed)
                    .describe("pagination rules changed")
                    .rust_effect(format!("{} walk pages by the new rules", streams(new)))
                    .impact(Impact::PATCH),
            ),
            _ => {}
        }
    }
}

/// What decides how pages are walked, apart from the item type.
#[derive(PartialEq)]
struct PagingRules<'a> {
    page_param: &'a str,
    per_page_param: Option<&'a str>,
    first_page: u64,
    items: Vec<&'a str>,
    total_count: Option<Vec<&'a str>>,
    end_offset: Option<Vec<&'a str>>,
}

fn paging_rules(pagination: &Pagination) -> PagingRules<'_> {
    fn steps(steps: &[FieldStep]) -> Vec<&str> {
        steps.iter().map(|s| s.field.bare()).collect()
    }
    PagingRules {
        page_param: pagination.page_param.bare(),
        per_page_param: pagination.per_page_param.as_ref().map(RustName::bare),
        first_page: pagination.first_page,
        items: steps(&pagination.items),
        total_count: pagination.total_count.as_deref().map(steps),
        end_offset: pagination.end_offset.as_deref().map(steps),
    }
}
