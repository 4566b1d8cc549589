package dev.folioscope.kernel.mmzone;

import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageLists;

/**
 * struct per_cpu_pages: one CPU's cache of free pages for one zone (a "pcp"). Pages of the orders
 * the cache takes ({@link #allowedOrder}) are allocated from and freed to these lists first, and
 * move to and from the buddy lists in batches.
 *
 * <p>The lists are doubly linked through the pages' list links in {@link MemMap} (struct page's
 * {@code pcp_list} shares its storage with {@code buddy_list}: a page is on one list at most). A
 * list holds blocks of one order and one migratetype, {@link #pindex}; {@code count} is in pages.
 *
 * <p>Fields mirror the kernel's: {@code high} is the current, self-tuning limit (6.7+), between
 * {@code highMin} and {@code highMax}; {@code freeCount} counts consecutive freed pages and
 * {@code allocFactor} scales refill batches; {@code flags} holds the {@code PCPF_*} bits.
 */
public final class PerCpuPages {
    /** include/linux/mmzone.h: PAGE_ALLOC_COSTLY_ORDER. */
    public static final int PAGE_ALLOC_COSTLY_ORDER = 3;
    /** HPAGE_PMD_ORDER: with CONFIG_TRANSPARENT_HUGEPAGE the pcp also caches PMD-sized blocks. */
    public static final int HPAGE_PMD_ORDER = 9;
    /** NR_LOWORDER_PCP_LISTS: one list per pcp migratetype and order 0..3. */
    public static final int NR_LOWORDER_PCP_LISTS = MigrateType.PCPTYPES * (PAGE_ALLOC_COSTLY_ORDER + 1);
    /** NR_PCP_LISTS with CONFIG_TRANSPARENT_HUGEPAGE (as on the 6.18 machines): two THP lists more. */
    public static final int NR_PCP_LISTS = NR_LOWORDER_PCP_LISTS + 2;
    /** PCPF_PREV_FREE_HIGH_ORDER: the previous free was of order 1..3. */
    public static final int PCPF_PREV_FREE_HIGH_ORDER = 1;
    /** PCPF_FREE_HIGH_BATCH: the CPU's cache slice holds more than 3 batches. */
    public static final int PCPF_FREE_HIGH_BATCH = 1 << 1;
    /** CONFIG_PCP_BATCH_SCALE_MAX: the default of 5. */
    public static final int PCP_BATCH_SCALE_MAX = 5;
    /** BOOT_PAGESET_HIGH and BOOT_PAGESET_BATCH: a pageset before its zone sizes it. */
    static final int BOOT_PAGESET_HIGH = 0;
    static final int BOOT_PAGESET_BATCH = 1;

    public int count;
    public int high;
    public int highMin = BOOT_PAGESET_HIGH;
    public int highMax = BOOT_PAGESET_HIGH;
    public int batch = BOOT_PAGESET_BATCH;
    /**
     * Starts with PCPF_FREE_HIGH_BATCH, as setup_pcp_cacheinfo leaves it on a CPU whose cache
     * slice holds more than three batches (the model assumes every CPU's does; the boot frees
     * bypass the pagesets, so setting it before them changes nothing).
     */
    public int flags = PCPF_FREE_HIGH_BATCH;
    public int allocFactor;
    public int freeCount;
    private final PageLists lists;

    /** per_cpu_pages_init: empty lists, the boot pageset's high and batch. */
    PerCpuPages() {
        lists = new PageLists(NR_PCP_LISTS);
    }

    private PerCpuPages(PerCpuPages o) {
        count = o.count;
        high = o.high;
        highMin = o.highMin;
        highMax = o.highMax;
        batch = o.batch;
        flags = o.flags;
        allocFactor = o.allocFactor;
        freeCount = o.freeCount;
        lists = o.lists.copy();
    }

    PerCpuPages copy() {
        return new PerCpuPages(this);
    }

    /** pcp_allowed_order: orders up to PAGE_ALLOC_COSTLY_ORDER, and the THP order. */
    public static boolean allowedOrder(int order) {
        return order <= PAGE_ALLOC_COSTLY_ORDER || order == HPAGE_PMD_ORDER;
    }

    /** order_to_pindex: the list of an order and pcp migratetype. */
    public static int pindex(int migratetype, int order) {
        if (order > PAGE_ALLOC_COSTLY_ORDER) {
            return NR_LOWORDER_PCP_LISTS + (migratetype == MigrateType.MOVABLE.ordinal() ? 1 : 0);
        }
        return MigrateType.PCPTYPES * order + migratetype;
    }

    /** pindex_to_order. */
    public static int pindexOrder(int pindex) {
        return pindex >= NR_LOWORDER_PCP_LISTS ? HPAGE_PMD_ORDER : pindex / MigrateType.PCPTYPES;
    }

    /** The migratetype a list holds (for the THP lists: Unmovable for the first, Movable for the second). */
    public static int pindexMigratetype(int pindex) {
        if (pindex >= NR_LOWORDER_PCP_LISTS) {
            return pindex == NR_LOWORDER_PCP_LISTS ? MigrateType.UNMOVABLE.ordinal() : MigrateType.MOVABLE.ordinal();
        }
        return pindex % MigrateType.PCPTYPES;
    }

    public int first(int pindex) {
        return lists.first(pindex);
    }

    public int last(int pindex) {
        return lists.last(pindex);
    }

    /** Blocks on list {@code pindex}. */
    public int length(int pindex) {
        return lists.length(pindex);
    }

    public boolean isEmpty(int pindex) {
        return lists.isEmpty(pindex);
    }

    /** list_add (at the head) or list_add_tail of a block to list {@code pindex}; count is the caller's. */
    public void link(MemMap mem, int pindex, int pfn, boolean atTail) {
        lists.add(mem, pindex, pfn, atTail);
    }

    /** list_del of a block from list {@code pindex}; count is the caller's. */
    public void unlink(MemMap mem, int pindex, int pfn) {
        lists.del(mem, pindex, pfn);
    }

    long digest(long h) {
        long[] scalars = {count, high, highMin, highMax, batch, flags, allocFactor, freeCount};
        for (long v : scalars) {
            h = (h ^ v) * 0x100000001b3L;
        }
        return lists.digest(h);
    }
}
