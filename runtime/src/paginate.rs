//! Lazy streams over page-numbered list endpoints.
//!
//! [`pages`] calls a fetch function with page numbers `first_page`,
//! `first_page + 1`, … and yields each page; [`items`] flattens the pages
//! into their items. Nothing is fetched until the stream is polled.
//!
//! The stream ends, after yielding the current page, when:
//!
//! - the page has no items;
//! - the page reports a total count, and either the page's end offset (the
//!   position of its last item in the whole result, counted from 1) or the
//!   position reached so far is at least that total;
//! - the page reports no total and has fewer items than the page size (the
//!   requested `per_page`, or, when that is unset, the size of the first
//!   page);
//! - `max_pages` pages have been yielded.
//!
//! A reported total takes precedence over the length of a page, so a server
//! that caps the page size below the requested `per_page` does not end the
//! stream early. When the stream starts past the first page, the position
//! counts the pages before it as full, at the size of the first page
//! fetched.
//!
//! It also ends, *without* yielding the page, when a page's raw body is
//! identical to the previous page's (a server that ignores the page number).
//! After an error the error is yielded and the stream ends. Only the
//! previous page's body is kept, so memory stays bounded by one page.

use std::future::Future;

use bytes::Bytes;
use futures_core::Stream;
use futures_util::StreamExt as _;
use futures_util::stream;

use super::error::Error;
use super::response::Response;

/// A page of a list endpoint, as generated response types implement it.
pub trait Paginated {
    /// The type of one listed item.
    type Item;

    /// The number of items on this page.
    fn item_count(&self) -> usize;

    /// Consumes the page and returns its items.
    fn into_items(self) -> Vec<Self::Item>;

    /// The total number of items across all pages, if the page reports it.
    fn total_count(&self) -> Option<u64> {
        None
    }

    /// The position of this page's last item in the whole result, counted
    /// from 1, if the page reports it.
    fn end_offset(&self) -> Option<u64> {
        None
    }
}

/// Where pagination starts and how far it may go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// The number of the first page to fetch.
    pub first_page: u64,
    /// The number the API gives its first page (usually 1 or 0); with
    /// `first_page`, it tells how many pages come before the stream.
    pub numbered_from: u64,
    /// The requested page size, if the caller sets one; a shorter page is
    /// the last one.
    pub per_page: Option<u64>,
    /// The maximum number of pages to yield, a safety cap (default 10 000).
    pub max_pages: u64,
}

impl PageRequest {
    /// The default safety cap on the number of pages.
    pub const DEFAULT_MAX_PAGES: u64 = 10_000;

    /// Starts at `first_page`, taken to be the API's first page, with no
    /// page size and the default cap.
    pub const fn starting_at(first_page: u64) -> Self {
        Self { first_page, numbered_from: first_page, per_page: None, max_pages: Self::DEFAULT_MAX_PAGES }
    }
}

impl Default for PageRequest {
    /// Starts at page 1 with no page size and the default cap.
    fn default() -> Self {
        Self::starting_at(1)
    }
}

/// The state carried between pages.
struct State<F> {
    fetch: F,
    next_page: Option<u64>,
    pages_before_start: u64,
    pages_yielded: u64,
    /// The position of the last item yielded, counting the pages before the
    /// stream's start as full.
    position: u64,
    max_pages: u64,
    per_page: Option<u64>,
    previous_body: Option<Bytes>,
}

/// Streams the pages of a list endpoint; see the module docs for when it
/// stops.
///
/// `fetch` is called with each page number and returns that page.
pub fn pages<T, F, Fut>(start: PageRequest, fetch: F) -> impl Stream<Item = Result<Response<T>, Error>>
where
    T: Paginated,
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Result<Response<T>, Error>>,
{
    let state = State {
        fetch,
        next_page: Some(start.first_page),
        pages_before_start: start.first_page.saturating_sub(start.numbered_from),
        pages_yielded: 0,
        position: 0,
        max_pages: start.max_pages,
        per_page: start.per_page,
        previous_body: None,
    };
    stream::unfold(state, |mut state| async move {
        if state.pages_yielded >= state.max_pages {
            return None;
        }
        let page = state.next_page.take()?;
        let response = match (state.fetch)(page).await {
            Ok(response) => response,
            Err(error) => return Some((Err(error), state)),
        };
        if state.previous_body.as_ref() == Some(response.body()) {
            return None;
        }
        let count = u64::try_from(response.item_count()).unwrap_or(u64::MAX);
        if state.pages_yielded == 0 {
            state.position = state.pages_before_start.saturating_mul(count);
        }
        state.pages_yielded += 1;
        state.position = state.position.saturating_add(count);
        let page_size = *state.per_page.get_or_insert(count);
        let last = count == 0
            || match response.total_count() {
                Some(total) => response.end_offset().unwrap_or(state.position) >= total,
                None => count < page_size,
            };
        if !last {
            state.next_page = page.checked_add(1);
            state.previous_body = Some(response.body().clone());
        }
        Some((Ok(response), state))
    })
}

/// Streams the items of a list endpoint, page after page; see [`pages`].
pub fn items<T, F, Fut>(start: PageRequest, fetch: F) -> impl Stream<Item = Result<T::Item, Error>>
where
    T: Paginated,
    F: FnMut(u64) -> Fut,
    Fut: Future<Output = Result<Response<T>, Error>>,
{
    items_of(pages(start, fetch))
}

/// Flattens a stream of pages, such as one from [`pages`], into their items.
///
/// An error is yielded after the items of the pages before it, and ends the stream when the
/// pages do.
pub fn items_of<T: Paginated>(
    pages: impl Stream<Item = Result<Response<T>, Error>>,
) -> impl Stream<Item = Result<T::Item, Error>> {
    pages.flat_map(|page| match page {
        Ok(response) => {
            futures_util::future::Either::Left(stream::iter(response.into_inner().into_items().into_iter().map(Ok)))
        }
        Err(error) => futures_util::future::Either::Right(stream::iter(Some(Err(error)))),
    })
}
