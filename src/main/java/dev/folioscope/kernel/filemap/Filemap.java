package dev.folioscope.kernel.filemap;

import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.pagealloc.PageAlloc;
import dev.folioscope.kernel.swap.Swap;
import dev.folioscope.kernel.trace.FilemapEvents;
import dev.folioscope.kernel.trace.TaskEvents;
import dev.folioscope.kernel.trace.Trace;

/**
 * The page cache (mm/filemap.c, mm/readahead.c, the parts of mm/shmem.c that fill it): files'
 * folios found, added and removed by index, read ahead from disk, and dirtied.
 *
 * <p>Disk I/O completes at once: a folio read from disk is up to date before the call that read
 * it returns (the kernel waits for the read in the same places, so the folios each step leaves
 * behind are the same). Writeback comes with reclaim.
 */
public final class Filemap {
    /** VM_READAHEAD_PAGES: read_ahead_kb's default of 128 KiB, the ra_pages of every file. */
    public static final int RA_PAGES = 32;
    /** include/linux/mm.h: MMAP_LOTSAMISS — past it, faults stop reading ahead. */
    static final int MMAP_LOTSAMISS = 100;
    /** A regular file's mapping_gfp_mask. */
    private static final int GFP_PAGECACHE = Gfp.GFP_HIGHUSER_MOVABLE;
    /** readahead_gfp_mask: readahead is an optimisation, so it gives up rather than reclaim hard. */
    private static final int GFP_READAHEAD = GFP_PAGECACHE | Gfp.__GFP_NORETRY | Gfp.__GFP_NOWARN;

    /** include/linux/blkdev.h: PAGE_SECTORS, a page's 512-byte disk sectors. */
    private static final int PAGE_SECTORS = 4096 / 512;
    /** filemap_fault's answer when the page is not ready and the fault must be retried. */
    public static final int RETRY = -2;
    /** No memory for the folio. */
    public static final int OOM = -1;
    /** The page is past the end of the file. */
    public static final int SIGBUS = -3;

    private final PageCache cache;
    private final MemMap mem;
    private final PglistData node;
    private final PageAlloc pageAlloc;
    private final Swap swap;
    private final Trace trace;

    public Filemap(PageCache cache, MemMap mem, PglistData node, PageAlloc pageAlloc, Swap swap, Trace trace) {
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
                removeFolio(inode, index, pfn);
                swap.folioPut(pfn);
            }
        }
        cache.evict(ino);
        trace.point(FilemapEvents.EVICT_INODE, ino);
    }

    /**
     * filemap_add_folio (shmem_add_to_page_cache for shmem): the new folio takes its place in
     * the file's index with a reference of the cache's own, and is queued for the LRU.
     */
    private void addFolio(Inode inode, long index, int pfn) {
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
        swap.folioAddLru(pfn);
    }

    /** __filemap_remove_folio: out of the index, its counters and its dirty accounting; the cache's reference stays for the caller to drop. */
    private void removeFolio(Inode inode, long index, int pfn) {
        inode.set(index, Inode.NONE);
        node.modStat(NodeStat.NR_FILE_PAGES, -1);
        if (inode.shmem()) {
            node.modStat(NodeStat.NR_SHMEM, -1);
        } else if (mem.test(pfn, PageFlag.PG_dirty)) {
            node.modStat(NodeStat.NR_FILE_DIRTY, -1);
        }
        mem.clearFlag(pfn, PageFlag.PG_dirty);
        mem.setMapping(pfn, 0);
        trace.point(FilemapEvents.DELETE_FROM_PAGE_CACHE, inode.ino(), index, pfn);
    }

    /**
     * mm/readahead.c: page_cache_ra_unbounded — allocates a folio for each uncached page of
     * [start, start + nr) below EOF, adds it to the cache, and reads it; the page
     * {@code asyncSize} before the window's end gets PG_readahead. The readahead's own reference
     * goes once the read completes.
     *
     * @return the folios read
     */
    int readahead(Inode inode, long start, int nr, int asyncSize) {
        trace.enter(FilemapEvents.PAGE_CACHE_RA, inode.ino(), start, nr, asyncSize);
        long end = Math.min(start + nr, inode.sizePages());
        long mark = start + nr - asyncSize;
        int read = 0;
        for (long index = start; index < end; index++) {
            if (inode.folio(index) != Inode.NONE) {
                continue;
            }
            int pfn = pageAlloc.allocPages(GFP_READAHEAD, 0);
            if (pfn < 0) {
                break;
            }
            addFolio(inode, index, pfn);
            if (index == mark) {
                mem.setFlag(pfn, PageFlag.PG_readahead);
            }
            readFolio(pfn);
            swap.folioPut(pfn);
            read++;
        }
        trace.exit(read);
        return read;
    }

    /**
     * mm/readahead.c: force_page_cache_ra (fadvise or madvise WILLNEED) — {@code nr} pages from
     * {@code index}, at most ra_pages of them, read in with no PG_readahead marker.
     */
    public void forceReadahead(Inode inode, long index, long nr) {
        readahead(inode, index, (int) Math.min(nr, RA_PAGES), 0);
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
     * filemap_fault for {@code index} of a regular file: a cached folio is returned (and reaching
     * a PG_readahead one starts the next window, do_async_mmap_readahead); a miss reads the
     * readaround window around it (do_sync_mmap_readahead) with the mmap lock dropped, so the
     * fault must be retried ({@link #RETRY}) unless this is the retry.
     *
     * @return the folio, with a reference for the caller, or {@link #RETRY}, {@link #OOM},
     *     {@link #SIGBUS}
     */
    public int filemapFault(Inode inode, long index, boolean tried) {
        trace.enter(FilemapEvents.FILEMAP_FAULT, inode.ino(), index, tried ? 1 : 0);
        int ret = doFilemapFault(inode, index, tried);
        trace.exit(ret < 0 ? -1 : ret);
        return ret;
    }

    private int doFilemapFault(Inode inode, long index, boolean tried) {
        if (index >= inode.sizePages()) {
            return SIGBUS;
        }
        int pfn = inode.folio(index);
        if (pfn != Inode.NONE) {
            if (!tried) {
                asyncMmapReadahead(inode, pfn);
            }
            swap.folioGet(pfn);
            return pfn;
        }
        node.countVmEvents(VmEvent.PGMAJFAULT, 1); // filemap_fault: no page in the page cache at all
        int miss = Math.min(inode.mmapMiss() + 1, MMAP_LOTSAMISS * 10);
        inode.setMmapMiss(miss);
        boolean droppedLock = !tried;
        if (miss <= MMAP_LOTSAMISS) {
            // do_sync_mmap_readahead: read-around, centred on the fault
            long start = Math.max(0, index - RA_PAGES / 2);
            inode.setRa(start, RA_PAGES, RA_PAGES / 4);
            readahead(inode, start, RA_PAGES, RA_PAGES / 4);
        }
        if (droppedLock) {
            return RETRY;
        }
        pfn = inode.folio(index);
        if (pfn == Inode.NONE) {
            // __filemap_get_folio(FGP_CREAT) and filemap_read_folio: this one page alone
            pfn = pageAlloc.allocPages(GFP_PAGECACHE, 0);
            if (pfn < 0) {
                return OOM;
            }
            addFolio(inode, index, pfn);
            readFolio(pfn);
            return pfn;
        }
        swap.folioGet(pfn);
        return pfn;
    }

    /** filemap_map_pages: the folios fault-around found cached count against mmap_miss. */
    public void mapPagesHits(Inode inode, int hits) {
        inode.setMmapMiss(Math.max(0, inode.mmapMiss() - hits));
    }

    /**
     * do_async_mmap_readahead: a hit lowers mmap_miss; a PG_readahead folio is where the previous
     * window wanted the next one to start (page_cache_async_ra).
     */
    private void asyncMmapReadahead(Inode inode, int pfn) {
        if (inode.mmapMiss() > 0) {
            inode.setMmapMiss(inode.mmapMiss() - 1);
        }
        if (mem.test(pfn, PageFlag.PG_readahead)) {
            asyncReadahead(inode, mem.index(pfn));
        }
    }

    /**
     * mm/readahead.c: page_cache_async_ra — the marker is cleared; if it is where the last
     * window expected it, the window moves past the last one and grows (get_next_ra_size),
     * all of it asynchronous; otherwise a fresh window starts at the marker.
     */
    private void asyncReadahead(Inode inode, long index) {
        mem.clearFlag(inode.folio(index), PageFlag.PG_readahead);
        long expected = inode.raStart() + inode.raSize() - inode.raAsyncSize();
        long start;
        int size;
        if (index == expected) {
            start = inode.raStart() + inode.raSize();
            size = nextRaSize(inode.raSize());
        } else {
            start = index + 1;
            size = initRaSize(1);
        }
        inode.setRa(start, size, size);
        readahead(inode, start, size, size);
    }

    /** get_next_ra_size: small windows grow fourfold, larger ones double, up to ra_pages. */
    private static int nextRaSize(int cur) {
        if (cur < RA_PAGES / 16) {
            return 4 * cur;
        }
        if (cur <= RA_PAGES / 2) {
            return 2 * cur;
        }
        return RA_PAGES;
    }

    /** get_init_ra_size: a first window for a read of {@code size} pages. */
    private static int initRaSize(int size) {
        int newsize = Integer.highestOneBit(Math.max(1, size - 1)) << (size > 1 ? 1 : 0);
        if (newsize <= RA_PAGES / 32) {
            return newsize * 4;
        }
        if (newsize <= RA_PAGES / 4) {
            return newsize * 2;
        }
        return RA_PAGES;
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
                addFolio(inode, index, pfn);
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
            node.modStat(NodeStat.NR_FILE_DIRTY, 1);
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

    /**
     * filemap_read for {@code nr} pages from {@code index}: a miss reads ahead from there
     * (page_cache_sync_ra's first window, get_init_ra_size of the request), a PG_readahead folio starts the next window, and each
     * folio read is marked accessed. Reads stop at EOF. A shmem object's holes read as zeroes
     * without a folio (shmem_file_read_iter).
     *
     * @return the pages read
     */
    public long read(Inode inode, long index, long nr) {
        long end = Math.min(index + nr, inode.sizePages());
        long done = 0;
        for (long i = index; i < end; i++) {
            int pfn = inode.folio(i);
            if (pfn == Inode.NONE && !inode.shmem()) {
                int size = initRaSize((int) Math.min(end - i, RA_PAGES));
                int async = size > end - i ? (int) (size - (end - i)) : size >> 1;
                inode.setRa(i, size, async);
                readahead(inode, i, size, async);
                pfn = inode.folio(i);
                if (pfn == Inode.NONE) {
                    break;
                }
            } else if (pfn != Inode.NONE && mem.test(pfn, PageFlag.PG_readahead)) {
                asyncReadahead(inode, i);
            }
            if (pfn != Inode.NONE) {
                swap.folioMarkAccessed(pfn);
            }
            done++;
        }
        return done;
    }

    /**
     * generic_perform_write of whole pages from {@code index}: each page's folio is found or
     * created (write_begin; a whole-page write needs no read), copied into, and dirtied
     * (write_end; ext4 attaches buffer heads to a new folio); the file grows to cover the write.
     *
     * @return the pages written; fewer when memory or the file's index space runs out
     */
    public long write(Inode inode, long index, long nr) {
        long done = 0;
        for (long i = index; i < index + nr && i < inode.maxPages(); i++) {
            int pfn = inode.folio(i);
            if (pfn == Inode.NONE) {
                pfn = pageAlloc.allocPages(GFP_PAGECACHE, 0);
                if (pfn < 0) {
                    break;
                }
                addFolio(inode, i, pfn);
                swap.folioPut(pfn);
                if (!inode.shmem()) {
                    mem.setFlag(pfn, PageFlag.PG_private);
                }
            }
            if (i + 1 > inode.sizePages()) {
                inode.setSizePages(i + 1);
            }
            mem.setFlag(pfn, PageFlag.PG_uptodate);
            folioMarkDirty(pfn);
            done++;
        }
        return done;
    }
}
