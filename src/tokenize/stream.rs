//! Streaming per-document results to one writer in input order, as `govrules tokenize --jsonl` does: worker
//! threads (the rayon pool, so `--jobs` sets how many) claim documents in order and each turns one into its
//! output, while the calling thread writes each output as soon as it is the next in order.
//!
//! Bounded and without barriers: a worker waits before starting a document more than a window of documents
//! ahead of the writer, so memory does not grow with the corpus, and no worker ever waits for a whole batch
//! to finish (one long document holds up the writing of the ones after it, not their production). On one
//! thread everything runs on the calling thread, one document after the other.
//!
//! Work that can start before the writer's stage is ready (loading and parsing, while jieba's dictionary is
//! built) runs ahead with [`prepare_while`]: the workers take the first documents in order for as long as
//! the caller says, and the stream then starts from what they prepared.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Condvar, Mutex};

/// How many documents a worker may run ahead of the writer, per thread.
const WINDOW_PER_THREAD: usize = 4;

/// Calls `produce` on every item on `threads` threads of the rayon pool and `consume` on each result in the
/// order of `items`. Stops at the first error of `consume` (the workers finish the document in hand and
/// start no other) and returns it.
pub fn for_each_ordered<T, R, E>(
    items: &[T],
    threads: usize,
    produce: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(R) -> Result<(), E>,
) -> Result<(), E>
where
    T: Sync,
    R: Send,
{
    if threads <= 1 || items.len() <= 1 {
        return items.iter().try_for_each(|item| consume(produce(item)));
    }
    let window = threads * WINDOW_PER_THREAD;
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    // The number of results written, and a signal when it grows (or when the run stops).
    let written = Mutex::new(0usize);
    let room = Condvar::new();
    let (send, receive) = mpsc::channel::<(usize, R)>();
    rayon::in_place_scope(|scope| {
        for _ in 0..threads {
            let send = send.clone();
            let (next, stop, written, room, produce) = (&next, &stop, &written, &room, &produce);
            scope.spawn(move |_| loop {
                // (A panicking `produce` stops the others too, so that none waits for room that never
                // comes; the scope passes the panic on.)
                let _guard = StopOnPanic {
                    stop,
                    written,
                    room,
                };
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= items.len() {
                    return;
                }
                {
                    let mut done = written.lock().expect("no worker panics holding it");
                    while i >= *done + window && !stop.load(Ordering::Relaxed) {
                        done = room.wait(done).expect("no worker panics holding it");
                    }
                }
                if stop.load(Ordering::Relaxed) || send.send((i, produce(&items[i]))).is_err() {
                    return;
                }
            });
        }
        drop(send);
        let mut ahead = BTreeMap::new();
        let mut result = Ok(());
        let mut count = 0;
        // (The channel closes when every worker has returned: all items produced, or a worker panicked,
        // which the scope then passes on.)
        for (i, r) in receive.iter() {
            ahead.insert(i, r);
            while let Some(r) = ahead.remove(&count) {
                result = consume(r);
                count += 1;
                *written.lock().expect("no worker panics holding it") = count;
                room.notify_all();
                if result.is_err() {
                    break;
                }
            }
            if result.is_err() {
                stop.store(true, Ordering::Relaxed);
                // (Taking the lock orders the store before any waiting worker's next check.)
                drop(written.lock());
                room.notify_all();
                break;
            }
        }
        result
    })
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
struct StopOnPanic<'a> {
    stop: &'a AtomicBool,
    written: &'a Mutex<usize>,
    room: &'a Condvar,
}

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.stop.store(true, Ordering::Relaxed);
            drop(self.written.lock());
            self.room.notify_all();
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
    fn a_panicking_worker_stops_the_run_instead_of_hanging_it() {
        let items: Vec<usize> = (0..200).collect();
        let outcome = std::panic::catch_unwind(|| {
            pool(2).install(|| {
                for_each_ordered(
                    &items,
                    2,
                    |&i| {
                        assert!(i != 3, "item 3");
                        i
                    },
                    |_| Ok::<(), ()>(()),
                )
            })
        });
        assert!(outcome.is_err());
    }
}
