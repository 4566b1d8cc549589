package dev.folioscope.kernel.trace;

import static dev.folioscope.kernel.trace.FieldType.*;

/**
 * Events of swap (mm/swapfile.c, mm/swap_state.c, mm/page_io.c and do_swap_page in mm/memory.c):
 * slot allocation and counts, the swap cache, swap I/O.
 */
public enum SwapfileEvents implements EventType {
    /** folio_alloc_swap: a slot for a folio about to be swapped out, and the folio in the swap cache. */
    FOLIO_ALLOC_SWAP(Schema.point("folio_alloc_swap", "mm/swapfile.c").f("folio", FOLIO).f("type", INT)
            .f("offset", INT).f("free_slots", PAGES)
            .says("Folio {folio} gets swap slot {offset} of swap device {type} and enters the swap cache"
                    + " (PG_swapcache, one more reference; {free_slots} slots left free).")),
    /** folio_alloc_swap failed: the device is full. */
    FOLIO_ALLOC_SWAP_FAIL(Schema.point("folio_alloc_swap", "mm/swapfile.c").f("folio", FOLIO)
            .says("No free swap slot for folio {folio}: it stays in memory.")),
    /** A folio leaves the swap cache; its slot keeps only its PTE references. */
    SWAP_CACHE_DEL(Schema.point("__swap_cache_del_folio", "mm/swap_state.c").f("folio", FOLIO).f("offset", INT)
            .f("swap_count", INT)
            .says("Folio {folio} leaves the swap cache; slot {offset} keeps {swap_count} swap PTE reference(s)"
                    + "{swap_count?.|: it is free again.}")),
    /** A swapped-in folio enters the swap cache for its slot. */
    SWAP_CACHE_ADD(Schema.point("swap_cache_add_folio", "mm/swap_state.c").f("folio", FOLIO).f("offset", INT)
            .says("Folio {folio} enters the swap cache for slot {offset}, to be read from swap.")),
    /** swap_duplicate: one more swap PTE names a slot. */
    SWAP_DUPLICATE(Schema.point("swap_duplicate", "mm/swapfile.c").f("offset", INT).f("swap_count", INT)
            .says("Slot {offset} is named by one more swap PTE: {swap_count}.")),
    /** One swap PTE fewer names a slot (swap_free, free_swap_and_cache). */
    SWAP_PUT(Schema.point("swap_entries_put_map", "mm/swapfile.c").f("offset", INT).f("swap_count", INT)
            .f("freed", BOOL)
            .says("Slot {offset} loses a swap PTE: {swap_count} left{freed?, and the slot is free again|}.")),
    /** swap_writepage: the folio is written to its slot. */
    SWAP_WRITEPAGE(Schema.call("swap_writepage", "mm/page_io.c").f("folio", FOLIO).f("offset", INT)
            .returns(INT)
            .says("Folio {folio} is written to swap slot {offset} (pswpout): PG_writeback and Writeback: until"
                    + " the disk completes the write, at the next scheduling point.")),
    /** folio_end_writeback: the device finished writing the folio. */
    END_WRITEBACK(Schema.point("folio_end_writeback", "mm/filemap.c").f("folio", FOLIO).f("reclaim", BOOL)
            .says("The write of folio {folio} completes: PG_writeback is cleared{reclaim?; it had PG_reclaim, so"
                    + " folio_rotate_reclaimable moves it to the tail of its inactive list (if it is on one and"
                    + " clean), to be reclaimed first|}.")),
    /** The disk completes writes (the bio end_io of each, in the order submitted). */
    BLK_COMPLETE(Schema.call("blk_mq_complete_request", "block/blk-mq.c").f("count", INT).returns(INT)
            .says("The disk completes {count} write(s) submitted before: each folio's writeback ends.")),
    /** wakeup_flusher_threads queued start-all work, or the flusher took it. */
    WAKEUP_FLUSHER(Schema.point("wakeup_flusher_threads", "fs/fs-writeback.c").f("pending", BOOL)
            .says("{pending?The disk's flusher is woken to write back every dirty page (WB_start_all): it runs at"
                    + " the next scheduling point|The flusher takes its start-all work: it writes the dirty pages"
                    + " now}.")),
    /** wb_start_background_writeback queued background work, or the flusher took it. */
    WB_START_BACKGROUND(Schema.point("wb_start_background_writeback", "fs/fs-writeback.c").f("pending", BOOL)
            .says("{pending?More pages are dirty than the background threshold: the flusher is woken to write"
                    + " them back down to it, at the next scheduling point|The flusher takes its background work}.")),
    /** swap_vma_readahead: the swap PTEs around a fault read in one go. */
    SWAP_VMA_READAHEAD(Schema.call("swap_vma_readahead", "mm/swap_state.c").f("address", ADDR).f("win", PAGES)
            .f("start", ADDR).f("end", ADDR).returns(INT)
            .says("Swap readahead for the fault at {address}: a window of {win} pages, {start} to {end}; each swap"
                    + " PTE there whose slot has no folio in the swap cache is read ({result} read), the others"
                    + " than the fault's marked PG_readahead (swap_ra).")),
    /** swap_update_readahead found a folio read ahead. */
    SWAP_RA_HIT(Schema.point("swap_update_readahead", "mm/swap_state.c").f("folio", FOLIO).f("hits", INT)
            .says("Folio {folio} was read ahead and is now used (swap_ra_hit): {hits} hit(s) will widen the VMA's"
                    + " next readahead window.")),
    /** swap_read_folio: a folio read from its slot. */
    SWAP_READ_FOLIO(Schema.point("swap_read_folio", "mm/page_io.c").f("folio", FOLIO).f("offset", INT)
            .says("Folio {folio} is read from swap slot {offset} (pswpin).")),
    /** do_swap_page: a fault on a swap PTE. */
    DO_SWAP_PAGE(Schema.call("do_swap_page", "mm/memory.c").f("address", ADDR).f("type", INT).f("offset", INT)
            .f("exclusive", BOOL).returns(INT)
            .says("The PTE at {address} names swap slot {offset} of device {type}{exclusive?, exclusively|}: the"
                    + " folio is found in the swap cache or read back, and mapped again.")),
    /** folio_free_swap: a folio in the swap cache that no swap PTE names gives up its slot. */
    FOLIO_FREE_SWAP(Schema.point("folio_free_swap", "mm/swapfile.c").f("folio", FOLIO).f("offset", INT)
            .says("Folio {folio} gives up swap slot {offset} (no swap PTE names it any more) and is dirty again:"
                    + " it must be written anew if swapped out."));

    private final Schema schema;

    SwapfileEvents(Schema schema) {
        this.schema = schema;
    }

    @Override
    public Schema schema() {
        return schema;
    }
}
