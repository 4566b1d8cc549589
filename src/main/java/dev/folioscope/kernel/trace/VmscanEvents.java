package dev.folioscope.kernel.trace;

import static dev.folioscope.kernel.trace.FieldType.*;

/** Events of mm/vmscan.c: kswapd and reclaim. */
public enum VmscanEvents implements EventType {
    /** A request to wake the node's kswapd on behalf of a zone. */
    WAKEUP_KSWAPD(Schema.call("wakeup_kswapd", "mm/vmscan.c").f("zone", ZONE).f("order", ORDER)
            .f("highest_zoneidx", ZONE).returns(KswapdWakeup.class)
            .says("Asks kswapd to balance the node up to zone {highest_zoneidx} for order {order}: {result:text}.")),
    /** The node's kswapd thread, from wakeup to sleep. */
    KSWAPD(Schema.call("kswapd", "mm/vmscan.c").f("highest_zoneidx", ZONE).f("order", ORDER).returns(INT)
            .says("kswapd runs for order {order} up to zone {highest_zoneidx}: {result} balancing pass(es), then it"
                    + " sleeps.")),
    BALANCE_PGDAT(Schema.call("balance_pgdat", "mm/vmscan.c").f("highest_zoneidx", ZONE).f("order", ORDER)
            .returns(ORDER)
            .says("kswapd balances the node for order {order} up to zone {highest_zoneidx}; at the end the"
                    + " watermark boost it found is taken off.")),
    SHRINK_NODE(Schema.point("shrink_node", "mm/vmscan.c").f("priority", INT).f("nr_reclaimed", PAGES)
            .says("Reclaim at priority {priority}: no page is on an LRU list in this model yet, so nothing is"
                    + " reclaimed.")),
    KSWAPD_FAILED(Schema.point("kswapd_failures++", "mm/vmscan.c").f("kswapd_failures", INT)
            .says("balance_pgdat reclaimed nothing: kswapd_failures = {kswapd_failures}; at 16 the node is hopeless"
                    + " (node_unreclaimable) and kswapd stops waking.")),
    UNBOOST_WATERMARK(Schema.point("watermark_boost -= zone_boosts[i]", "mm/vmscan.c").f("zone", ZONE)
            .f("watermark_boost", PAGES)
            .says("watermark_boost of zone {zone} drops to {watermark_boost}.")),
    KSWAPD_SLEEP(Schema.point("kswapd_try_to_sleep", "mm/vmscan.c").f("highest_zoneidx", ZONE).f("order", ORDER)
            .f("asleep", BOOL)
            .says("{asleep?The node is balanced (or hopeless): kswapd sleeps until woken.|The node is still"
                    + " unbalanced: kswapd balances it again.}")),
    TRY_TO_FREE_PAGES(Schema.point("try_to_free_pages", "mm/vmscan.c").f("order", ORDER).f("gfp_flags", GFP)
            .f("nr_reclaimed", PAGES)
            .says("Direct reclaim: no page is on an LRU list in this model yet, so nothing is reclaimed."));

    private final Schema schema;

    VmscanEvents(Schema schema) {
        this.schema = schema;
    }

    @Override
    public Schema schema() {
        return schema;
    }
}
