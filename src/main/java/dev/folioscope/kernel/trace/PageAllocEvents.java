package dev.folioscope.kernel.trace;

import static dev.folioscope.kernel.trace.FieldType.*;

/** Events of mm/page_alloc.c: the buddy allocator, its per-CPU lists and its slow path. */
public enum PageAllocEvents implements EventType {
    /** A request for 2^order pages, as a caller of alloc_pages makes it. */
    ALLOC_PAGES(Schema.call("__alloc_pages", "mm/page_alloc.c").f("gfp_flags", GFP).f("order", ORDER)
            .f("migratetype", MIGRATETYPE).returns(PFN)
            .says("{result?Returned {result..order} order {order} to the caller.|The allocation failed: no page was"
                    + " returned.}")),
    GET_PAGE_FROM_FREELIST(Schema.call("get_page_from_freelist", "mm/page_alloc.c").f("order", ORDER)
            .f("migratetype", MIGRATETYPE).f("alloc_flags", ALLOC_FLAGS).returns(PFN)
            .says("{result?Served by a zone of the zonelist: pfn {result}.|No zone of the zonelist could serve the"
                    + " request with these alloc_flags.}")),
    ZONE_WATERMARK_OK(Schema.point("zone_watermark_ok", "mm/page_alloc.c").f("zone", ZONE).f("order", ORDER)
            .f("mark", WATERMARK).f("ok", BOOL)
            .says("No state change: zone {zone} {ok?passes|fails} the {mark} watermark check for order {order}.")),
    ALLOC_PAGES_SLOWPATH(Schema.call("__alloc_pages_slowpath", "mm/page_alloc.c").f("gfp_flags", GFP)
            .f("order", ORDER).f("migratetype", MIGRATETYPE).returns(PFN)
            .says("Slow path: wake kswapd, retry at the min watermark, reclaim, retry, OOM: {result?got pfn"
                    + " {result}.|gave up.}")),
    RMQUEUE(Schema.call("rmqueue", "mm/page_alloc.c").f("zone", ZONE).f("order", ORDER).f("migratetype", MIGRATETYPE)
            .f("alloc_flags", ALLOC_FLAGS).returns(PFN)
            .says("{result?Took pfn {result} off the free lists of zone {zone}.|Nothing found in the free lists of"
                    + " zone {zone}.}")),
    RMQUEUE_SMALLEST(Schema.call("__rmqueue_smallest", "mm/page_alloc.c").f("zone", ZONE).f("order", ORDER)
            .f("migratetype", MIGRATETYPE).returns(PFN)
            .says("{result?Took pfn {result} off the {migratetype} free lists of zone {zone}.|No free {migratetype}"
                    + " block of order {order} or larger in zone {zone}.}")),
    /** Fallback that takes over a whole pageblock of another migratetype. */
    RMQUEUE_CLAIM(Schema.call("__rmqueue_claim", "mm/page_alloc.c").f("zone", ZONE).f("order", ORDER)
            .f("migratetype", MIGRATETYPE).returns(PFN)
            .says("{result?Claimed a whole pageblock of another migratetype for {migratetype}: pfn {result}.|No"
                    + " pageblock of another migratetype could be claimed for {migratetype}.}")),
    /** Fallback that takes one block of another migratetype. */
    RMQUEUE_STEAL(Schema.call("__rmqueue_steal", "mm/page_alloc.c").f("zone", ZONE).f("order", ORDER)
            .f("migratetype", MIGRATETYPE).returns(PFN)
            .says("{result?Stole pfn {result} from another migratetype's free list.|No block of another migratetype"
                    + " to steal.}")),
    /** The kmem:mm_page_alloc_extfrag tracepoint: an allocation falls back to another migratetype. */
    PAGE_ALLOC_EXTFRAG(Schema.point("mm_page_alloc_extfrag", "mm/page_alloc.c").f("zone", ZONE).f("pfn", PFN)
            .f("fallback_order", ORDER).f("alloc_order", ORDER).f("alloc_migratetype", MIGRATETYPE)
            .f("fallback_migratetype", MIGRATETYPE)
            .says("Fragmentation event: a {alloc_migratetype} request of order {alloc_order} falls back to a"
                    + " {fallback_migratetype} block of order {fallback_order} at {pfn}.")),
    EXPAND(Schema.call("expand", "mm/page_alloc.c").f("zone", ZONE).f("pfn", PFN).f("low", ORDER).f("high", ORDER)
            .f("migratetype", MIGRATETYPE).returns(PFN)
            .says("Splits a block of order {high} at {pfn} down to order {low}; the upper halves go onto the"
                    + " {migratetype} free lists.")),
    DEL_PAGE_FROM_FREE_LIST(Schema.point("__del_page_from_free_list", "mm/page_alloc.c").f("zone", ZONE).f("pfn", PFN)
            .f("order", ORDER).f("migratetype", MIGRATETYPE)
            .says("Block {pfn..order} order {order} removed from free_area[{order}].free_list[{migratetype}] of"
                    + " zone {zone}.")),
    ADD_TO_FREE_LIST(Schema.point("__add_to_free_list", "mm/page_alloc.c").f("zone", ZONE).f("pfn", PFN)
            .f("order", ORDER).f("migratetype", MIGRATETYPE).f("tail", BOOL)
            .says("Block {pfn..order} order {order} added to the {tail?tail|head} of"
                    + " free_area[{order}].free_list[{migratetype}] of zone {zone}.")),
    MOVE_TO_FREE_LIST(Schema.point("move_to_free_list", "mm/page_alloc.c").f("zone", ZONE).f("pfn", PFN)
            .f("order", ORDER).f("old_mt", MIGRATETYPE).f("new_mt", MIGRATETYPE)
            .says("Block {pfn..order} order {order} moved from free_list[{old_mt}] to free_list[{new_mt}] of zone"
                    + " {zone}.")),
    SET_PAGEBLOCK_MIGRATETYPE(Schema.point("set_pageblock_migratetype", "mm/page_alloc.c").f("zone", ZONE)
            .f("pfn", PFN).f("old_mt", MIGRATETYPE).f("new_mt", MIGRATETYPE)
            .says("The pageblock at {pfn} changes migratetype {old_mt} \u2192 {new_mt}.")),
    BOOST_WATERMARK(Schema.point("boost_watermark", "mm/page_alloc.c").f("zone", ZONE).f("watermark_boost", PAGES)
            .says("watermark_boost of zone {zone} becomes {watermark_boost} (raises min/low/high).")),
    PREP_NEW_PAGE(Schema.point("prep_new_page", "mm/page_alloc.c").f("zone", ZONE).f("pfn", PFN).f("order", ORDER)
            .f("migratetype", MIGRATETYPE).f("gfp_flags", GFP)
            .says("Block {pfn..order} order {order} is allocated: refcount set, gfp {gfp_flags}.")),
    WARN_ALLOC(Schema.point("warn_alloc", "mm/page_alloc.c").f("order", ORDER).f("migratetype", MIGRATETYPE)
            .f("reason", AllocFailReason.class).f("fragmented", BOOL)
            .says("Allocation failure: {reason:text}{fragmented?; the allowed zones had free pages above their"
                    + " watermark but no free block of order {order} or larger (fragmentation).|; the allowed zones"
                    + " were at or below their watermarks.}")),
    /** A workload operation returning pages. */
    FREE_PAGES(Schema.call("__free_pages", "mm/page_alloc.c").f("zone", ZONE).f("pfn", PFN).f("order", ORDER)
            .f("migratetype", MIGRATETYPE).returns(PFN)
            .says("Frees block {pfn..order} order {order} of zone {zone}.")),
    FREE_PAGES_PREPARE(Schema.point("free_pages_prepare", "mm/page_alloc.c").f("zone", ZONE).f("pfn", PFN)
            .f("order", ORDER).f("migratetype", MIGRATETYPE)
            .says("Refcount of block {pfn..order} order {order} reached zero; flags checked.")),
    FREE_ONE_PAGE(Schema.call("__free_one_page", "mm/page_alloc.c").f("zone", ZONE).f("pfn", PFN).f("order", ORDER)
            .f("migratetype", MIGRATETYPE).returns(PFN)
            .says("Puts block {pfn..order} order {order} back into the buddy lists, merging upward (merged block at"
                    + " {result}).")),
    BUDDY_MERGE(Schema.call("buddy merge", "mm/page_alloc.c").f("zone", ZONE).f("pfn", PFN).f("order", ORDER)
            .f("migratetype", MIGRATETYPE).f("buddy_pfn", PFN).returns(PFN)
            .says("Merges block {pfn..order} order {order} with its free buddy at {buddy_pfn}.")),
    RMQUEUE_PCPLIST(Schema.call("rmqueue_pcplist", "mm/page_alloc.c").f("zone", ZONE).f("order", ORDER)
            .f("migratetype", MIGRATETYPE).returns(PFN)
            .says("{result?Took pfn {result} from CPU {cpu}'s per-CPU list for order {order} {migratetype}.|The"
                    + " buddy lists could not refill CPU {cpu}'s per-CPU list for order {order} {migratetype}.}")),
    NR_PCP_ALLOC(Schema.point("nr_pcp_alloc", "mm/page_alloc.c").f("zone", ZONE).f("order", ORDER)
            .f("migratetype", MIGRATETYPE).f("batch", BLOCKS).f("high", PAGES)
            .says("The list is empty: refill it with {batch} from the buddy lists; the pageset's high is now"
                    + " {high}.")),
    RMQUEUE_BULK(Schema.call("rmqueue_bulk", "mm/page_alloc.c").f("zone", ZONE).f("order", ORDER)
            .f("migratetype", MIGRATETYPE).f("count", BLOCKS).returns(BLOCKS)
            .says("Moves up to {count} of order {order} from the buddy lists to the tail of CPU {cpu}'s per-CPU"
                    + " list for {migratetype}: got {result}.")),
    PCP_LIST_ADD(Schema.point("list_add(pcp_list)", "mm/page_alloc.c").f("zone", ZONE).f("pfn", PFN).f("order", ORDER)
            .f("migratetype", MIGRATETYPE).f("tail", BOOL).f("count", PAGES)
            .says("Block {pfn..order} order {order} added to the {tail?tail|head} of CPU {cpu}'s per-CPU list for"
                    + " order {order} {migratetype}; the pageset now holds {count}.")),
    PCP_LIST_DEL(Schema.point("list_del(pcp_list)", "mm/page_alloc.c").f("zone", ZONE).f("pfn", PFN).f("order", ORDER)
            .f("migratetype", MIGRATETYPE).f("count", PAGES)
            .says("Block {pfn..order} order {order} taken off CPU {cpu}'s per-CPU list for order {order}"
                    + " {migratetype}; the pageset now holds {count}.")),
    FREE_FROZEN_PAGE_COMMIT(Schema.call("free_frozen_page_commit", "mm/page_alloc.c").f("zone", ZONE).f("pfn", PFN)
            .f("order", ORDER).f("migratetype", MIGRATETYPE).f("free_high", BOOL).returns(PAGES)
            .says("The freed block {pfn} goes to CPU {cpu}'s per-CPU list for order {order}"
                    + " {migratetype}{free_high? in a run of high-order frees (free_high)|}; pages go back to the buddy"
                    + " lists once the pageset holds {result}.")),
    FREE_PCPPAGES_BULK(Schema.call("free_pcppages_bulk", "mm/page_alloc.c").f("zone", ZONE).f("count", PAGES)
            .returns(PAGES)
            .says("Returns {count} of CPU {cpu}'s per-CPU lists of zone {zone} to the buddy lists, coldest first,"
                    + " round the lists: {result} freed.")),
    DECAY_PCP_HIGH(Schema.call("decay_pcp_high", "mm/page_alloc.c").f("zone", ZONE).f("high", PAGES).returns(INT)
            .says("CPU {cpu}'s pageset of zone {zone}: high decays to {high}; pages above it go back to the buddy"
                    + " lists.")),
    DRAIN_PAGES_ZONE(Schema.call("drain_pages_zone", "mm/page_alloc.c").f("zone", ZONE).f("count", PAGES)
            .returns(PAGES)
            .says("Empties CPU {cpu}'s pageset of zone {zone} ({count}) into the buddy lists.")),
    DRAIN_ALL_PAGES(Schema.call("drain_all_pages", "mm/page_alloc.c").returns(PAGES)
            .says("Every CPU's per-CPU lists go back to the buddy lists: {result}.")),
    RESERVE_HIGHATOMIC_PAGEBLOCK(Schema.call("reserve_highatomic_pageblock", "mm/page_alloc.c").f("zone", ZONE)
            .f("pfn", PFN).f("order", ORDER).f("max_managed", PAGES).returns(PAGES)
            .says("Reserves the pageblock of {pfn} for high-order atomic requests; nr_reserved_highatomic of zone"
                    + " {zone} is {result} (limit {max_managed}).")),
    UNRESERVE_HIGHATOMIC_PAGEBLOCK(Schema.call("unreserve_highatomic_pageblock", "mm/page_alloc.c")
            .f("migratetype", MIGRATETYPE).f("force", BOOL).returns(BOOL)
            .says("{result?A reserved HighAtomic pageblock goes back to {migratetype} requests.|No reserved"
                    + " HighAtomic pageblock to give back{force?.| (each zone keeps one).}}")),
    SHOULD_RECLAIM_RETRY(Schema.call("should_reclaim_retry", "mm/page_alloc.c").f("order", ORDER)
            .f("migratetype", MIGRATETYPE).f("no_progress_loops", INT).returns(BOOL)
            .says("{result?Retry: reclaim might still help (or a high-atomic reserve was given back).|Stop"
                    + " reclaiming after {no_progress_loops} rounds without progress.}")),
    ALLOC_PAGES_MAY_OOM(Schema.call("__alloc_pages_may_oom", "mm/page_alloc.c").f("gfp_flags", GFP).f("order", ORDER)
            .f("migratetype", MIGRATETYPE).returns(PFN)
            .says("{result?Got pfn {result} at the high watermark.|No page at the high watermark; the OOM killer's"
                    + " turn.}"));

    private final Schema schema;

    PageAllocEvents(Schema schema) {
        this.schema = schema;
    }

    @Override
    public Schema schema() {
        return schema;
    }
}
