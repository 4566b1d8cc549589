package dev.folioscope.kernel.proc;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.page.PageType;

/**
 * /proc/kpageflags and /proc/kpagecount (fs/proc/page.c: stable_page_flags, kpagecount_read):
 * a page's flags as the stable KPF_* bits of include/uapi/linux/kernel-page-flags.h.
 */
public final class KpageFlags {
    public static final int KPF_LOCKED = 0;
    public static final int KPF_REFERENCED = 2;
    public static final int KPF_UPTODATE = 3;
    public static final int KPF_DIRTY = 4;
    public static final int KPF_LRU = 5;
    public static final int KPF_ACTIVE = 6;
    public static final int KPF_SLAB = 7;
    public static final int KPF_WRITEBACK = 8;
    public static final int KPF_RECLAIM = 9;
    public static final int KPF_BUDDY = 10;
    public static final int KPF_MMAP = 11;
    public static final int KPF_ANON = 12;
    public static final int KPF_SWAPCACHE = 13;
    public static final int KPF_SWAPBACKED = 14;
    public static final int KPF_COMPOUND_HEAD = 15;
    public static final int KPF_UNEVICTABLE = 18;
    public static final int KPF_ZERO_PAGE = 24;
    public static final int KPF_PGTABLE = 26;
    public static final int KPF_RESERVED = 32;
    public static final int KPF_MLOCKED = 33;
    /** KPF_MAPPEDTODISK: PG_owner_2, which is PG_anon_exclusive on an anonymous page. */
    public static final int KPF_MAPPEDTODISK = 34;
    public static final int KPF_PRIVATE = 35;

    private KpageFlags() {
    }

    /** stable_page_flags of {@code pfn}. */
    public static long of(Kernel k, int pfn) {
        MemMap mem = k.mem();
        long u = 0;
        if (mem.mapcount(pfn) > 0) {
            u |= 1L << KPF_MMAP;
        }
        if (mem.isAnon(pfn)) {
            u |= 1L << KPF_ANON;
        }
        if (pfn == k.zeroPfn()) {
            u |= 1L << KPF_ZERO_PAGE;
        }
        if (mem.isBuddy(pfn)) {
            u |= 1L << KPF_BUDDY;
        }
        if (PageType.TABLE.test(mem.pageType(pfn))) {
            u |= 1L << KPF_PGTABLE;
        }
        u |= copy(mem, pfn, PageFlag.PG_locked, KPF_LOCKED);
        u |= copy(mem, pfn, PageFlag.PG_dirty, KPF_DIRTY);
        u |= copy(mem, pfn, PageFlag.PG_uptodate, KPF_UPTODATE);
        u |= copy(mem, pfn, PageFlag.PG_writeback, KPF_WRITEBACK);
        u |= copy(mem, pfn, PageFlag.PG_lru, KPF_LRU);
        u |= copy(mem, pfn, PageFlag.PG_referenced, KPF_REFERENCED);
        u |= copy(mem, pfn, PageFlag.PG_active, KPF_ACTIVE);
        u |= copy(mem, pfn, PageFlag.PG_reclaim, KPF_RECLAIM);
        if (mem.test(pfn, PageFlag.PG_swapbacked) && mem.test(pfn, PageFlag.PG_owner_priv_1)) {
            u |= 1L << KPF_SWAPCACHE;
        }
        u |= copy(mem, pfn, PageFlag.PG_swapbacked, KPF_SWAPBACKED);
        u |= copy(mem, pfn, PageFlag.PG_head, KPF_COMPOUND_HEAD);
        u |= copy(mem, pfn, PageFlag.PG_unevictable, KPF_UNEVICTABLE);
        u |= copy(mem, pfn, PageFlag.PG_mlocked, KPF_MLOCKED);
        u |= copy(mem, pfn, PageFlag.PG_reserved, KPF_RESERVED);
        u |= copy(mem, pfn, PageFlag.PG_owner_2, KPF_MAPPEDTODISK);
        u |= copy(mem, pfn, PageFlag.PG_private, KPF_PRIVATE);
        return u;
    }

    private static long copy(MemMap mem, int pfn, PageFlag flag, int kpf) {
        return mem.test(pfn, flag) ? 1L << kpf : 0;
    }

    /** kpagecount: the page's mapcount (0 for a page with a type, a free one, the zero page). */
    public static long count(Kernel k, int pfn) {
        return pfn == k.zeroPfn() ? 0 : k.mem().mapcount(pfn);
    }
}
