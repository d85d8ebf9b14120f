//! What a watch session does with the memory it frees.
//!
//! Each edit renders and drops tens of megabytes (the HTML of hundreds of list pages
//! for a topic edit at 10,000 briefs). mimalloc, the binary's allocator, gives freed
//! memory back to the system a second after by default, so every save, seconds after
//! the last, took all of it from the system again, one page fault per 4 KiB page (about
//! 5,000 a topic edit at 10,000 briefs, against 500 now). A session keeps what it frees
//! instead. Its resident memory stays at the first build's peak, where it stayed with
//! purging too (`watch` at 10,000 briefs, 14 s after its first build: 374 MB, against
//! 369 MB purging).

use libmimalloc_sys::{mi_option_set, mi_option_t};

/// mimalloc's `mi_option_purge_delay`: its number in the `mi_option_e` of
/// `mimalloc.h` (version 3, which `libmimalloc-sys` builds unless told `v2`). The crate
/// gives such options no names, and says to pass their numbers.
const PURGE_DELAY: mi_option_t = 15;

/// From now on, memory the process frees stays with it for its next allocations
/// (`-1`: never purged). Harmless when mimalloc is not the allocator.
pub fn keep_freed_memory() {
    // SAFETY: sets a number mimalloc reads when it would purge; every value is valid.
    unsafe { mi_option_set(PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    use libmimalloc_sys::mi_option_get;

    use super::*;

    #[test]
    fn the_options_are_numbered_as_in_mimalloc_3() {
        keep_freed_memory();
        // SAFETY: reads options; any number is valid.
        let (purge_delay, use_numa_nodes, os_tag, max_errors, arena_purge_mult) = unsafe {
            (
                mi_option_get(PURGE_DELAY),
                mi_option_get(PURGE_DELAY + 1),
                mi_option_get(PURGE_DELAY + 3),
                mi_option_get(PURGE_DELAY + 4),
                mi_option_get(PURGE_DELAY + 10),
            )
        };
        assert_eq!(purge_delay, -1);
        // The defaults of the options around it in version 3's table (`options.c`),
        // which version 2 orders differently.
        assert_eq!((use_numa_nodes, os_tag, max_errors), (0, 100, 32));
        assert_eq!(arena_purge_mult, 1);
    }
}
