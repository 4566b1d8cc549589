package dev.folioscope.kernel.filemap;

import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.swap.Swap;
import dev.folioscope.kernel.swap.Workingset;
import dev.folioscope.kernel.trace.FilemapEvents;
import dev.folioscope.kernel.trace.Trace;

/**
 * mm/fadvise.c: generic_fadvise for POSIX_FADV_WILLNEED and POSIX_FADV_DONTNEED, with
 * mm/truncate.c's invalidation behind DONTNEED. The other advice changes only the open file's
 * readahead mode, which a scenario's open-call-close step would drop at once.
 *
 * <p>DONTNEED first starts writeback of the range's dirty folios (__filemap_fdatawrite_range with
 * WB_SYNC_NONE, which does not wait): they are still under writeback when the invalidation
 * comes, so they stay, deactivated with PG_reclaim, and their writes' completion at the next
 * scheduling point rotates them to the tail of the inactive file list.
 */
public final class Fadvise {
    /** The advice the model takes, with its include/uapi/linux/fadvise.h numbers. */
    public enum Advice {
        WILLNEED(3), DONTNEED(4);

        public final int posix;

        Advice(int posix) {
            this.posix = posix;
        }
    }

    private final Filemap filemap;
    private final MemMap mem;
    private final Swap swap;
    private final Trace trace;

    public Fadvise(Filemap filemap, MemMap mem, Swap swap, Trace trace) {
        this.filemap = filemap;
        this.mem = mem;
        this.swap = swap;
        this.trace = trace;
    }

    /**
     * generic_fadvise on {@code pages} pages from page {@code pgoff} (0 pages: to the end of the
     * file, as len 0 asks). Whole pages only, so DONTNEED's first and last full pages are the
     * range's own.
     */
    public void fadvise(Inode inode, long pgoff, long pages, Advice advice) {
        long end = pages == 0 ? Long.MAX_VALUE : pgoff + pages - 1;
        if (advice == Advice.WILLNEED) {
            // force_page_cache_readahead reads nothing past the end of the file.
            long nr = pages == 0 ? inode.sizePages() - Math.min(pgoff, inode.sizePages()) : pages;
            filemap.forceReadahead(inode, pgoff, nr);
            return;
        }
        filemap.writepages(inode, pgoff, end);
        swap.lruAddDrain();
        if (mappingTryInvalidate(inode, pgoff, end) > 0) {
            // The failures may be folios in another CPU's batch: drain them all and try again.
            swap.lruAddDrainAll();
            mappingTryInvalidate(inode, pgoff, end);
        }
    }

    /**
     * mapping_try_invalidate: every cached folio of [start, end] that is clean, not under
     * writeback and held by nothing but the cache leaves it; the others are deactivated.
     *
     * @return the folios that could not be dropped
     */
    private int mappingTryInvalidate(Inode inode, long start, long end) {
        long last = Math.min(end, inode.sizePages() - 1);
        trace.enter(FilemapEvents.MAPPING_TRY_INVALIDATE, inode.ino(), start, last);
        int failed = 0;
        int dropped = 0;
        for (long index = start; index <= last; index++) {
            int pfn = inode.entry(index);
            if (Workingset.isShadow(pfn)) {
                // clear_shadow_entries: the invalidated range forgets its evictions too
                filemap.clearShadow(inode, index);
                continue;
            }
            if (pfn == Inode.NONE) {
                continue;
            }
            if (mappingEvictFolio(inode, index, pfn)) {
                dropped++;
            } else {
                swap.deactivateFileFolio(pfn);
                failed++;
            }
        }
        trace.exit(dropped);
        return failed;
    }

    /**
     * mapping_evict_folio: a clean folio not under writeback whose only references are the
     * cache's has its buffer heads released and leaves the cache; the last
     * reference then frees it.
     */
    private boolean mappingEvictFolio(Inode inode, long index, int pfn) {
        // mm/truncate.c: mapping_evict_folio
        if (mem.test(pfn, PageFlag.PG_dirty) || mem.test(pfn, PageFlag.PG_writeback)) {
            return false;
        }
        // The model counts no reference for buffer heads, so the cache's is the only one allowed.
        if (mem.refcount(pfn) > 1) {
            return false;
        }
        // filemap_release_folio: ext4 frees the clean buffer heads.
        mem.clearFlag(pfn, PageFlag.PG_private);
        filemap.removeFolio(inode, index, pfn, Inode.NONE);
        swap.folioPut(pfn);
        return true;
    }
}
