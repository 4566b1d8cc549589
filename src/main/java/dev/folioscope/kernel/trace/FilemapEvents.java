package dev.folioscope.kernel.trace;

import static dev.folioscope.kernel.trace.FieldType.*;

/**
 * Events of the page cache (mm/filemap.c, mm/readahead.c, mm/shmem.c, include/trace/events/
 * filemap.h): folios entering and leaving a file's index, readahead, the fault handlers that
 * find a file's folio, and dirtying.
 */
public enum FilemapEvents implements EventType {
    /** The mm_filemap_add_to_page_cache tracepoint. */
    ADD_TO_PAGE_CACHE(Schema.point("filemap_add_folio", "mm/filemap.c").f("inode", INODE).f("pgoff", PGOFF)
            .f("folio", FOLIO)
            .says("Folio {folio} caches page {pgoff} of inode {inode}: the page cache holds a reference to it.")),
    /** The mm_filemap_delete_from_page_cache tracepoint. */
    DELETE_FROM_PAGE_CACHE(Schema.point("__filemap_remove_folio", "mm/filemap.c").f("inode", INODE)
            .f("pgoff", PGOFF).f("folio", FOLIO)
            .says("Folio {folio} leaves the page cache (page {pgoff} of inode {inode}); the cache's reference goes.")),
    MAPPING_TRY_INVALIDATE(Schema.call("mapping_try_invalidate", "mm/truncate.c").f("inode", INODE)
            .f("start", PGOFF).f("end", PGOFF).returns(INT)
            .says("The clean, unused folios of pages {start} to {end} of inode {inode} leave the page cache"
                    + " ({result} dropped); the others (mapped, dirty or in a batch) are deactivated.")),
    EVICT_INODE(Schema.point("evict", "fs/inode.c").f("inode", INODE)
            .says("Inode {inode} is gone: its last reference went and its pages were truncated.")),
    PAGE_CACHE_RA(Schema.call("page_cache_ra_unbounded", "mm/readahead.c").f("inode", INODE).f("start", PGOFF)
            .f("nr", PAGES).f("async_size", PAGES).returns(INT)
            .says("Readahead of {nr} page(s) of inode {inode} from page {start}: {result} new folio(s) read from disk;"
                    + " the one {async_size} page(s) before the end is marked PG_readahead, where the next window"
                    + " starts.")),
    /** The mm_filemap_fault tracepoint and the function. */
    FILEMAP_FAULT(Schema.call("filemap_fault", "mm/filemap.c").f("inode", INODE).f("pgoff", PGOFF)
            .f("tried", BOOL).returns(FOLIO)
            .says("The fault handler looks up page {pgoff} of inode {inode} in the page cache{tried? (second try)|}:"
                    + " {result?folio {result}|not ready: the read dropped the mmap lock, so the fault is retried"
                    + " (VM_FAULT_RETRY), or it failed}.")),
    SHMEM_GET_FOLIO(Schema.call("shmem_get_folio_gfp", "mm/shmem.c").f("inode", INODE).f("pgoff", PGOFF)
            .returns(FOLIO)
            .says("shmem finds page {pgoff} of object {inode} in its page cache, or allocates a zeroed swap-backed"
                    + " folio for it: {result}.")),
    FOLIO_MARK_DIRTY(Schema.point("folio_mark_dirty", "mm/page-writeback.c").f("folio", FOLIO)
            .says("Folio {folio} is dirty: its contents differ from the disk (counted in Dirty: unless it is shmem).")),
    /** The flusher's start-all work. */
    WB_WORKFN(Schema.call("wb_workfn", "fs/fs-writeback.c").returns(INT)
            .says("The flusher writes back every dirty page of every file (WB_REASON_VMSCAN): {result} write(s)"
                    + " submitted.")),
    /** The flusher's background work. */
    WB_BACKGROUND(Schema.call("wb_check_background_flush", "fs/fs-writeback.c").f("bg_thresh", PAGES).returns(INT)
            .says("The flusher writes back dirty pages, oldest file first, until no more than {bg_thresh} are dirty:"
                    + " {result} write(s) submitted.")),
    /** balance_dirty_pages throttling a writer. */
    BALANCE_DIRTY_PAGES(Schema.call("balance_dirty_pages", "mm/page-writeback.c").f("dirty", PAGES)
            .f("freerun", PAGES).f("thresh", PAGES).f("bg_thresh", PAGES).returns(INT)
            .says("{dirty} pages are dirty or under writeback, above the free-run ceiling {freerun} (halfway between"
                    + " the background threshold {bg_thresh} and the dirty threshold {thresh}): the writer is"
                    + " throttled; while it sleeps the flusher writes down to the background threshold and the disk"
                    + " completes the writes ({result} written).")),
    /** do_writepages of a range: the filesystem writes its dirty folios. */
    WRITEPAGES(Schema.call("ext4_writepages", "fs/ext4/inode.c").f("inode", INODE).f("start", PGOFF)
            .f("end", PGOFF).returns(INT)
            .says("The dirty folios of pages {start} to {end} of inode {inode} are written to disk: {result} write(s)"
                    + " submitted.")),
    /** folio_clear_dirty_for_io then __folio_start_writeback. */
    FOLIO_START_WRITEBACK(Schema.point("folio_start_writeback", "mm/page-writeback.c").f("folio", FOLIO)
            .f("inode", INODE).f("pgoff", PGOFF)
            .says("Folio {folio} (page {pgoff} of inode {inode}) is clean and under writeback (PG_writeback):"
                    + " Dirty: falls and Writeback: rises until the disk completes the write.")),
    /** ext4_page_mkwrite → block_page_mkwrite: buffer heads attached, the folio dirtied. */
    PAGE_MKWRITE(Schema.point("ext4_page_mkwrite", "fs/ext4/inode.c").f("folio", FOLIO)
            .says("The filesystem is told folio {folio} is about to be written through a mapping: it attaches buffer"
                    + " heads (PG_private) and dirties it."));

    private final Schema schema;

    FilemapEvents(Schema schema) {
        this.schema = schema;
    }

    @Override
    public Schema schema() {
        return schema;
    }
}
