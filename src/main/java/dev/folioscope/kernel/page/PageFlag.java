package dev.folioscope.kernel.page;

/**
 * include/linux/page-flags.h: enum pageflags of 6.18 for x86-64 with CONFIG_MMU, MEMORY_FAILURE
 * and PAGE_IDLE_FLAG, in bit order (6.14 added PG_dropbehind after PG_unevictable, moving the
 * bits above it). {@link #traceName()} is the spelling of show_page_flags
 * (include/trace/events/mmflags.h).
 *
 * <p>Aliases are not bits of their own: PG_anon_exclusive is PG_owner_2 on an anonymous page
 * ({@link #PG_anon_exclusive}), PG_swapcache is PG_owner_priv_1 on a swap-backed one.
 */
public enum PageFlag {
    PG_locked, PG_writeback, PG_referenced, PG_uptodate, PG_dirty, PG_lru, PG_head, PG_waiters,
    PG_active, PG_workingset, PG_owner_priv_1, PG_owner_2, PG_arch_1, PG_reserved, PG_private,
    PG_private_2, PG_reclaim, PG_swapbacked, PG_unevictable, PG_dropbehind, PG_mlocked, PG_hwpoison, PG_young,
    PG_idle;

    /** PG_anon_exclusive: on an anonymous page, the page is mapped by one process only (PG_owner_2). */
    public static final PageFlag PG_anon_exclusive = PG_owner_2;
    /** PG_swapcache: on a swap-backed page, the page is in the swap cache (PG_owner_priv_1). */
    public static final PageFlag PG_swapcache = PG_owner_priv_1;
    /** PG_mappedtodisk: on a page-cache page, every block of it has a place on disk (PG_owner_2). */
    public static final PageFlag PG_mappedtodisk = PG_owner_2;
    /** PG_readahead: reaching this page-cache page starts the next readahead window (PG_reclaim). */
    public static final PageFlag PG_readahead = PG_reclaim;

    public int mask() {
        return 1 << ordinal();
    }

    public String traceName() {
        return name().substring(3);
    }

    /** The flags of {@code flags} in show_page_flags spelling, joined by '|'; "" if none. */
    public static String format(int flags) {
        StringBuilder sb = new StringBuilder();
        for (PageFlag f : values()) {
            if ((flags & f.mask()) != 0) {
                sb.append(sb.isEmpty() ? "" : "|").append(f.traceName());
            }
        }
        return sb.toString();
    }
}
