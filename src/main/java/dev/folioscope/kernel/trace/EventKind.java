package dev.folioscope.kernel.trace;

/**
 * The event vocabulary: one kind per kernel-level step the simulator reports, named after the
 * kernel function (or tracepoint) it models. Kinds are appended, never reordered: a recording
 * stores the ordinal.
 */
public enum EventKind {
    /** A scenario step (the workload, not the kernel): aux = step index, result = operations run. */
    STEP("step", "scenario", "step index", true),
    /** A workload operation asking for pages; aux = gfp mask, result = pfn or -1. */
    ALLOC_PAGES("__alloc_pages", "mm/page_alloc.c", "gfp", true),
    /** aux = alloc_flags, result = pfn or -1. */
    GET_PAGE_FROM_FREELIST("get_page_from_freelist", "mm/page_alloc.c", "alloc_flags", true),
    /** aux = watermark index (0 min, 1 low, 2 high), order = request order, result = 1 if ok. */
    ZONE_WATERMARK_OK("zone_watermark_ok", "mm/page_alloc.c", "watermark", false),
    /** aux = gfp mask, result = pfn or -1. */
    ALLOC_PAGES_SLOWPATH("__alloc_pages_slowpath", "mm/page_alloc.c", "gfp", true),
    /** Wakes the node's kswapd for this zone (kswapd itself is not modelled yet). */
    WAKEUP_KSWAPD("wakeup_kswapd", "mm/vmscan.c", "", false),
    /** aux = alloc_flags, result = pfn or -1. */
    RMQUEUE("rmqueue", "mm/page_alloc.c", "alloc_flags", true),
    /** result = pfn or -1. */
    RMQUEUE_SMALLEST("__rmqueue_smallest", "mm/page_alloc.c", "", true),
    /** Fallback that takes over a whole pageblock; result = pfn or -1. */
    RMQUEUE_CLAIM("__rmqueue_claim", "mm/page_alloc.c", "", true),
    /** Fallback that takes one block of another migratetype; result = pfn or -1. */
    RMQUEUE_STEAL("__rmqueue_steal", "mm/page_alloc.c", "", true),
    /** Fallback tracepoint kmem:mm_page_alloc_extfrag; order = fallback order, aux = fallback mt. */
    PAGE_ALLOC_EXTFRAG("mm_page_alloc_extfrag", "mm/page_alloc.c", "fallback migratetype", false),
    /** Split of a block of order aux down to order: the halves go back on the free lists. */
    EXPAND("expand", "mm/page_alloc.c", "from order", true),
    /** Block unlinked from free_area[order].free_list[mt]. */
    DEL_PAGE_FROM_FREE_LIST("__del_page_from_free_list", "mm/page_alloc.c", "", false),
    /** Block linked into free_area[order].free_list[mt]; aux = 1 at the tail, 0 at the head. */
    ADD_TO_FREE_LIST("__add_to_free_list", "mm/page_alloc.c", "at tail", false),
    /** Block moved from the list of migratetype aux to the list of mt. */
    MOVE_TO_FREE_LIST("move_to_free_list", "mm/page_alloc.c", "from migratetype", false),
    /** Pageblock's migratetype changed from aux to mt. */
    SET_PAGEBLOCK_MIGRATETYPE("set_pageblock_migratetype", "mm/page_alloc.c", "old migratetype", false),
    /** aux = the zone's new watermark_boost. */
    BOOST_WATERMARK("boost_watermark", "mm/page_alloc.c", "boost", false),
    /** The allocated block gets its refcount; aux = gfp mask. */
    PREP_NEW_PAGE("prep_new_page", "mm/page_alloc.c", "gfp", false),
    /** Allocation failure; aux = {@link AllocFailReason} ordinal, order and mt as requested. */
    WARN_ALLOC("warn_alloc", "mm/page_alloc.c", "reason", false),
    /** A workload operation returning pages. */
    FREE_PAGES("__free_pages", "mm/page_alloc.c", "", true),
    /** Refcount dropped to zero and flags checked (kmem:mm_page_free). */
    FREE_PAGES_PREPARE("free_pages_prepare", "mm/page_alloc.c", "", false),
    /** Freeing into the buddy lists, merging upward; result = pfn of the merged block. */
    FREE_ONE_PAGE("__free_one_page", "mm/page_alloc.c", "", true),
    /** Merge with the free buddy at pfn aux; order = order of the pair before merging. */
    BUDDY_MERGE("buddy merge", "mm/page_alloc.c", "buddy pfn", true);

    private static final EventKind[] VALUES = values();

    private final String function;
    private final String file;
    private final String auxMeaning;
    private final boolean call;

    EventKind(String function, String file, String auxMeaning, boolean call) {
        this.function = function;
        this.file = file;
        this.auxMeaning = auxMeaning;
        this.call = call;
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

    /** Whether events of this kind may contain other events. */
    public boolean isCall() {
        return call;
    }

    public static EventKind of(int ordinal) {
        return VALUES[ordinal];
    }
}
