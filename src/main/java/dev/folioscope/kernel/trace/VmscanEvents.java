package dev.folioscope.kernel.trace;

import static dev.folioscope.kernel.trace.FieldType.*;

/** Events of mm/vmscan.c: kswapd, direct reclaim, and the LRU scans of the classic (two-list) LRU. */
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
    KSWAPD_PASS(Schema.point("kswapd_shrink_node", "mm/vmscan.c").f("priority", INT).f("nr_reclaimed", PAGES)
            .f("nr_to_reclaim", PAGES).f("next_priority", INT)
            .says("kswapd's pass at priority {priority} reclaimed {nr_reclaimed} of the {nr_to_reclaim} it aimed at"
                    + " (each usable zone's high watermark); if the node is still unbalanced, the next pass scans at"
                    + " priority {next_priority} (a pass that reached its aim keeps the priority).")),
    SHRINK_NODE(Schema.call("shrink_node", "mm/vmscan.c").f("priority", INT).f("nr_to_reclaim", PAGES)
            .returns(PAGES)
            .says("Reclaim from the node at priority {priority} (each list scanned by its size >> {priority}),"
                    + " aiming at {nr_to_reclaim} pages: {result} reclaimed.")),
    GET_SCAN_COUNT(Schema.point("get_scan_count", "mm/vmscan.c").f("priority", INT)
            .f("scan_balance", ScanBalance.class).f("nr_inactive_anon", PAGES).f("nr_active_anon", PAGES)
            .f("nr_inactive_file", PAGES).f("nr_active_file", PAGES)
            .says("At priority {priority}, {scan_balance:text}: scan {nr_inactive_file} inactive and {nr_active_file}"
                    + " active file pages ({nr_inactive_anon} and {nr_active_anon} anonymous).")),
    SHRINK_ACTIVE_LIST(Schema.call("shrink_active_list", "mm/vmscan.c").f("lru", LRU_LIST).f("nr_to_scan", PAGES)
            .f("priority", INT).returns(PAGES)
            .says("The inactive list is low: up to {nr_to_scan} folios from the tail of {lru} are aged; {result}"
                    + " go to the inactive list.")),
    SHRINK_ACTIVE_FOLIO(Schema.point("shrink_active_list: folio", "mm/vmscan.c").f("folio", FOLIO)
            .f("referenced", INT).f("stays_active", BOOL)
            .says("Folio {folio}: {stays_active?referenced through an executable file mapping, it stays active.|"
                    + "deactivated (PG_active cleared, PG_workingset set), to the inactive list's head.}")),
    LRU_SHRINK_ACTIVE(Schema.point("mm_vmscan_lru_shrink_active", "mm/vmscan.c").f("nr_taken", PAGES)
            .f("nr_active", PAGES).f("nr_deactivated", PAGES).f("nr_referenced", PAGES).f("priority", INT)
            .f("lru", LRU_LIST)
            .says("{lru}: {nr_taken} taken, {nr_active} kept active, {nr_deactivated} deactivated"
                    + " ({nr_referenced} rotated).")),
    SHRINK_INACTIVE_LIST(Schema.call("shrink_inactive_list", "mm/vmscan.c").f("lru", LRU_LIST)
            .f("nr_to_scan", PAGES).f("priority", INT).returns(PAGES)
            .says("Up to {nr_to_scan} folios from the tail of {lru} are isolated and tried: {result} reclaimed.")),
    LRU_ISOLATE(Schema.point("mm_vmscan_lru_isolate", "mm/vmscan.c").f("classzone", ZONE).f("order", ORDER)
            .f("nr_requested", PAGES).f("nr_scanned", PAGES).f("nr_skipped", PAGES).f("nr_taken", PAGES)
            .f("lru", LRU_LIST)
            .says("isolate_lru_folios: {nr_scanned} folios scanned from the tail of {lru} ({nr_requested} asked,"
                    + " {nr_skipped} skipped above zone {classzone}), {nr_taken} taken off the list.")),
    RECLAIM_PAGES(Schema.call("reclaim_pages", "mm/vmscan.c").f("nr_folios", PAGES).returns(PAGES)
            .says("MADV_PAGEOUT isolated {nr_folios} folio(s) from their LRU lists; shrink_folio_list reclaims them"
                    + " ignoring their references: {result} reclaimed, the rest go back.")),
    SHRINK_FOLIO_LIST(Schema.call("shrink_folio_list", "mm/vmscan.c").f("nr_folios", PAGES).returns(PAGES)
            .says("Each of the {nr_folios} isolated folios, oldest first, is reclaimed or put back: {result}"
                    + " reclaimed.")),
    FOLIO_CHECK_REFERENCES(Schema.point("folio_check_references", "mm/vmscan.c").f("folio", FOLIO)
            .f("referenced_ptes", INT).f("referenced_folio", BOOL).f("references", FolioReference.class)
            .says("Folio {folio}: {referenced_ptes} VMA(s) with a young PTE{referenced_folio?, PG_referenced"
                    + " was set|}: {references:text}.")),
    SHRINK_FOLIO(Schema.point("shrink_folio_list: folio", "mm/vmscan.c").f("folio", FOLIO)
            .f("outcome", FolioReclaim.class)
            .says("Folio {folio}: {outcome:text}.")),
    REMOVE_MAPPING(Schema.call("__remove_mapping", "mm/vmscan.c").f("folio", FOLIO).returns(BOOL)
            .says("{result?Folio {folio} leaves the page cache (no shadow entry yet: workingset is not modelled)."
                    + "|Folio {folio} cannot leave the page cache: it is dirty or referenced elsewhere.}")),
    FREE_UNREF_FOLIOS(Schema.call("free_unref_folios", "mm/page_alloc.c").f("nr_folios", PAGES).returns(PAGES)
            .says("The {nr_folios} reclaimed folios are freed.")),
    MOVE_FOLIOS_TO_LRU(Schema.call("move_folios_to_lru", "mm/vmscan.c").f("nr_folios", PAGES).returns(PAGES)
            .says("The {nr_folios} folios not reclaimed go back to the head of their LRU lists: {result} moved.")),
    LRUVEC_ADD_FOLIO(Schema.point("lruvec_add_folio", "include/linux/mm_inline.h").f("folio", FOLIO)
            .f("lru", LRU_LIST)
            .says("Folio {folio} goes back to the head of {lru}.")),
    LRU_SHRINK_INACTIVE(Schema.point("mm_vmscan_lru_shrink_inactive", "mm/vmscan.c").f("nr_scanned", PAGES)
            .f("nr_reclaimed", PAGES).f("nr_dirty", PAGES).f("nr_activate", PAGES).f("nr_ref_keep", PAGES)
            .f("nr_unmap_fail", PAGES).f("priority", INT).f("lru", LRU_LIST)
            .says("{lru} at priority {priority}: {nr_scanned} scanned, {nr_reclaimed} reclaimed, {nr_dirty} dirty or"
                    + " under writeback, {nr_activate} activated, {nr_ref_keep} kept as referenced, {nr_unmap_fail}"
                    + " still mapped.")),
    /** reclaim_throttle(VMSCAN_THROTTLE_WRITEBACK): the model's wait lets the disk finish its writes. */
    THROTTLE_WRITEBACK(Schema.call("reclaim_throttle", "mm/vmscan.c").f("nr_immediate", PAGES).returns(INT)
            .says("kswapd met {nr_immediate} folio(s) it had marked for immediate reclaim still under writeback:"
                    + " it stalls on writeback (VMSCAN_THROTTLE_WRITEBACK) until the disk completes its writes"
                    + " ({result} completed).")),
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
    TRY_TO_FREE_PAGES(Schema.call("try_to_free_pages", "mm/vmscan.c").f("order", ORDER).f("gfp_flags", GFP)
            .returns(PAGES)
            .says("Direct reclaim by the allocating task for order {order}, at falling priorities until"
                    + " 32 pages are reclaimed: {result} reclaimed."));

    private final Schema schema;

    VmscanEvents(Schema schema) {
        this.schema = schema;
    }

    @Override
    public Schema schema() {
        return schema;
    }
}
