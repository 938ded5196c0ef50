//! The `orochart` binary; all logic is in the `orochart_cli` library.
//!
//! On Linux the binary has its own C `main` instead of Rust's start-up (`lang_start`). That
//! start-up asks glibc for the main thread's stack bounds to install a guard page handler, and
//! glibc answers by reading and `sscanf`-ing `/proc/self/maps`: about 0.1 M instructions and a
//! file read per process, a real share of an `orochart render` that runs once per ArgoCD
//! render. All orochart loses is the "has overflowed its stack" message: its parsers and
//! renderers bound their depth, so that cannot happen. What the start-up does that matters is
//! done here: `SIGPIPE` is ignored (a closed pipe is an `EPIPE` error, handled), the arguments
//! come from `argv` (std only captures them on glibc), and `std::process::exit` flushes stdout.

#![cfg_attr(all(target_os = "linux", not(test)), no_main)]

#[cfg(all(target_os = "linux", not(test)))]
mod memory;

// Elsewhere, and for `cargo test` (whose harness brings its own `main`): Rust's start-up.
#[cfg(any(not(target_os = "linux"), test))]
fn main() -> std::process::ExitCode {
    orochart_cli::run(std::env::args_os())
}

#[cfg(all(target_os = "linux", not(test)))]
#[allow(unsafe_code)]
#[no_mangle]
extern "C" fn main(argc: std::ffi::c_int, argv: *const *const std::ffi::c_char) -> std::ffi::c_int {
    use std::os::unix::ffi::OsStrExt;

    extern "C" {
        fn signal(signum: std::ffi::c_int, handler: usize) -> usize;
    }
    const SIGPIPE: std::ffi::c_int = 13;
    const SIG_IGN: usize = 1;
    // SAFETY: setting a signal's disposition to "ignore", as Rust's start-up does.
    unsafe {
        signal(SIGPIPE, SIG_IGN);
    }
    let count = usize::try_from(argc).unwrap_or(0);
    let args = (0..count).filter_map(|i| {
        // SAFETY: the C runtime passes `argc` valid, NUL-terminated strings in `argv`.
        let arg = unsafe { *argv.add(i) };
        (!arg.is_null()).then(|| {
            let bytes = unsafe { std::ffi::CStr::from_ptr(arg) }.to_bytes();
            std::ffi::OsStr::from_bytes(bytes).to_owned()
        })
    });
    memory::set_limit_from_env();
    let code = orochart_cli::run_prepared(args, memory::reserve_worker_heap);
    // `ExitCode` does not give its number back; ours are small.
    let number = (0..=u8::MAX)
        .find(|&n| std::process::ExitCode::from(n) == code)
        .unwrap_or(1);
    std::process::exit(i32::from(number))
}
