//! A global allocator that counts, per thread, the allocations made and the bytes live, with
//! their peak.
//!
//! A bench binary installs it with
//! `#[global_allocator] static ALLOCATOR: CountingAllocator = CountingAllocator;` and reads the
//! figures with [`measure`]. Counts are kept per thread, in thread-locals that need no
//! destructor, so the loopback server's threads do not pollute the client's figures and the
//! counters cost no atomic operations. The client runs on a single-threaded tokio runtime on the
//! bench thread, so every allocation it makes is counted.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

thread_local! {
    /// Allocation calls on this thread, reallocations included.
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
    /// Bytes allocated on this thread and not yet freed.
    static LIVE: Cell<i64> = const { Cell::new(0) };
    /// The highest value `LIVE` reached since the last reset.
    static PEAK: Cell<i64> = const { Cell::new(0) };
}

/// The system allocator, with per-thread counting.
#[derive(Debug, Clone, Copy, Default)]
pub struct CountingAllocator;

fn on_alloc(size: usize) {
    let size = i64::try_from(size).unwrap_or(i64::MAX);
    // `try_with` cannot fail for these const-initialised keys, which have no destructor; if it
    // ever did, the allocation would simply go uncounted.
    let _ = ALLOCATIONS.try_with(|count| count.set(count.get() + 1));
    let _ = LIVE.try_with(|live| {
        let now = live.get().saturating_add(size);
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
}

fn on_free(size: usize) {
    let size = i64::try_from(size).unwrap_or(i64::MAX);
    let _ = LIVE.try_with(|live| live.set(live.get().saturating_sub(size)));
}

// SAFETY: every method forwards to `System` with the caller's arguments unchanged, so the
// allocator upholds exactly the contracts `System` does; the counting touches only
// thread-local `Cell`s and never allocates.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc` is passed on unchanged.
        let pointer = unsafe { System.alloc(layout) };
        if !pointer.is_null() {
            on_alloc(layout.size());
        }
        pointer
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc_zeroed` is passed on unchanged.
        let pointer = unsafe { System.alloc_zeroed(layout) };
        if !pointer.is_null() {
            on_alloc(layout.size());
        }
        pointer
    }

    unsafe fn dealloc(&self, pointer: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract for `dealloc` is passed on unchanged.
        unsafe { System.dealloc(pointer, layout) };
        on_free(layout.size());
    }

    unsafe fn realloc(&self, pointer: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract for `realloc` is passed on unchanged.
        let moved = unsafe { System.realloc(pointer, layout, new_size) };
        if !moved.is_null() {
            on_free(layout.size());
            on_alloc(new_size);
        }
        moved
    }
}

/// What a measured piece of code allocated on the current thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Allocated {
    /// Allocation calls, reallocations included.
    pub allocations: u64,
    /// The highest number of bytes live at once, above what was live when measuring began.
    pub peak_bytes: u64,
    /// Bytes still live at the end, above what was live when measuring began (negative when
    /// the code freed memory it did not allocate).
    pub retained_bytes: i64,
}

/// Runs `f` and returns its result with what it allocated on this thread.
///
/// The figures are exact only when the counting allocator is the global allocator; otherwise
/// they are zero.
pub fn measure<R>(f: impl FnOnce() -> R) -> (R, Allocated) {
    let start_live = LIVE.with(Cell::get);
    let start_count = ALLOCATIONS.with(Cell::get);
    PEAK.with(|peak| peak.set(start_live));
    let result = f();
    let end_live = LIVE.with(Cell::get);
    let peak = PEAK.with(Cell::get);
    let allocated = Allocated {
        allocations: ALLOCATIONS.with(Cell::get) - start_count,
        peak_bytes: u64::try_from(peak - start_live).unwrap_or(0),
        retained_bytes: end_live - start_live,
    };
    (result, allocated)
}

/// Formats a byte count with a binary unit, for example `1.50 MiB`.
pub fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 { format!("{bytes} B") } else { format!("{value:.2} {}", UNITS[unit]) }
}
