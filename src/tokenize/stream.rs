//! Streaming per-document results to one writer in input order, as `govrules tokenize --jsonl` does: worker
//! threads (the rayon pool, so `--jobs` sets how many) claim documents in order and each turns one into its
//! output; the worker that finishes the next document to be written writes it, and any finished ones after
//! it, itself.
//!
//! Bounded and without barriers: a worker waits before starting a document more than a window of documents
//! ahead of the writing, so memory does not grow with the corpus, and no worker ever waits for a whole batch
//! to finish (one long document holds up the writing of the ones after it, not their production). No thread
//! sits waiting to write: a writer thread woken for every document cost a context switch per document on a
//! core the workers need. On one thread everything runs on the calling thread, one document after the other.
//!
//! Work that can start before the writer's stage is ready (loading and parsing, while the segmenter's
//! dictionary is loaded) runs ahead with [`prepare_while`]: the workers take the first documents in order
//! for as long as the caller says, and the stream then starts from what they prepared.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};

/// How many documents a worker may run ahead of the writing, per thread.
const WINDOW_PER_THREAD: usize = 4;

/// Calls `produce` on every item on `threads` threads of the rayon pool and `consume` on each result in the
/// order of `items` (on whichever worker finished it, one call at a time). Stops at the first error of
/// `consume` (the workers finish the document in hand and start no other) and returns it.
pub fn for_each_ordered<T, R, E>(
    items: &[T],
    threads: usize,
    produce: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(R) -> Result<(), E> + Send,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
    E: Send,
{
    if threads <= 1 || items.len() <= 1 {
        return items.iter().try_for_each(|item| consume(produce(item)));
    }
    let order = Order {
        window: threads * WINDOW_PER_THREAD,
        next: AtomicUsize::new(0),
        stop: AtomicBool::new(false),
        state: Mutex::new(Pending {
            finished: BTreeMap::new(),
            written: 0,
        }),
        room: Condvar::new(),
        writer: Mutex::new(Writer {
            consume,
            error: None,
        }),
    };
    rayon::in_place_scope(|scope| {
        for _ in 0..threads {
            let (order, produce) = (&order, &produce);
            scope.spawn(move |_| {
                // (A panicking `produce` or `consume` stops the others too, so that none waits for room that
                // never comes; the scope passes the panic on.)
                let _guard = StopOnPanic(order);
                while let Some(i) = order.claim(items.len()) {
                    let r = produce(&items[i]);
                    order.finished(i, r);
                }
            });
        }
    });
    let writer = order
        .writer
        .into_inner()
        .expect("a panic would have been passed on by the scope");
    writer.error.map_or(Ok(()), Err)
}

/// The shared state of [`for_each_ordered`].
struct Order<R, C, E> {
    window: usize,
    /// The next item to claim.
    next: AtomicUsize,
    stop: AtomicBool,
    state: Mutex<Pending<R>>,
    /// Signalled when `written` grows (or the run stops).
    room: Condvar,
    /// Held by the worker that is writing.
    writer: Mutex<Writer<C, E>>,
}

struct Pending<R> {
    /// Results finished but not yet written, by item.
    finished: BTreeMap<usize, R>,
    /// Results written: the next one to write is this item's.
    written: usize,
}

struct Writer<C, E> {
    consume: C,
    error: Option<E>,
}

impl<R, C, E> Order<R, C, E>
where
    C: FnMut(R) -> Result<(), E>,
{
    /// The next item to produce, once it is within the window of the writing; `None` when all are claimed
    /// or the run stopped.
    fn claim(&self, len: usize) -> Option<usize> {
        if self.stop.load(Ordering::Relaxed) {
            return None;
        }
        let i = self.next.fetch_add(1, Ordering::Relaxed);
        if i >= len {
            return None;
        }
        let mut state = self.state.lock().expect("no worker panics holding it");
        while i >= state.written + self.window && !self.stop.load(Ordering::Relaxed) {
            state = self.room.wait(state).expect("no worker panics holding it");
        }
        (!self.stop.load(Ordering::Relaxed)).then_some(i)
    }

    /// Files item `i`'s result and writes every result that is now next in order, unless another worker is
    /// writing: that one then finds this result when it looks again before it lets go.
    fn finished(&self, i: usize, r: R) {
        self.state
            .lock()
            .expect("no worker panics holding it")
            .finished
            .insert(i, r);
        loop {
            // (Taken: another worker is writing. Poisoned: the writer panicked, which stops the run.)
            let Ok(mut writer) = self.writer.try_lock() else {
                return;
            };
            while let Some(r) = self.take_next() {
                let result = (writer.consume)(r);
                self.state
                    .lock()
                    .expect("no worker panics holding it")
                    .written += 1;
                self.room.notify_all();
                if let Err(e) = result {
                    writer.error = Some(e);
                    self.halt();
                    return;
                }
            }
            drop(writer);
            // A result filed while this worker held the writer, by a worker that then found it taken, is
            // written now: either here, or by that worker if it takes the writer first.
            let state = self.state.lock().expect("no worker panics holding it");
            if self.stop.load(Ordering::Relaxed) || !state.finished.contains_key(&state.written) {
                return;
            }
        }
    }

    fn take_next(&self) -> Option<R> {
        if self.stop.load(Ordering::Relaxed) {
            return None;
        }
        let mut state = self.state.lock().expect("no worker panics holding it");
        let written = state.written;
        state.finished.remove(&written)
    }

    /// Stops the run: no item is claimed or written after this.
    fn halt(&self) {
        self.stop.store(true, Ordering::Relaxed);
        // (Taking the lock orders the store before any waiting worker's next check.)
        drop(self.state.lock());
        self.room.notify_all();
    }
}

/// Calls `prepare` on the first items, in order, on `threads` workers of the rayon pool, each worker taking
/// the next item for as long as `go_on()` holds (asked before each item), and returns the results of the
/// items prepared: a prefix of `items`, in order.
pub fn prepare_while<T, P>(
    items: &[T],
    threads: usize,
    prepare: impl Fn(&T) -> P + Sync,
    go_on: impl Fn() -> bool + Sync,
) -> Vec<P>
where
    T: Sync,
    P: Send,
{
    let next = AtomicUsize::new(0);
    let done = Mutex::new(Vec::new());
    rayon::in_place_scope(|scope| {
        for _ in 0..threads.max(1) {
            let (next, done, prepare, go_on) = (&next, &done, &prepare, &go_on);
            scope.spawn(move |_| {
                while go_on() {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else {
                        return;
                    };
                    let p = prepare(item);
                    done.lock()
                        .expect("no worker panics holding it")
                        .push((i, p));
                }
            });
        }
    });
    // Every item claimed was prepared, so the indices are 0..n.
    let mut done = done.into_inner().expect("no worker panicked holding it");
    done.sort_unstable_by_key(|&(i, _)| i);
    done.into_iter().map(|(_, p)| p).collect()
}

/// Stops the run when dropped by a panic.
struct StopOnPanic<'a, R, C, E>(&'a Order<R, C, E>)
where
    C: FnMut(R) -> Result<(), E>;

impl<R, C, E> Drop for StopOnPanic<'_, R, C, E>
where
    C: FnMut(R) -> Result<(), E>,
{
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.halt();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(threads: usize) -> rayon::ThreadPool {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
    }

    #[test]
    fn results_come_in_input_order_on_any_number_of_threads() {
        let items: Vec<u64> = (0..500).collect();
        for threads in [1, 2, 3, 8] {
            let mut seen = Vec::new();
            pool(threads)
                .install(|| {
                    for_each_ordered(
                        &items,
                        threads,
                        |&i| {
                            // Uneven work, so results finish out of order.
                            std::thread::sleep(std::time::Duration::from_micros((i * 7919) % 200));
                            i * 2
                        },
                        |r| {
                            seen.push(r);
                            Ok::<(), ()>(())
                        },
                    )
                })
                .unwrap();
            assert_eq!(seen, items.iter().map(|i| i * 2).collect::<Vec<_>>());
        }
    }

    #[test]
    fn workers_stay_within_the_window_and_stop_at_an_error() {
        let items: Vec<usize> = (0..1000).collect();
        let threads = 3;
        let produced = AtomicUsize::new(0);
        let written = AtomicUsize::new(0);
        let mut furthest_ahead = 0;
        let result = pool(threads).install(|| {
            for_each_ordered(
                &items,
                threads,
                |&i| {
                    let ahead = i - written.load(Ordering::SeqCst);
                    produced.fetch_add(1, Ordering::SeqCst);
                    ahead
                },
                |ahead| {
                    furthest_ahead = furthest_ahead.max(ahead);
                    if written.fetch_add(1, Ordering::SeqCst) == 100 {
                        return Err("disk full");
                    }
                    Ok(())
                },
            )
        });
        assert_eq!(result, Err("disk full"));
        assert!(
            furthest_ahead <= threads * WINDOW_PER_THREAD,
            "{furthest_ahead}"
        );
        // The workers stopped soon after the error, far from the end.
        let produced = produced.load(Ordering::SeqCst);
        assert!(
            produced <= 101 + threads * WINDOW_PER_THREAD + threads,
            "{produced}"
        );
    }

    #[test]
    fn prepared_items_are_the_first_ones_in_order() {
        let items: Vec<usize> = (0..300).collect();
        for threads in [1, 2, 3] {
            let started = AtomicUsize::new(0);
            let ahead = pool(threads).install(|| {
                prepare_while(
                    &items,
                    threads,
                    |&i| {
                        std::thread::sleep(std::time::Duration::from_micros(
                            (i as u64 * 7919) % 300,
                        ));
                        i * 2
                    },
                    || started.fetch_add(1, Ordering::SeqCst) < 100,
                )
            });
            // Each `true` took one item and each worker stopped at its first `false`: nothing skipped.
            assert_eq!(ahead.len(), 100);
            assert_eq!(ahead, (0..ahead.len()).map(|i| i * 2).collect::<Vec<_>>());
        }
        let all = pool(2).install(|| prepare_while(&items[..5], 2, |&i| i, || true));
        assert_eq!(all, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn a_panic_producing_or_writing_stops_the_run_instead_of_hanging_it() {
        let items: Vec<usize> = (0..200).collect();
        for panics_writing in [false, true] {
            let outcome = std::panic::catch_unwind(|| {
                pool(2).install(|| {
                    for_each_ordered(
                        &items,
                        2,
                        |&i| {
                            assert!(panics_writing || i != 3, "producing item 3");
                            i
                        },
                        |i| {
                            assert!(!panics_writing || i != 3, "writing item 3");
                            Ok::<(), ()>(())
                        },
                    )
                })
            });
            assert!(outcome.is_err(), "panics_writing: {panics_writing}");
        }
    }
}
