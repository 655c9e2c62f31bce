//! Time and memory grow at most linearly with the input, on every hostile shape we know of.
//!
//! Each shape of `hostile/mod.rs` is checked and rendered in every format at two sizes, eight
//! times apart, in this one test (so no other test shares the allocator count); the small size runs twice
//! and keeps its faster time. Linear work
//! grows about eightfold; quadratic work 64-fold. The test allows 24-fold (a generous factor of
//! three for a noisy, shared machine) and also bounds peak memory to 100 bytes per input byte,
//! which catches work that does not grow with the input at all (an alias bomb is huge at any
//! size). Sizes stay small so the suite runs in seconds in a debug build; the release-build
//! table at 1 MB and 10 MB is in `docs/hostile-inputs.md`.

mod hostile;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use posture_engine::report::{json, markdown, sarif, text};
use posture_engine::{check, Input};

/// Counts live heap bytes and their high-water mark.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let q = unsafe { System.realloc(p, layout, new_size) };
        if !q.is_null() {
            if new_size >= layout.size() {
                let grow = new_size - layout.size();
                let now = LIVE.fetch_add(grow, Ordering::Relaxed) + grow;
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        q
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const SMALL: usize = 12_000;
const GROWTH: usize = 8;
/// How much worse than linear a measurement may look before it counts as a failure.
const SLACK: f64 = 3.0;
const BYTES_PER_INPUT_BYTE: usize = 100;
/// Fixed costs that do not grow with the input (the rule catalogue in SARIF, buffers).
const FIXED_BYTES: usize = 2 * 1024 * 1024;

/// Checks and renders `text` in every format; returns the time taken and the peak of heap
/// bytes above what was live before.
fn measure(text: &str) -> (Duration, usize) {
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let started = Instant::now();
    let report = check(&[Input {
        name: "in.yaml",
        text,
    }]);
    sarif::write(&report, std::io::sink()).expect("sarif");
    json::write(&report, std::io::sink()).expect("json");
    drop(text::render(&report));
    drop(markdown::render(&report));
    drop(report);
    let took = started.elapsed();
    (took, PEAK.load(Ordering::Relaxed).saturating_sub(base))
}

/// The faster of two runs: a noisy neighbour only ever makes a run slower.
fn best_of_two(text: &str) -> (Duration, usize) {
    let (t1, m1) = measure(text);
    let (t2, m2) = measure(text);
    (t1.min(t2), m1.max(m2))
}

#[test]
fn every_hostile_shape_is_linear_in_time_and_memory() {
    let mut failures = Vec::new();
    for shape in hostile::SHAPES {
        let small = (shape.make)(SMALL);
        let large = (shape.make)(SMALL * GROWTH);
        let (t_small, m_small) = best_of_two(&small);
        // One run of the large size: it dominates the suite's time, and noise only slows it.
        let (t_large, m_large) = measure(&large);
        let growth = large.len() as f64 / small.len() as f64;
        // A floor of one millisecond keeps a near-zero small run from making any ratio fail.
        let time_ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(0.001);
        let mem_ratio = m_large as f64 / (m_small.max(64 * 1024)) as f64;
        let line = format!(
            "{}: {} → {} bytes; time {:?} → {:?} (×{time_ratio:.1}); peak {} → {} bytes (×{mem_ratio:.1})",
            shape.name,
            small.len(),
            large.len(),
            t_small,
            t_large,
            m_small,
            m_large
        );
        eprintln!("{line}");
        if time_ratio > growth * SLACK {
            failures.push(format!("time grows faster than the input: {line}"));
        }
        if mem_ratio > growth * SLACK {
            failures.push(format!("memory grows faster than the input: {line}"));
        }
        if m_large > large.len() * BYTES_PER_INPUT_BYTE + FIXED_BYTES {
            failures.push(format!(
                "more than {BYTES_PER_INPUT_BYTE} bytes of memory per input byte: {line}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
