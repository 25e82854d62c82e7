//! How long freed memory stays with the process: long jobs free and reallocate the same
//! amounts over and over, and memory handed back to the kernel comes back as page faults.
#![allow(unsafe_code)] // one FFI call into mimalloc's option table; the block states why it is sound.

use std::ffi::c_long;

use libmimalloc_sys::mi_option_t;

/// mimalloc's `mi_option_purge_delay`: its place in mimalloc's `mi_option_e` (the same in
/// mimalloc 2 and 3). `libmimalloc-sys` does not name it; a test checks the number against the
/// `MIMALLOC_PURGE_DELAY` environment variable, which mimalloc reads into the same option.
const PURGE_DELAY: mi_option_t = 15;

/// Milliseconds freed memory stays committed before mimalloc returns it to the kernel.
///
/// mimalloc's default (1 s) is shorter than an import of a few hundred MB: the per-batch Arrow
/// arrays and Parquet pages were returned and faulted back in, 6,300 page faults (2 MiB pages
/// zeroed by the kernel) against 950 with this delay, on the 1M-row import benchmark.
pub const PURGE_DELAY_MS: i64 = 10_000;

/// Keeps freed memory for [`PURGE_DELAY_MS`] before returning it to the kernel. Call at the
/// start of `main` in a binary whose global allocator is mimalloc; elsewhere it changes nothing.
pub fn keep_freed_memory() {
    set_purge_delay(PURGE_DELAY_MS);
}

fn set_purge_delay(ms: i64) {
    let ms = c_long::try_from(ms).unwrap_or(c_long::MAX);
    // SAFETY: `mi_option_set` stores a value in mimalloc's static option table: it takes no
    // pointers, is thread-safe, and may be called at any time; `PURGE_DELAY` is a valid option.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, ms) };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn purge_delay() -> String {
        // SAFETY: reads mimalloc's static option table, as `set_purge_delay` writes it.
        unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }.to_string()
    }

    /// The option number is mimalloc's purge delay: a child test process started with
    /// `MIMALLOC_PURGE_DELAY` set reads that value through it.
    #[test]
    fn option_number_is_the_purge_delay() {
        if let Ok(value) = std::env::var("MODELDESK_PURGE_CHILD") {
            assert_eq!(purge_delay(), value);
            keep_freed_memory();
            assert_eq!(purge_delay(), PURGE_DELAY_MS.to_string());
            return;
        }
        let exe = std::env::current_exe().expect("test binary path");
        let out = std::process::Command::new(exe)
            .args(["--exact", "memory::tests::option_number_is_the_purge_delay"])
            .env("MIMALLOC_PURGE_DELAY", "4321")
            .env("MODELDESK_PURGE_CHILD", "4321")
            .output()
            .expect("run the test binary");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "child failed: {stdout}");
        assert!(stdout.contains("1 passed"), "child ran no test: {stdout}");
    }
}
