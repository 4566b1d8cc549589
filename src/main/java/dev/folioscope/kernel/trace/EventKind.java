package dev.folioscope.kernel.trace;

/**
 * The event vocabulary: one kind per kernel-level step the simulator reports, named after the
 * kernel function (or tracepoint) it models. A recording stores the ordinal: reordering kinds
 * changes the recording format and the kernel model version.
 */
public enum EventKind {
    /** A scenario step (the workload, not the kernel): aux = step index, result = operations run. */
    STEP("step", "scenario", "step index"),
    /** A workload operation asking for pages; aux = gfp mask, result = pfn or -1. */
    ALLOC_PAGES("__alloc_pages", "mm/page_alloc.c", "gfp"),
    /** aux = alloc_flags, result = pfn or -1. */
    GET_PAGE_FROM_FREELIST("get_page_from_freelist", "mm/page_alloc.c", "alloc_flags"),
    /** aux = watermark index (0 min, 1 low, 2 high), order = request order, result = 1 if ok. */
    ZONE_WATERMARK_OK("zone_watermark_ok", "mm/page_alloc.c", "watermark"),
    /** aux = gfp mask, result = pfn or -1. */
    ALLOC_PAGES_SLOWPATH("__alloc_pages_slowpath", "mm/page_alloc.c", "gfp"),
    /**
     * A request to wake the node's kswapd on behalf of a zone: aux = highest_zoneidx, order = the
     * order to reclaim for; result = {@link KswapdWakeup} ordinal.
     */
    WAKEUP_KSWAPD("wakeup_kswapd", "mm/vmscan.c", "highest_zoneidx"),
    /** aux = alloc_flags, result = pfn or -1. */
    RMQUEUE("rmqueue", "mm/page_alloc.c", "alloc_flags"),
    /** result = pfn or -1. */
    RMQUEUE_SMALLEST("__rmqueue_smallest", "mm/page_alloc.c", ""),
    /** Fallback that takes over a whole pageblock; result = pfn or -1. */
    RMQUEUE_CLAIM("__rmqueue_claim", "mm/page_alloc.c", ""),
    /** Fallback that takes one block of another migratetype; result = pfn or -1. */
    RMQUEUE_STEAL("__rmqueue_steal", "mm/page_alloc.c", ""),
    /**
     * Fallback tracepoint kmem:mm_page_alloc_extfrag; order = fallback order, mt = the request's
     * migratetype, aux = fallback migratetype, result = the request's order.
     */
    PAGE_ALLOC_EXTFRAG("mm_page_alloc_extfrag", "mm/page_alloc.c", "fallback migratetype"),
    /** Split of a block of order aux down to order: the halves go back on the free lists. */
    EXPAND("expand", "mm/page_alloc.c", "from order"),
    /** Block unlinked from free_area[order].free_list[mt]. */
    DEL_PAGE_FROM_FREE_LIST("__del_page_from_free_list", "mm/page_alloc.c", ""),
    /** Block linked into free_area[order].free_list[mt]; aux = 1 at the tail, 0 at the head. */
    ADD_TO_FREE_LIST("__add_to_free_list", "mm/page_alloc.c", "at tail"),
    /** Block moved from the list of migratetype aux to the list of mt. */
    MOVE_TO_FREE_LIST("move_to_free_list", "mm/page_alloc.c", "from migratetype"),
    /** Pageblock's migratetype changed from aux to mt. */
    SET_PAGEBLOCK_MIGRATETYPE("set_pageblock_migratetype", "mm/page_alloc.c", "old migratetype"),
    /** aux = the zone's new watermark_boost. */
    BOOST_WATERMARK("boost_watermark", "mm/page_alloc.c", "boost"),
    /** The allocated block gets its refcount; aux = gfp mask. */
    PREP_NEW_PAGE("prep_new_page", "mm/page_alloc.c", "gfp"),
    /**
     * The allocation failed: aux = {@link AllocFailReason} ordinal (where the slow path gave up),
     * order and mt as requested; result = 1 when the allowed zones had enough free pages but no
     * free block of the order (fragmentation), 0 when they were below their watermarks.
     */
    WARN_ALLOC("warn_alloc", "mm/page_alloc.c", "reason"),
    /** A workload operation returning pages. */
    FREE_PAGES("__free_pages", "mm/page_alloc.c", ""),
    /** Refcount dropped to zero and flags checked (kmem:mm_page_free). */
    FREE_PAGES_PREPARE("free_pages_prepare", "mm/page_alloc.c", ""),
    /** Freeing into the buddy lists, merging upward; result = pfn of the merged block. */
    FREE_ONE_PAGE("__free_one_page", "mm/page_alloc.c", ""),
    /** Merge with the free buddy at pfn aux; order = order of the pair before merging. */
    BUDDY_MERGE("buddy merge", "mm/page_alloc.c", "buddy pfn"),
    /** Allocation from a per-CPU list (the event's CPU); order and mt pick the list; result = pfn or -1. */
    RMQUEUE_PCPLIST("rmqueue_pcplist", "mm/page_alloc.c", ""),
    /** The refill size for an empty per-CPU list: aux = blocks to take from the buddy lists, result = pcp high. */
    NR_PCP_ALLOC("nr_pcp_alloc", "mm/page_alloc.c", "batch"),
    /** Refills a per-CPU list from the buddy lists: aux = blocks asked for, result = blocks taken. */
    RMQUEUE_BULK("rmqueue_bulk", "mm/page_alloc.c", "count"),
    /** Block linked into a per-CPU list (order, mt): aux = 1 at the tail, 0 at the head; result = pcp count. */
    PCP_LIST_ADD("list_add(pcp_list)", "mm/page_alloc.c", "at tail"),
    /** Block unlinked from a per-CPU list (order, mt); result = pcp count afterwards. */
    PCP_LIST_DEL("list_del(pcp_list)", "mm/page_alloc.c", ""),
    /**
     * A freed block goes onto a per-CPU list: aux = 1 when it frees in a high-order batch
     * (free_high); result = the high that nr_pcp_high returned.
     */
    FREE_FROZEN_PAGE_COMMIT("free_frozen_page_commit", "mm/page_alloc.c", "free_high"),
    /** Returns blocks from a per-CPU pageset to the buddy lists: aux = pages asked for, result = pages freed. */
    FREE_PCPPAGES_BULK("free_pcppages_bulk", "mm/page_alloc.c", "count"),
    /** The vmstat worker's run on the event's CPU (refresh_cpu_vm_stats); result = work found. */
    VMSTAT_UPDATE("vmstat_update", "mm/vmstat.c", ""),
    /** A pageset's high decays towards high_min: aux = the new high, result = work left. */
    DECAY_PCP_HIGH("decay_pcp_high", "mm/page_alloc.c", "high"),
    /** Empties one CPU's pageset of a zone: aux = pages it held, result = pages freed. */
    DRAIN_PAGES_ZONE("drain_pages_zone", "mm/page_alloc.c", "count"),
    /** Empties every CPU's pagesets; result = pages freed. */
    DRAIN_ALL_PAGES("drain_all_pages", "mm/page_alloc.c", ""),
    /**
     * After a high-order atomic allocation, reserves its pageblock for such requests: aux = the
     * zone's reserve limit, result = nr_reserved_highatomic afterwards.
     */
    RESERVE_HIGHATOMIC_PAGEBLOCK("reserve_highatomic_pageblock", "mm/page_alloc.c", "max reserved"),
    /**
     * Gives a reserved pageblock back to the allocation's migratetype (mt): aux = 1 when forced,
     * result = 1 if a pageblock was released.
     */
    UNRESERVE_HIGHATOMIC_PAGEBLOCK("unreserve_highatomic_pageblock", "mm/page_alloc.c", "force"),
    /** A zone flag changed: aux = the flag's bit (Zone.ZONE_*), result = 1 set, 0 cleared. */
    ZONE_FLAG("zone->flags", "include/linux/mmzone.h", "flag"),
    /** The node's kswapd thread runs from wakeup to sleep: zone = highest_zoneidx, aux = order; result = runs. */
    KSWAPD("kswapd", "mm/vmscan.c", "order"),
    /** One balancing pass: zone = highest_zoneidx, aux = order; result = the order it finished at. */
    BALANCE_PGDAT("balance_pgdat", "mm/vmscan.c", "order"),
    /** One reclaim pass over the node's LRU lists: aux = priority, result = pages reclaimed. */
    SHRINK_NODE("shrink_node", "mm/vmscan.c", "priority"),
    /** balance_pgdat reclaimed nothing: aux = kswapd_failures afterwards. */
    KSWAPD_FAILED("kswapd_failures++", "mm/vmscan.c", "failures"),
    /** End of balance_pgdat: the boost it found is taken off; aux = the zone's watermark_boost afterwards. */
    UNBOOST_WATERMARK("watermark_boost -= zone_boosts[i]", "mm/vmscan.c", "boost"),
    /** A wakeup of kcompactd (compaction is not modelled: recorded only); aux = order. */
    WAKEUP_KCOMPACTD("wakeup_kcompactd", "mm/compaction.c", "order"),
    /** kswapd tries to sleep: result = 1 asleep until the next wakeup, 0 the node needs balancing again. */
    KSWAPD_SLEEP("kswapd_try_to_sleep", "mm/vmscan.c", ""),
    /** Direct reclaim by the allocating task: aux = gfp, result = pages reclaimed. */
    TRY_TO_FREE_PAGES("try_to_free_pages", "mm/vmscan.c", "gfp"),
    /** Whether reclaiming could still help: aux = no_progress_loops, result = 1 retry, 0 give up. */
    SHOULD_RECLAIM_RETRY("should_reclaim_retry", "mm/page_alloc.c", "no_progress_loops"),
    /** The last resort before failing: aux = gfp, result = pfn or -1. */
    ALLOC_PAGES_MAY_OOM("__alloc_pages_may_oom", "mm/page_alloc.c", "gfp"),
    /** The OOM killer: aux = gfp, result = 1 when it reports progress, 0 when it found no process to kill. */
    OUT_OF_MEMORY("out_of_memory", "mm/oom_kill.c", "gfp");

    private static final EventKind[] VALUES = values();

    private final String function;
    private final String file;
    private final String auxMeaning;

    EventKind(String function, String file, String auxMeaning) {
        this.function = function;
        this.file = file;
        this.auxMeaning = auxMeaning;
    }

    /** The kernel function or tracepoint this kind models. */
    public String function() {
        return function;
    }

    /** The kernel source file of {@link #function()}. */
    public String file() {
        return file;
    }

    /** What the aux argument holds for this kind ("" when unused). */
    public String auxMeaning() {
        return auxMeaning;
    }

    /** The kind stored as {@code ordinal} in a recording. */
    public static EventKind of(int ordinal) {
        return VALUES[ordinal];
    }
}
