package dev.folioscope.kernel.filemap;

import dev.folioscope.kernel.mmap.VmFlags;
import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.mmzone.ZoneStat;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.pagealloc.PageAlloc;
import dev.folioscope.kernel.swap.LruBatches;
import dev.folioscope.kernel.swap.Swap;
import dev.folioscope.kernel.swap.Workingset;
import dev.folioscope.kernel.swap.Writeback;
import dev.folioscope.kernel.trace.FilemapEvents;
import dev.folioscope.kernel.trace.TaskEvents;
import dev.folioscope.kernel.trace.Trace;
import java.util.ArrayList;
import java.util.List;

/**
 * The page cache (mm/filemap.c, mm/readahead.c, the parts of mm/shmem.c that fill it): files'
 * folios found, added and removed by index, read ahead from disk, and dirtied.
 *
 * <p>Disk I/O completes at once: a folio read from disk is up to date before the call that read
 * it returns (the kernel waits for the read in the same places, so the folios each step leaves
 * behind are the same). Writeback comes with reclaim.
 */
public final class Filemap {
    /** file_ra_state.ra_pages of every file: the disk's read_ahead_kb in pages (32 by default). */
    private final int raPages;
    /** include/linux/mm.h: MMAP_LOTSAMISS — past it, faults stop reading ahead. */
    static final int MMAP_LOTSAMISS = 100;
    /** A regular file's mapping_gfp_mask. */
    private static final int GFP_PAGECACHE = Gfp.GFP_HIGHUSER_MOVABLE;
    /** readahead_gfp_mask: readahead is an optimisation, so it gives up rather than reclaim hard. */
    private static final int GFP_READAHEAD = GFP_PAGECACHE | Gfp.__GFP_NORETRY | Gfp.__GFP_NOWARN;

    /** include/linux/blkdev.h: PAGE_SECTORS, a page's 512-byte disk sectors. */
    private static final int PAGE_SECTORS = 4096 / 512;
    /**
     * filemap_fault's answer when it dropped the mmap lock to start readahead and the fault must
     * be retried (VM_FAULT_RETRY); the retry is not yet FAULT_FLAG_TRIED.
     */
    public static final int RETRY = -2;
    /** The same after reading the page itself from disk (VM_FAULT_RETRY | VM_FAULT_MAJOR): the retry is TRIED. */
    public static final int RETRY_MAJOR = -4;
    /** No memory for the folio. */
    public static final int OOM = -1;
    /** The page is past the end of the file. */
    public static final int SIGBUS = -3;

    private final PageCache cache;
    private final MemMap mem;
    private final PglistData node;
    private final PageAlloc pageAlloc;
    private final Swap swap;
    private final Workingset workingset;
    private final Writeback writeback;
    private final DirtyThrottle dirtyThrottle;
    private final Trace trace;

    public Filemap(PageCache cache, MemMap mem, PglistData node, PageAlloc pageAlloc, Swap swap, Writeback writeback,
            Workingset workingset, Trace trace, int raPages) {
        this.raPages = raPages;
        this.workingset = workingset;
        this.writeback = writeback;
        this.dirtyThrottle = new DirtyThrottle(this, node, writeback, trace);
        this.cache = cache;
        this.mem = mem;
        this.node = node;
        this.pageAlloc = pageAlloc;
        this.swap = swap;
        this.trace = trace;
    }

    public PageCache cache() {
        return cache;
    }

    /** page->mapping of a page-cache folio of inode {@code ino} (see MemMap). */
    public static int mapping(int ino) {
        return ino << 1;
    }

    /** The inode a page-cache folio's mapping names, or -1 for an anonymous or unused one. */
    public static int inodeOf(MemMap mem, int pfn) {
        int mapping = mem.mapping(pfn);
        return mapping == 0 || (mapping & 1) != 0 ? -1 : mapping >>> 1;
    }

    /**
     * A file of {@code sizePages} pages on the disk, written and synced before the scenario
     * starts: none of it is cached.
     *
     * @return its inode, or null when the machine has as many files as it may
     */
    public Inode createFile(String name, long sizePages) {
        Inode inode = cache.create(name, false, sizePages);
        if (inode != null) {
            trace.point(TaskEvents.CREATE_FILE, inode.ino(), sizePages);
        }
        return inode;
    }

    /**
     * mm/shmem.c: shmem_zero_setup — the shmem object behind a shared anonymous mapping of
     * {@code sizePages}, named as /proc/PID/maps names it.
     *
     * @return its inode number, or -1 (ENFILE)
     */
    public int shmemZeroSetup(long sizePages) {
        Inode inode = cache.create("/dev/zero (deleted)", true, sizePages);
        return inode == null ? -1 : inode.ino();
    }

    /**
     * The last mapping of a shmem object went: the object is truncated (shmem_evict_inode →
     * shmem_truncate_range) and its inode freed. Its folios go once their other references do.
     */
    public void shmemRelease(int ino) {
        Inode inode = cache.get(ino);
        for (long index = 0; index < inode.maxPages() && inode.nrpages() > 0; index++) {
            int pfn = inode.folio(index);
            if (pfn != Inode.NONE) {
                removeFolio(inode, index, pfn, Inode.NONE);
                swap.folioPut(pfn);
            }
        }
        cache.evict(ino);
        trace.point(FilemapEvents.EVICT_INODE, ino);
    }

    /**
     * filemap_add_folio (shmem_add_to_page_cache for shmem): the new folio takes its place in
     * the file's index with a reference of the cache's own, and is queued for the LRU; if the
     * slot held a shadow entry the folio is a refault (unless it is about to be overwritten,
     * {@code write}: __GFP_WRITE), which may activate it.
     */
    private void addFolio(Inode inode, long index, int pfn, boolean write) {
        int shadow = inode.entry(index);
        if (inode.shmem()) {
            mem.setFlag(pfn, PageFlag.PG_swapbacked);
        }
        mem.setMapping(pfn, mapping(inode.ino()));
        mem.setIndex(pfn, index);
        swap.folioGet(pfn);
        inode.set(index, pfn);
        node.modStat(NodeStat.NR_FILE_PAGES, 1);
        if (inode.shmem()) {
            node.modStat(NodeStat.NR_SHMEM, 1);
        }
        trace.point(FilemapEvents.ADD_TO_PAGE_CACHE, inode.ino(), index, pfn);
        if (Workingset.isShadow(shadow) && !write) {
            workingset.refault(pfn, shadow);
        }
        swap.folioAddLru(pfn);
    }

    /**
     * __filemap_remove_folio: out of the index, its counters and its dirty accounting, leaving
     * {@code shadow} in its slot (reclaim's workingset shadow, or {@link Inode#NONE}); the cache's
     * reference stays for the caller to drop (truncation, invalidation, or reclaim's
     * __remove_mapping).
     */
    public void removeFolio(Inode inode, long index, int pfn, int shadow) {
        inode.set(index, shadow);
        node.modStat(NodeStat.NR_FILE_PAGES, -1);
        if (inode.shmem()) {
            node.modStat(NodeStat.NR_SHMEM, -1);
        } else if (mem.test(pfn, PageFlag.PG_dirty)) {
            // mm/page-writeback.c: folio_account_cleaned
            accountDirty(pfn, -1);
        }
        mem.clearFlag(pfn, PageFlag.PG_dirty);
        mem.setMapping(pfn, 0);
        trace.point(FilemapEvents.DELETE_FROM_PAGE_CACHE, inode.ino(), index, pfn);
    }

    /**
     * The counters of a dirty page-cache folio of a file that is written back: the node's
     * NR_FILE_DIRTY and its zone's NR_ZONE_WRITE_PENDING, by {@code delta}.
     */
    private void accountDirty(int pfn, int delta) {
        node.modStat(NodeStat.NR_FILE_DIRTY, delta);
        node.modZoneStat(pfn, ZoneStat.NR_ZONE_WRITE_PENDING, delta);
    }

    /**
     * __folio_migrate_mapping's xas_store for a page-cache folio: the slot of {@code src}'s index
     * in its file's i_pages holds {@code dst} instead. The file still caches one folio there, so
     * nrpages and the page-cache counters stay. Context: dst has src's mapping and index.
     */
    public void migrateFolioSlot(int src, int dst) {
        // mm/migrate.c: __folio_migrate_mapping
        cache.get(inodeOf(mem, src)).set(mem.index(src), dst);
    }

    /** clear_shadow_entries for one slot: the shadow entry at {@code index} goes. */
    void clearShadow(Inode inode, long index) {
        inode.set(index, Inode.NONE);
    }

    /**
     * mm/readahead.c: page_cache_ra_unbounded (page_cache_ra_order's order-0 path) — allocates a
     * folio for each uncached page of [start, start + nr) below EOF and adds it to the cache, the
     * page {@code asyncSize} before the window's end marked PG_readahead; then read_pages reads
     * them all, and the readahead's own references go as each read completes.
     *
     * @return the folios read
     */
    int readahead(Inode inode, long start, int nr, int asyncSize) {
        trace.enter(FilemapEvents.PAGE_CACHE_RA, inode.ino(), start, nr, asyncSize);
        long end = Math.min(start + nr, inode.sizePages());
        long mark = start + nr - asyncSize;
        List<Integer> batch = new ArrayList<>();
        for (long index = start; index < end; index++) {
            if (inode.folio(index) != Inode.NONE) {
                continue;
            }
            int pfn = pageAlloc.allocPages(GFP_READAHEAD, 0);
            if (pfn < 0) {
                break;
            }
            if (index == mark) {
                mem.setFlag(pfn, PageFlag.PG_readahead);
            }
            addFolio(inode, index, pfn, false);
            batch.add(pfn);
        }
        for (int pfn : batch) {
            readFolio(pfn);
            swap.folioPut(pfn);
        }
        trace.exit(batch.size());
        return batch.size();
    }

    /**
     * mm/readahead.c: force_page_cache_ra (fadvise or madvise WILLNEED) — {@code nr} pages from
     * {@code index}, at most ra_pages of them, read in with no PG_readahead marker.
     */
    public void forceReadahead(Inode inode, long index, long nr) {
        readahead(inode, index, (int) Math.min(nr, raPages), 0);
    }

    /**
     * The disk read of a whole folio (ext4_mpage_readpages): every block of it is on disk, so it
     * is marked mapped-to-disk, and up to date once read.
     */
    private void readFolio(int pfn) {
        // submit_bio counts the sectors of each read bio, however the folios are grouped into bios
        node.countVmEvents(VmEvent.PGPGIN, PAGE_SECTORS);
        mem.setFlag(pfn, PageFlag.PG_mappedtodisk);
        mem.setFlag(pfn, PageFlag.PG_uptodate);
    }

    /**
     * filemap_fault for {@code index} of a regular file mapped by a VMA with {@code vmFlags}. A
     * cached folio is returned, unless it is where the previous window wanted the next one to
     * start (PG_readahead): then the mmap lock is dropped for that readahead and the fault retried
     * ({@link #RETRY}). A miss reads ahead as do_sync_mmap_readahead decides, or reads the page
     * alone, with the lock dropped for the I/O ({@link #RETRY_MAJOR}). On the retry after a read
     * ({@code tried}) the model takes the lock as kept: the page is cached by then.
     *
     * @return the folio, with a reference for the caller, or {@link #RETRY}, {@link #RETRY_MAJOR},
     *     {@link #OOM}, {@link #SIGBUS}
     */
    public int filemapFault(Inode inode, long index, long vmFlags, long vmaStartPgoff, long vmaEndPgoff,
            boolean tried) {
        trace.enter(FilemapEvents.FILEMAP_FAULT, inode.ino(), index, tried ? 1 : 0);
        int ret = doFilemapFault(inode, index, vmFlags, vmaStartPgoff, vmaEndPgoff, tried);
        trace.exit(ret < 0 ? -1 : ret);
        return ret;
    }

    private int doFilemapFault(Inode inode, long index, long vmFlags, long vmaStart, long vmaEnd, boolean tried) {
        if (index >= inode.sizePages()) {
            return SIGBUS;
        }
        int pfn = inode.folio(index);
        if (pfn != Inode.NONE) {
            if (!tried && asyncMmapReadahead(inode, pfn, vmFlags)) {
                return RETRY;
            }
            swap.folioGet(pfn);
            return pfn;
        }
        node.countVmEvents(VmEvent.PGMAJFAULT, 1); // filemap_fault: no page in the page cache at all
        boolean droppedLock = syncMmapReadahead(inode, index, vmFlags, vmaStart, vmaEnd) && !tried;
        pfn = inode.folio(index);
        if (pfn == Inode.NONE) {
            // __filemap_get_folio(FGP_CREAT) and filemap_read_folio, which drops the lock for the read
            pfn = pageAlloc.allocPages(GFP_PAGECACHE, 0);
            if (pfn < 0) {
                return droppedLock ? RETRY_MAJOR : OOM;
            }
            addFolio(inode, index, pfn, false);
            readFolio(pfn);
            if (!tried) {
                swap.folioPut(pfn);
                return RETRY_MAJOR;
            }
            return pfn;
        }
        if (droppedLock) {
            return RETRY_MAJOR;
        }
        swap.folioGet(pfn);
        return pfn;
    }

    /**
     * mm/filemap.c: do_sync_mmap_readahead for a miss at {@code index}: nothing for a VM_RAND_READ
     * mapping (unless executable); ra_pages from the fault for VM_SEQ_READ; otherwise, unless
     * mmap_miss is past MMAP_LOTSAMISS, ra_pages from the fault for an executable mapping (within
     * the VMA, none ahead), else read-around: ra_pages centred on the fault, a quarter ahead.
     *
     * @return whether it dropped the mmap lock to read
     */
    private boolean syncMmapReadahead(Inode inode, long index, long vmFlags, long vmaStart, long vmaEnd) {
        boolean exec = (vmFlags & VmFlags.VM_EXEC) != 0;
        if ((vmFlags & VmFlags.VM_RAND_READ) != 0 && !exec) {
            return false;
        }
        if ((vmFlags & VmFlags.VM_SEQ_READ) != 0) {
            inode.setRa(syncRa(inode, inode.ra(), index, raPages));
            return true;
        }
        int miss = Math.min(inode.mmapMiss() + 1, MMAP_LOTSAMISS * 10);
        inode.setMmapMiss(miss);
        if (miss > MMAP_LOTSAMISS) {
            return false;
        }
        Readahead ra;
        if (exec) {
            long start = Math.max(index, vmaStart);
            ra = inode.ra().window(start, (int) (Math.min(start + raPages, vmaEnd) - start), 0, 0);
        } else {
            ra = inode.ra().window(Math.max(0, index - raPages / 2), raPages, raPages / 4, 0);
        }
        inode.setRa(ra);
        readahead(inode, ra.start(), ra.size(), ra.asyncSize());
        return true;
    }

    /** filemap_map_pages: the folios fault-around found cached count against mmap_miss. */
    public void mapPagesHits(Inode inode, int hits) {
        inode.setMmapMiss(Math.max(0, inode.mmapMiss() - hits));
    }

    /**
     * do_async_mmap_readahead: a hit lowers mmap_miss; a PG_readahead folio is where the previous
     * window wanted the next one to start, so the lock is dropped and page_cache_async_ra reads it
     * (for ra_pages); a VM_RAND_READ mapping does neither.
     *
     * @return whether it dropped the mmap lock
     */
    private boolean asyncMmapReadahead(Inode inode, int pfn, long vmFlags) {
        if ((vmFlags & VmFlags.VM_RAND_READ) != 0) {
            return false;
        }
        if (inode.mmapMiss() > 0) {
            inode.setMmapMiss(inode.mmapMiss() - 1);
        }
        if (!mem.test(pfn, PageFlag.PG_readahead)) {
            return false;
        }
        inode.setRa(asyncRa(inode, inode.ra(), pfn, raPages));
        return true;
    }

    /**
     * mm/readahead.c: page_cache_sync_ra for a miss at {@code index} wanting {@code req} pages:
     * a first window (get_init_ra_size) at the start of the file, for a large request or right
     * after the previous read; otherwise as much as the cached pages before it suggest (context
     * readahead), or just the request when there are few.
     *
     * @return the state after it
     */
    private Readahead syncRa(Inode inode, Readahead ra, long index, long req) {
        int max = raPages;
        long prevIndex = ra.prevPos() >>> 12;
        if (index == 0 || req > max || Long.compareUnsigned(index - prevIndex, 1) <= 0) {
            int size = initRaSize(req, max);
            ra = ra.window(index, size, size > req ? (int) (size - req) : size >> 1, 0);
        } else {
            long miss = prevMiss(inode, index - 1, max);
            long contig = index - miss - 1;
            if (Long.compareUnsigned(contig, req) <= 0) {
                readahead(inode, index, (int) req, 0);
                return ra;
            }
            if (miss == -1) {
                contig *= 2;
            }
            ra = ra.window(index, (int) Math.min(contig + req, max), 1, 0);
        }
        readahead(inode, ra.start(), ra.size(), ra.asyncSize());
        return ra;
    }

    /**
     * mm/readahead.c: page_cache_async_ra, reaching the PG_readahead folio {@code pfn} with
     * {@code req} pages wanted: the marker goes; the next window follows the last one if the
     * marker was where it was expected, else starts at the first uncached page after it (if
     * close enough); it grows (get_next_ra_size), its end is trimmed to the alignment of the
     * folio order it would use (two orders up each time), and all of it is read ahead.
     *
     * @return the state after it
     */
    private Readahead asyncRa(Inode inode, Readahead ra, int pfn, long req) {
        mem.clearFlag(pfn, PageFlag.PG_readahead);
        long index = mem.index(pfn);
        int max = raPages;
        long start;
        int size;
        if (index == ra.start() + ra.size() - ra.asyncSize()) {
            start = ra.start() + ra.size();
            size = Math.max(ra.size(), nextRaSize(ra.size(), max));
        } else {
            start = nextMiss(inode, index + 1, max);
            if (start == 0 || start - index > max) {
                return ra;
            }
            size = nextRaSize((int) Math.min(ra.size() + req, Integer.MAX_VALUE), max);
        }
        int order = ra.order() + 2;
        long align = 1L << Math.min(order, Integer.numberOfTrailingZeros(max));
        long end = start + size;
        long alignedEnd = end / align * align;
        if (alignedEnd > start) {
            size -= (int) (end - alignedEnd);
        }
        // page_cache_ra_order clamps the order to the window; the folios themselves stay order 0
        order = Math.min(order, 63 - Long.numberOfLeadingZeros(size));
        ra = ra.window(start, size, size, order);
        readahead(inode, start, size, size);
        return ra;
    }

    /** page_cache_prev_miss: the first uncached index at or below {@code index}, looking at most {@code max} pages back; -1 past 0. */
    private static long prevMiss(Inode inode, long index, int max) {
        long i = index;
        for (int n = 0; n < max; n++, i--) {
            if (i < 0) {
                return -1;
            }
            if (inode.folio(i) == Inode.NONE) {
                return i;
            }
        }
        return i + 1;
    }

    /** page_cache_next_miss: the first uncached index at or above {@code index}, within {@code max}. */
    private static long nextMiss(Inode inode, long index, int max) {
        for (long i = index; i < index + max; i++) {
            if (inode.folio(i) == Inode.NONE) {
                return i;
            }
        }
        return index + max;
    }

    /** get_next_ra_size: small windows grow fourfold, larger ones double, up to {@code max}. */
    private static int nextRaSize(int cur, int max) {
        if (cur < max / 16) {
            return 4 * cur;
        }
        if (cur <= max / 2) {
            return 2 * cur;
        }
        return max;
    }

    /** get_init_ra_size: a first window for a read of {@code size} pages. */
    private static int initRaSize(long size, int max) {
        long newsize = Long.highestOneBit(Math.max(1, size - 1)) << (size > 1 ? 1 : 0);
        if (newsize <= max / 32) {
            return (int) newsize * 4;
        }
        if (newsize <= max / 4) {
            return (int) newsize * 2;
        }
        return max;
    }

    /**
     * mm/shmem.c: shmem_get_folio_gfp (SGP_CACHE, from shmem_fault) — the cached folio, or a new
     * one: swap-backed, zeroed and up to date, added to the cache and queued for the LRU.
     *
     * @return the folio with a reference for the caller, or {@link #OOM}
     */
    public int shmemGetFolio(Inode inode, long index) {
        trace.enter(FilemapEvents.SHMEM_GET_FOLIO, inode.ino(), index);
        int pfn = inode.folio(index);
        if (pfn != Inode.NONE) {
            swap.folioGet(pfn);
        } else {
            pfn = pageAlloc.allocPages(GFP_PAGECACHE, 0);
            if (pfn >= 0) {
                addFolio(inode, index, pfn, false);
                mem.setFlag(pfn, PageFlag.PG_uptodate);
            }
        }
        trace.exit(pfn < 0 ? -1 : pfn);
        return pfn < 0 ? OOM : pfn;
    }

    /**
     * folio_mark_dirty: the first dirtying of a written-back file's folio counts in NR_FILE_DIRTY;
     * shmem has nothing to write back (noop_dirty_folio) and only sets the flag.
     */
    public void folioMarkDirty(int pfn) {
        if (mem.test(pfn, PageFlag.PG_dirty)) {
            return;
        }
        mem.setFlag(pfn, PageFlag.PG_dirty);
        if (!mem.test(pfn, PageFlag.PG_swapbacked)) {
            // mm/page-writeback.c: folio_account_dirtied
            accountDirty(pfn, 1);
        }
        trace.point(FilemapEvents.FOLIO_MARK_DIRTY, pfn);
    }

    /**
     * ext4_page_mkwrite → block_page_mkwrite: a folio about to be written through a shared
     * mapping gets buffer heads (PG_private) and is dirtied.
     */
    public void pageMkwrite(int pfn) {
        mem.setFlag(pfn, PageFlag.PG_private);
        trace.point(FilemapEvents.PAGE_MKWRITE, pfn);
        folioMarkDirty(pfn);
    }

    /** The dirty limits' enforcement, for the flusher's background work. */
    public DirtyThrottle dirtyThrottle() {
        return dirtyThrottle;
    }

    /**
     * do_writepages → ext4_writepages over pages [start, end] of a file: each dirty folio is
     * written — folio_clear_dirty_for_io moves its dirtiness to the write (Dirty: falls) and
     * folio_start_writeback submits it (Writeback: rises). shmem has no writeback
     * (mapping_can_writeback is false). The folios' mappings are not write-protected (folio_mkclean
     * is not modelled): a dirty PTE passes its dirtiness on when it is unmapped.
     *
     * @return the folios written
     */
    public int writepages(Inode inode, long start, long end) {
        if (inode.shmem() || inode.nrpages() == 0) {
            return 0;
        }
        long last = Math.min(end, inode.sizePages() - 1);
        int written = 0;
        for (long index = start; index <= last; index++) {
            int pfn = inode.folio(index);
            if (pfn != Inode.NONE && mem.test(pfn, PageFlag.PG_dirty) && !mem.test(pfn, PageFlag.PG_writeback)) {
                if (written == 0) {
                    trace.enter(FilemapEvents.WRITEPAGES, inode.ino(), start, last);
                }
                // mm/page-writeback.c: folio_clear_dirty_for_io, then folio_start_writeback
                mem.clearFlag(pfn, PageFlag.PG_dirty);
                accountDirty(pfn, -1);
                writeback.folioStartWriteback(pfn);
                trace.point(FilemapEvents.FOLIO_START_WRITEBACK, pfn, inode.ino(), index);
                written++;
            }
        }
        if (written > 0) {
            trace.exit(written);
        }
        return written;
    }

    /** What a read did: the pages it read and the open file's readahead state after it. */
    public record ReadResult(long pages, Readahead ra) {
    }

    /**
     * mm/filemap.c: filemap_read of {@code nr} whole pages from {@code index} through an open file
     * whose readahead state is {@code ra}: batches of cached, up-to-date pages
     * (filemap_get_read_batch, which stops after a PG_readahead one); a miss reads ahead
     * (page_cache_sync_ra) or reads the page alone; reaching a PG_readahead folio starts the next
     * window (page_cache_async_ra); every folio read is marked accessed, except the first of a
     * batch when the previous read ended in it. Reads stop at EOF. A shmem object's holes read as
     * zeroes without a folio (shmem_file_read_iter).
     */
    public ReadResult read(Inode inode, Readahead ra, long index, long nr) {
        long end = Math.min(index + nr, inode.sizePages());
        long pos = index;
        long lastPos = ra.prevPos();
        while (pos < end) {
            if (inode.shmem()) {
                int pfn = inode.folio(pos);
                if (pfn != Inode.NONE && !samePage(pos << 12, lastPos - 1)) {
                    swap.folioMarkAccessed(pfn);
                }
                pos++;
                lastPos = pos << 12;
                continue;
            }
            List<Integer> batch = readBatch(inode, pos, end - 1);
            if (batch.isEmpty()) {
                ra = syncRa(inode, ra, pos, end - pos);
                batch = readBatch(inode, pos, end - 1);
            }
            if (batch.isEmpty()) {
                // filemap_create_folio
                int pfn = pageAlloc.allocPages(GFP_PAGECACHE, 0);
                if (pfn < 0) {
                    break;
                }
                addFolio(inode, pos, pfn, false);
                readFolio(pfn);
                swap.folioPut(pfn);
                batch = List.of(pfn);
            }
            int last = batch.getLast();
            if (mem.test(last, PageFlag.PG_readahead)) {
                ra = asyncRa(inode, ra, last, end - mem.index(last));
            }
            for (int i = 0; i < batch.size(); i++) {
                if (i > 0 || !samePage(pos << 12, lastPos - 1)) {
                    swap.folioMarkAccessed(batch.get(i));
                }
                pos++;
                lastPos = pos << 12;
            }
        }
        return new ReadResult(pos - index, ra.readTo(lastPos));
    }

    /** pos_same_folio for order-0 folios. */
    private static boolean samePage(long pos1, long pos2) {
        return pos1 >> 12 == pos2 >> 12;
    }

    /**
     * filemap_get_read_batch: the cached folios from {@code index} up to {@code max}, at most a
     * folio_batch of them, stopping at a hole and after a folio not up to date or marked
     * PG_readahead.
     */
    private List<Integer> readBatch(Inode inode, long index, long max) {
        List<Integer> batch = new ArrayList<>();
        for (long i = index; i <= max && batch.size() < LruBatches.PAGEVEC_SIZE; i++) {
            int pfn = inode.folio(i);
            if (pfn == Inode.NONE) {
                break;
            }
            batch.add(pfn);
            if (!mem.test(pfn, PageFlag.PG_uptodate) || mem.test(pfn, PageFlag.PG_readahead)) {
                break;
            }
        }
        return batch;
    }

    /**
     * generic_perform_write of whole pages from {@code index}: each page's folio is found or
     * created (write_begin, with __GFP_WRITE; a whole-page write needs no read), given buffer
     * heads if it has none (ext4), copied into and dirtied (write_end); the file grows to cover the
     * write.
     *
     * @return the pages written; fewer when memory or the file's index space runs out
     */
    public long write(Inode inode, long index, long nr) {
        long done = 0;
        for (long i = index; i < index + nr && i < inode.maxPages(); i++) {
            int pfn = inode.folio(i);
            if (pfn == Inode.NONE) {
                pfn = pageAlloc.allocPages(GFP_PAGECACHE | Gfp.__GFP_WRITE, 0);
                if (pfn < 0) {
                    break;
                }
                addFolio(inode, i, pfn, true);
                swap.folioPut(pfn);
            }
            if (i + 1 > inode.sizePages()) {
                inode.setSizePages(i + 1);
            }
            if (!inode.shmem()) {
                // ext4_block_write_begin: create_empty_buffers on a folio without buffers
                mem.setFlag(pfn, PageFlag.PG_private);
            }
            // block_commit_write dirties the buffers (and the folio) before marking it up to date
            folioMarkDirty(pfn);
            mem.setFlag(pfn, PageFlag.PG_uptodate);
            done++;
            if (!inode.shmem()) {
                // balance_dirty_pages_ratelimited (shmem's backing device has no writeback)
                dirtyThrottle.balanceDirtyPages();
            }
        }
        return done;
    }
}
