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
