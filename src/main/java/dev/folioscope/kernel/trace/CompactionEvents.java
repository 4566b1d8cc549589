package dev.folioscope.kernel.trace;

import static dev.folioscope.kernel.trace.FieldType.*;

/** Events of mm/compaction.c and of the migration it drives (mm/migrate.c). */
public enum CompactionEvents implements EventType {
    WAKEUP_KCOMPACTD(Schema.point("wakeup_kcompactd", "mm/compaction.c").f("highest_zoneidx", ZONE).f("order", ORDER)
            .f("woken", BOOL)
            .says("kcompactd is asked to compact for order {order} up to {highest_zoneidx}: {woken?a zone is worth"
                    + " compacting, so it is woken and runs when the operation returns, after kswapd|no zone is worth"
                    + " compacting (kcompactd_node_suitable), so it sleeps on with the request noted}.")),
    TRY_TO_COMPACT_PAGES(Schema.call("try_to_compact_pages", "mm/compaction.c").f("gfp_flags", GFP)
            .f("order", ORDER).f("priority", CompactPriority.class).returns(CompactResult.class)
            .says("Direct compaction for an order-{order} block ({priority:text}): {result:text}.")),
    COMPACTION_SUITABLE(Schema.point("mm_compaction_suitable", "mm/compaction.c").f("zone", ZONE).f("order", ORDER)
            .f("fragindex", INT).f("threshold", INT).f("status", CompactResult.class)
            .says("Is compaction of {zone} worth it for order {order}? Fragmentation index {fragindex} (-1000: a"
                    + " block is free already; towards 0 the request fails for lack of memory, towards 1000 for"
                    + " fragmentation; vm.extfrag_threshold is {threshold}): {status:text}.")),
    COMPACT_ZONE(Schema.call("compact_zone", "mm/compaction.c").f("zone", ZONE).f("order", ORDER)
            .f("migrate_pfn", PFN).f("free_pfn", PFN).f("sync", BOOL).returns(CompactResult.class)
            .says("Compaction of {zone} for order {order}: the migrate scanner starts at {migrate_pfn} going up, the"
                    + " free scanner at {free_pfn} going down ({sync?synchronous|asynchronous}): {result:text}.")),
    ISOLATE_MIGRATEPAGES(Schema.point("mm_compaction_isolate_migratepages", "mm/compaction.c")
            .f("start_pfn", PFN).f("end_pfn", PFN).f("nr_scanned", PAGES).f("nr_taken", PAGES)
            .says("The migrate scanner looks at {start_pfn} up to {end_pfn}: {nr_scanned} scanned, {nr_taken} movable"
                    + " folio(s) isolated from the LRU.")),
    ISOLATE_FREEPAGES(Schema.point("mm_compaction_isolate_freepages", "mm/compaction.c")
            .f("start_pfn", PFN).f("end_pfn", PFN).f("nr_scanned", PAGES).f("nr_taken", PAGES)
            .says("The free scanner looks at the pageblock {start_pfn} to {end_pfn}: {nr_scanned} scanned, {nr_taken}"
                    + " free page(s) taken as migration targets.")),
    ISOLATE_FREE_PAGE(Schema.point("__isolate_free_page", "mm/page_alloc.c").f("zone", ZONE).f("pfn", PFN)
            .f("order", ORDER).f("migratetype", MIGRATETYPE)
            .says("The free block {pfn..order} leaves {zone}'s {migratetype} free list: compaction's migration"
                    + " targets.")),
    FOLIO_MIGRATE_MAPPING(Schema.point("folio_migrate_mapping", "mm/migrate.c").f("src", FOLIO).f("dst", FOLIO)
            .f("swapcache", BOOL).f("inode", INODE).f("index", INT).f("dirty", BOOL)
            .says("{swapcache?The swap cache's slot {index}|Page {index} of inode {inode}} now holds {dst} in place of"
                    + " {src}: the cache's reference moves to {dst}{dirty?, and so does PG_dirty|}.")),
    MIGRATE_FOLIO(Schema.point("migrate_folio", "mm/migrate.c").f("src", FOLIO).f("dst", FOLIO).f("mapcount", INT)
            .says("{src} moves to {dst}: its contents, flags, mapping and index are copied, its {mapcount} PTE(s)"
                    + " now map {dst} (remove_migration_ptes), and {src} is freed.")),
    MIGRATE_FOLIO_UNDO(Schema.point("migrate_folio_undo_dst", "mm/migrate.c").f("src", FOLIO).f("dst", FOLIO)
            .f("error", ERRNO)
            .says("{src} cannot move ({error}: -EAGAIN when something holds a reference beyond its mappings' and its"
                    + " cache's, at each of the kernel's retries; -EBUSY when it is under writeback): it stays, to go"
                    + " back to the LRU, and its target {dst} goes back to compaction's free list (compaction_free).")),
    MIGRATEPAGES(Schema.point("mm_compaction_migratepages", "mm/compaction.c").f("nr_migratepages", PAGES)
            .f("nr_succeeded", PAGES)
            .says("migrate_pages moved {nr_succeeded} of {nr_migratepages} isolated folio(s).")),
    COMPACT_FINISHED(Schema.point("mm_compaction_finished", "mm/compaction.c").f("zone", ZONE).f("order", ORDER)
            .f("migrate_pfn", PFN).f("free_pfn", PFN).f("status", CompactResult.class)
            .says("compact_finished, the scanners at {migrate_pfn} and {free_pfn}: {status:text}.")),
    DEFER_COMPACTION(Schema.point("mm_compaction_defer_compaction", "mm/compaction.c").f("zone", ZONE)
            .f("order", ORDER).f("considered", INT).f("defer_shift", INT).f("order_failed", ORDER)
            .says("Compaction of {zone} failed for order {order}: the next 2^{defer_shift} attempts at order"
                    + " {order_failed} or above are skipped.")),
    COMPACTION_DEFERRED(Schema.point("mm_compaction_deferred", "mm/compaction.c").f("zone", ZONE).f("order", ORDER)
            .f("considered", INT).f("defer_shift", INT).f("order_failed", ORDER)
            .says("Compaction of {zone} is deferred: attempt {considered} of 2^{defer_shift} since it failed.")),
    DEFER_RESET(Schema.point("mm_compaction_defer_reset", "mm/compaction.c").f("zone", ZONE).f("order", ORDER)
            .f("considered", INT).f("defer_shift", INT).f("order_failed", ORDER)
            .says("Compaction of {zone} served order {order}: orders below {order_failed} are no longer deferred.")),
    KCOMPACTD(Schema.call("kcompactd_do_work", "mm/compaction.c").f("order", ORDER).f("highest_zoneidx", ZONE)
            .returns(INT)
            .says("kcompactd compacts (synchronously, as for GFP_KERNEL) each zone up to {highest_zoneidx} that is"
                    + " not deferred and worth it, for order {order}: {result} zone(s) compacted.")),
    KCOMPACTD_SLEEP(Schema.point("mm_compaction_kcompactd_sleep", "mm/compaction.c").f("timeout_ms", INT)
            .says("kcompactd sleeps: {timeout_ms} ms of idle time are left of its timed wait (it wakes every 500 ms"
                    + " to check the fragmentation score, and 64 times later after a proactive run that did not"
                    + " lower it).")),
    SHOULD_PROACTIVE_COMPACT(Schema.point("should_proactive_compact_node", "mm/compaction.c").f("score", INT)
            .f("wmark_high", INT).f("kswapd_running", BOOL).f("compact", BOOL)
            .says("kcompactd's timed wait is over: the node's fragmentation score is {score} (the share of free"
                    + " memory, in percent, not in free blocks of order 9, each zone weighted by its size), its"
                    + " high mark {wmark_high}: {compact?it compacts the node proactively|no proactive compaction"
                    + " (the score is not above the mark, or kswapd is running)}.")),
    COMPACT_NODE(Schema.call("compact_node", "mm/compaction.c").f("score", INT).f("wmark_low", INT).returns(INT)
            .says("Proactive compaction: each populated zone is compacted synchronously from both ends until its"
                    + " own fragmentation score is at most {wmark_low} (vm.compaction_proactiveness's low mark) or"
                    + " the scanners meet; the node's score goes from {score} to {result}."));

    private final Schema schema;

    CompactionEvents(Schema schema) {
        this.schema = schema;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    /** enum compact_priority: how hard direct compaction tries, from the lightest. */
    public enum CompactPriority implements Described {
        SYNC_FULL("COMPACT_PRIO_SYNC_FULL: synchronous, the whole zone"),
        SYNC_LIGHT("COMPACT_PRIO_SYNC_LIGHT: synchronous, pages under writeback skipped"),
        ASYNC("COMPACT_PRIO_ASYNC: asynchronous, only Movable pageblocks scanned");

        private final String text;

        CompactPriority(String text) {
            this.text = text;
        }

        @Override
        public String text() {
            return text;
        }
    }

    /** enum compact_result, in the kernel's order (try_to_compact_pages keeps the highest). */
    public enum CompactResult implements Described {
        NOT_SUITABLE_ZONE("COMPACT_NOT_SUITABLE_ZONE: the free memory is not fragmented enough to be worth it"),
        SKIPPED("COMPACT_SKIPPED: too few free pages to migrate into"),
        DEFERRED("COMPACT_DEFERRED: deferred after recent failures"),
        NO_SUITABLE_PAGE("COMPACT_NO_SUITABLE_PAGE: no free block of the order yet"),
        CONTINUE("COMPACT_CONTINUE: go on"),
        COMPLETE("COMPACT_COMPLETE: the scanners met after the whole zone, without a free block of the order"),
        PARTIAL_SKIPPED("COMPACT_PARTIAL_SKIPPED: the scanners met, part of the zone skipped"),
        CONTENDED("COMPACT_CONTENDED: stopped for lack of memory or a signal"),
        SUCCESS("COMPACT_SUCCESS: a free block of the order is there");

        private final String text;

        CompactResult(String text) {
            this.text = text;
        }

        @Override
        public String text() {
            return text;
        }
    }
}
