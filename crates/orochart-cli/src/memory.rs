//! A ceiling on the memory the process may hold in large blocks, so that no input (a template
//! doubling a string forty times, a list comprehension of lists) ends in the kernel's
//! out-of-memory kill or an aborted allocation: past the ceiling orochart stops at once with
//! an `Error:` line and exit status 1, having printed nothing.
//!
//! Only blocks of [`LARGE`] bytes or more are counted: every runaway allocation grows into
//! those, and counting the many small ones would cost each render an atomic operation per
//! allocation. The ceiling is `OROCHART_MAX_MEMORY` (bytes, or with `Ki`, `Mi`, `Gi`),
//! [`DEFAULT_LIMIT`] when unset.

#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Blocks at least this big are counted.
const LARGE: usize = 64 << 10;

/// The default ceiling: far above any chart's needs (the largest real chart renders in a few
/// tens of MiB), below what a CMP sidecar's node usually has.
pub const DEFAULT_LIMIT: usize = 1 << 30;

static HELD: AtomicUsize = AtomicUsize::new(0);
static LIMIT: AtomicUsize = AtomicUsize::new(DEFAULT_LIMIT);

struct Ceiling;

#[global_allocator]
static ALLOCATOR: Ceiling = Ceiling;

/// Reads `OROCHART_MAX_MEMORY`; a value that does not parse is reported and the default kept.
pub fn set_limit_from_env() {
    let Some(raw) = std::env::var_os("OROCHART_MAX_MEMORY") else {
        return;
    };
    match raw.to_str().and_then(orochart_cli::parse_size) {
        Some(n) if n > 0 => LIMIT.store(n, Ordering::Relaxed),
        _ => eprintln!(
            "warning: OROCHART_MAX_MEMORY={} is not a size (bytes, or with Ki, Mi, Gi): using {} MiB",
            raw.to_string_lossy(),
            DEFAULT_LIMIT >> 20
        ),
    }
}

fn charge(size: usize) {
    let held = HELD.fetch_add(size, Ordering::Relaxed) + size;
    if held > LIMIT.load(Ordering::Relaxed) {
        out_of_memory();
    }
}

#[cold]
fn out_of_memory() -> ! {
    extern "C" {
        fn write(fd: i32, buf: *const u8, count: usize) -> isize;
        fn _exit(status: i32) -> !;
    }
    const MESSAGE: &[u8] = b"Error: orochart needed more memory than its limit (OROCHART_MAX_MEMORY, default 1Gi): an input makes it build something far larger than any chart's manifests\n";
    // SAFETY: writing a static buffer to stderr and ending the process without running
    // anything else (no allocation, no lock: another thread may hold either).
    unsafe {
        write(2, MESSAGE.as_ptr(), MESSAGE.len());
        _exit(1)
    }
}

// SAFETY: every call is passed on to the system allocator unchanged; only sizes are counted.
unsafe impl GlobalAlloc for Ceiling {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.size() >= LARGE {
            charge(layout.size());
        }
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if layout.size() >= LARGE {
            charge(layout.size());
        }
        System.alloc_zeroed(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if layout.size() >= LARGE {
            HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if new_size >= LARGE {
            charge(new_size);
        }
        let moved = System.realloc(ptr, layout, new_size);
        if moved.is_null() {
            // The old block stays: take back what was charged for the new one.
            if new_size >= LARGE {
                HELD.fetch_sub(new_size, Ordering::Relaxed);
            }
        } else if layout.size() >= LARGE {
            HELD.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        moved
    }
}

/// Reserves room in the calling thread's glibc heap, once, before the command runs on it.
///
/// glibc gives every thread but the first its own heap, and grows it by exactly what an
/// allocation lacks, page by page, one `mprotect` call each time. The worker thread that runs
/// the command does nearly all of the process's allocation: kube-prometheus-stack's render made
/// 1,158 `mprotect` calls (4% of its time), bitnami-redis's some hundreds. Here glibc is asked to
/// serve blocks up to [`HEAP_BLOCKS`] from the heap rather than from their own mappings, and to
/// keep up to [`KEEP_FREE`] free at the heap's top; one block of [`RESERVE`] is then taken and
/// given back, which makes the heap that long in one call. Nothing is touched: pages become
/// resident only when used, as before. Measured (`perf stat -r 60`, task-clock): bitnami-redis
/// 8.1 → 7.7 ms, kube-prometheus-stack 320 `mprotect` calls left (the parser's second thread).
///
/// Where glibc refuses (a strict overcommit policy), the heap grows as it did.
#[cfg(target_env = "gnu")]
pub fn reserve_worker_heap() {
    extern "C" {
        fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
        fn malloc(size: usize) -> *mut u8;
        fn free(ptr: *mut u8);
    }
    const M_TRIM_THRESHOLD: std::ffi::c_int = -1;
    const M_MMAP_THRESHOLD: std::ffi::c_int = -3;
    // SAFETY: `mallopt` only sets glibc's thresholds; the block is freed untouched, and its
    // pointer (possibly null, which `free` ignores) goes nowhere else.
    unsafe {
        mallopt(M_MMAP_THRESHOLD, HEAP_BLOCKS);
        mallopt(M_TRIM_THRESHOLD, KEEP_FREE);
        let block = malloc(RESERVE);
        // Kept from being optimized away with the `free`: the point is glibc's side effect.
        let block = std::hint::black_box(block);
        free(block);
    }
}

/// Other C libraries grow their heaps their own way.
#[cfg(not(target_env = "gnu"))]
pub fn reserve_worker_heap() {}

/// Blocks below this size come from the heap (glibc's default starts at 128 KiB).
#[cfg(target_env = "gnu")]
const HEAP_BLOCKS: std::ffi::c_int = 32 << 20;
/// Free space at the heap's top kept rather than given back to the system.
#[cfg(target_env = "gnu")]
const KEEP_FREE: std::ffi::c_int = 64 << 20;
/// The heap's length made usable at once.
#[cfg(target_env = "gnu")]
const RESERVE: usize = 24 << 20;
