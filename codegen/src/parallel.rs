//! An order-keeping parallel map over the files of a crate, on scoped threads.
//!
//! Emitting and rendering the files of a large spec is most of the generator's time, and the
//! files are independent. The work is split into a shared queue that one thread per core
//! drains, so a long file (such as `models.rs`) does not hold up the others. The results come
//! back in the order of the input whatever the number of threads, so the output stays
//! byte-identical. Only the standard library is used: a queue index and scoped threads are all
//! this needs, and a library that is called from build tools should not start a global pool.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

/// The stack of each worker: the same as a main thread's, since rendering recurses through
/// the syntax tree (a spawned thread gets only 2 MiB by default).
const WORKER_STACK_BYTES: usize = 8 << 20;

/// Applies `work` to every item, on as many threads as there are cores, and returns the
/// results in the order of `items`.
pub(crate) fn map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = thread::available_parallelism().map_or(1, NonZeroUsize::get).min(items.len());
    if threads <= 1 {
        return items.iter().map(work).collect();
    }
    let next = AtomicUsize::new(0);
    let drain = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else { return done };
            done.push((index, work(item)));
        }
    };
    let mut results: Vec<(usize, R)> = thread::scope(|scope| {
        let workers: Vec<_> = (1..threads)
            .filter_map(|_| thread::Builder::new().stack_size(WORKER_STACK_BYTES).spawn_scoped(scope, drain).ok())
            .collect();
        // This thread drains the queue too, so the work gets done even if no thread could start.
        let mut results = drain();
        for worker in workers {
            match worker.join() {
                Ok(done) => results.extend(done),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        results
    });
    results.sort_unstable_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::map;

    #[test]
    fn keeps_the_order_of_the_input() {
        let items: Vec<u64> = (0..1_000).collect();
        let squares = map(&items, |n| n * n);
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn handles_no_items_and_one_item() {
        assert_eq!(map(&[] as &[u8], |n| *n), Vec::<u8>::new());
        assert_eq!(map(&[7u8], |n| *n + 1), vec![8]);
    }

    #[test]
    fn runs_every_item_exactly_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let calls = AtomicUsize::new(0);
        let items: Vec<usize> = (0..257).collect();
        let seen = map(&items, |n| {
            calls.fetch_add(1, Ordering::Relaxed);
            *n
        });
        assert_eq!(calls.load(Ordering::Relaxed), 257);
        assert_eq!(seen, items);
    }
}
