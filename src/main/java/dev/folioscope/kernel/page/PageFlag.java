package dev.folioscope.kernel.page;

/**
 * include/linux/page-flags.h: enum pageflags for x86-64 with CONFIG_MMU, MEMORY_FAILURE and
 * PAGE_IDLE_FLAG, in bit order. {@link #traceName()} is the spelling of show_page_flags
 * (include/trace/events/mmflags.h).
 */
public enum PageFlag {
    PG_locked, PG_writeback, PG_referenced, PG_uptodate, PG_dirty, PG_lru, PG_head, PG_waiters,
    PG_active, PG_workingset, PG_owner_priv_1, PG_owner_2, PG_arch_1, PG_reserved, PG_private,
    PG_private_2, PG_reclaim, PG_swapbacked, PG_unevictable, PG_mlocked, PG_hwpoison, PG_young, PG_idle;

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
