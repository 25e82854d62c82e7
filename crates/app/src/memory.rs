//! How the binaries' allocator (mimalloc) takes memory from the kernel. Long jobs free and
//! reallocate the same amounts over and over, and every page the kernel hands out is faulted
//! in and zeroed first: memory is kept once taken, and taken in small pages.
#![allow(unsafe_code)] // FFI calls into mimalloc's option table and `prctl`; each block says why it is sound.

use std::ffi::c_long;

use libmimalloc_sys::mi_option_t;

/// mimalloc's `mi_option_purge_delay`: its place in mimalloc's `mi_option_e` (the same in
/// mimalloc 2 and 3). `libmimalloc-sys` does not name it; a test checks the number against the
/// `MIMALLOC_PURGE_DELAY` environment variable, which mimalloc reads into the same option.
const PURGE_DELAY: mi_option_t = 15;

/// mimalloc 3's `mi_option_allow_thp` (checked like [`PURGE_DELAY`], through
/// `MIMALLOC_ALLOW_THP`).
const ALLOW_THP: mi_option_t = 43;

/// Milliseconds freed memory stays committed before mimalloc returns it to the kernel.
///
/// mimalloc's default (1 s) is shorter than an import of a few hundred MB: the per-batch Arrow
/// arrays and Parquet pages were returned and faulted back in, 6,300 page faults (2 MiB pages
/// zeroed by the kernel) against 950 with this delay, on the 1M-row import benchmark.
pub const PURGE_DELAY_MS: i64 = 10_000;

/// Sets mimalloc up for ModelDesk's jobs: freed memory is kept for [`PURGE_DELAY_MS`], and
/// pages come in the kernel's base size, not as transparent huge pages. Call at the start of
/// `main` in a binary whose global allocator is mimalloc; elsewhere it only turns huge pages
/// off.
pub fn tune_allocator() {
    set_option(PURGE_DELAY, PURGE_DELAY_MS);
    no_huge_pages();
}

/// Turns transparent huge pages off for this process (and the processes it starts).
///
/// mimalloc asks the kernel for huge pages on its memory (`MADV_HUGEPAGE`), so every first
/// touch of a 2 MiB range makes the kernel find and zero a whole huge page. On the import
/// benchmark's machine (a VM) that ran at 0.3–0.4 GB/s against 1.4–1.7 GB/s for 4 KiB pages:
/// the 1M-row import's kernel time went from 1.2–1.4 s to 0.7–0.9 s and its median from
/// 3.06 s to 2.82 s, faster in 11 of 12 alternating pairs; training took as long. Huge pages
/// pay off for random access over large arrays, which no job here does (they stream).
///
/// The process flag also covers the memory mimalloc reserved before `main` ran (the option
/// alone only stops it asking for huge pages from then on). Where the kernel has no such flag,
/// nothing changes.
fn no_huge_pages() {
    set_option(ALLOW_THP, 0);
    #[cfg(target_os = "linux")]
    // SAFETY: `prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0)` takes no pointers; it sets a flag on this
    // process's address space, and a kernel without it returns an error that changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

fn set_option(option: mi_option_t, value: i64) {
    let value = c_long::try_from(value).unwrap_or(c_long::MAX);
    // SAFETY: `mi_option_set` stores a value in mimalloc's static option table: it takes no
    // pointers, is thread-safe, and may be called at any time; `option` is a valid option.
    unsafe { libmimalloc_sys::mi_option_set(option, value) };
}

#[cfg(test)]
mod tests {
    use super::*;

    fn option(option: mi_option_t) -> String {
        // SAFETY: reads mimalloc's static option table, as `set_option` writes it.
        unsafe { libmimalloc_sys::mi_option_get(option) }.to_string()
    }

    /// The option numbers are mimalloc's purge delay and huge-page switch: a child test process
    /// started with `MIMALLOC_PURGE_DELAY` and `MIMALLOC_ALLOW_THP` set reads those values
    /// through them; after [`tune_allocator`] it reads ModelDesk's, and the kernel reports
    /// huge pages off for the process.
    #[test]
    fn options_are_mimallocs_and_huge_pages_go_off() {
        if std::env::var_os("MODELDESK_MEMORY_CHILD").is_some() {
            assert_eq!(option(PURGE_DELAY), "4321");
            assert_eq!(option(ALLOW_THP), "7");
            tune_allocator();
            assert_eq!(option(PURGE_DELAY), PURGE_DELAY_MS.to_string());
            assert_eq!(option(ALLOW_THP), "0");
            #[cfg(target_os = "linux")]
            {
                // SAFETY: `PR_GET_THP_DISABLE` takes no pointers and only reads the flag.
                let disabled = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
                assert_eq!(disabled, 1, "huge pages are still on for the process");
            }
            return;
        }
        let exe = std::env::current_exe().expect("test binary path");
        let out = std::process::Command::new(exe)
            .args([
                "--exact",
                "memory::tests::options_are_mimallocs_and_huge_pages_go_off",
            ])
            .env("MIMALLOC_PURGE_DELAY", "4321")
            .env("MIMALLOC_ALLOW_THP", "7")
            .env("MODELDESK_MEMORY_CHILD", "1")
            .output()
            .expect("run the test binary");
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "child failed: {stdout}");
        assert!(stdout.contains("1 passed"), "child ran no test: {stdout}");
    }
}
