package dev.folioscope.kernel.compaction;

import dev.folioscope.kernel.filemap.Filemap;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.rmap.FolioRmap;
import dev.folioscope.kernel.swap.Swap;
import dev.folioscope.kernel.swap.SwapState;
import dev.folioscope.kernel.trace.CompactionEvents;
import dev.folioscope.kernel.trace.Errno;
import dev.folioscope.kernel.trace.Trace;
import java.util.Arrays;

/**
 * mm/migrate.c as compaction drives it, for the order-0 LRU folios it isolates: anonymous ones,
 * anonymous ones in the swap cache, and the page-cache folios of ext4 files and shmem objects.
 * migrate_pages takes a target for each folio and moves them (migrate_pages_batch:
 * migrate_folio_unmap, then migrate_folio_move); a folio moves through its mapping's
 * migrate_folio (move_to_new_folio: migrate_folio without a mapping, for shmem and for the swap
 * cache; ext4's buffer_migrate_folio, which moves the buffer heads too), which checks its
 * references, moves its slot in the page cache or the swap cache (folio_migrate_mapping) and
 * copies its flags (folio_migrate_flags).
 *
 * <p>try_to_migrate and remove_migration_ptes are folded into one pass over the folio's PTEs
 * ({@link FolioRmap#removeMigrationPtes}); the migration entries the kernel puts in between are
 * not modelled, for nothing runs while a folio moves. For the same reason the kernel's retries
 * of a folio that failed with -EAGAIN (three asynchronous passes, then seven synchronous ones
 * for a synchronous caller, migrate_pages_sync) are not either: a folio that fails once fails
 * each time, so it is reported once.
 */
final class Migrate {
    /** migrate_pages' outcome: folios moved and failed, -ENOMEM, and the folios to put back, in order. */
    record Result(int succeeded, int failed, boolean enomem, int[] putback) {
    }

    private final MemMap mem;
    private final FolioRmap rmap;
    private final Filemap filemap;
    private final SwapState swapState;
    private final Swap swap;
    private final Trace trace;

    Migrate(MemMap mem, FolioRmap rmap, Filemap filemap, SwapState swapState, Swap swap, Trace trace) {
        this.mem = mem;
        this.rmap = rmap;
        this.filemap = filemap;
        this.swapState = swapState;
        this.swap = swap;
        this.trace = trace;
    }

    /**
     * folio_mapping is not NULL: the folio is in a file's page cache or in the swap cache (an
     * anonymous folio's mapping names its anon_vma, which is not an address_space).
     */
    static boolean folioHasMapping(MemMap mem, int pfn) {
        if (mem.isAnon(pfn)) {
            return mem.test(pfn, PageFlag.PG_swapbacked) && mem.test(pfn, PageFlag.PG_swapcache);
        }
        return mem.mapping(pfn) != 0;
    }

    /**
     * folio_expected_ref_count: one reference per PTE, and one for the swap cache (an anonymous
     * folio) or the page cache (a file's). The kernel counts one more for PG_private (a folio's
     * buffer heads); the model counts no reference for buffer heads, here as everywhere.
     */
    private int folioExpectedRefCount(int pfn) {
        return (folioHasMapping(mem, pfn) ? 1 : 0) + mem.mapcount(pfn);
    }

    /**
     * migrate_pages (MR_COMPACTION) of the isolated folios {@code from}, in order: each takes a
     * target from compaction_alloc in migrate_folio_unmap; when none is left (-ENOMEM) the folios
     * that have one are moved and the rest are not tried. A folio that cannot move gives its
     * target back (compaction_free) and counts as failed; the -ENOMEM one does too, the untried
     * ones after it do not. The caller puts back what is returned (putback_movable_pages).
     */
    Result migratePages(int[] from, Scanners cc) {
        int[] dst = new int[from.length];
        int n = 0;
        for (; n < from.length; n++) {
            dst[n] = cc.compactionAlloc();
            if (dst[n] < 0) {
                break;
            }
        }
        int succeeded = 0;
        int[] putback = new int[from.length];
        int nPutback = 0;
        for (int i = 0; i < n; i++) {
            int rc = migrateFolio(from[i], dst[i]);
            if (rc == 0) {
                succeeded++;
                continue;
            }
            // migrate_folios_undo: the folio back on the caller's list, its target to compaction_free
            cc.compactionFree(dst[i]);
            trace.point(CompactionEvents.MIGRATE_FOLIO_UNDO, from[i], dst[i], rc);
            putback[nPutback++] = from[i];
        }
        int failed = nPutback;
        boolean enomem = n < from.length;
        if (enomem) {
            failed++;
            for (int i = n; i < from.length; i++) {
                putback[nPutback++] = from[i];
            }
        }
        return new Result(succeeded, failed, enomem, Arrays.copyOf(putback, nPutback));
    }

    /**
     * migrate_folio_unmap then migrate_folio_move of isolated folio {@code src} (its isolation
     * reference held, off the LRU) to {@code dst}, a page compaction_alloc took (its reference
     * 1). A folio under writeback is refused (-EBUSY: only MIGRATE_SYNC waits for it, and
     * compaction's isolation does not take such folios in the modes it uses); so is one with a
     * reference beyond its expected ones and the isolation's (-EAGAIN, from the mapping's
     * migrate_folio). Otherwise dst takes src's place in its cache (folio_migrate_mapping), its
     * buffer heads (PG_private: buffer_migrate_folio → filemap_migrate_folio), its flags
     * (folio_migrate_flags), goes to the LRU through the running CPU's lru_add batch and takes
     * src's PTEs; src, a page-cache folio's mapping cleared (move_to_new_folio), loses its last
     * reference and is freed (migrate_folio_done).
     *
     * @return 0, or -EBUSY or -EAGAIN with nothing changed
     */
    private int migrateFolio(int src, int dst) {
        // mm/migrate.c: migrate_folio_unmap
        if (mem.test(src, PageFlag.PG_writeback)) {
            return -Errno.EBUSY;
        }
        // mm/migrate.c: __migrate_folio, __buffer_migrate_folio (after try_to_migrate took the PTEs'
        // references, src holds its expected ones and the isolation's)
        if (mem.refcount(src) != folioExpectedRefCount(src) + 1) {
            return -Errno.EAGAIN;
        }
        int mapcount = mem.mapcount(src);
        folioMigrateMapping(src, dst);
        if (mem.test(src, PageFlag.PG_private)) {
            // folio_attach_private(dst, folio_detach_private(src)): the buffer heads now describe dst
            mem.clearFlag(src, PageFlag.PG_private);
            mem.setFlag(dst, PageFlag.PG_private);
        }
        folioMigrateFlags(dst, src);
        if (!mem.isAnon(src)) {
            // move_to_new_folio: a page-cache folio's mapping is cleared before it is freed
            mem.setMapping(src, 0);
        }
        // mm/migrate.c: migrate_folio_move — dst to the LRU first, then its PTEs
        swap.folioAddLru(dst);
        rmap.removeMigrationPtes(src, dst);
        trace.point(CompactionEvents.MIGRATE_FOLIO, src, dst, mapcount);
        swap.folioPut(dst);
        swap.folioPut(src);
        return 0;
    }

    /**
     * __folio_migrate_mapping: dst takes src's index and mapping, and PG_swapbacked. A folio
     * without a mapping (anonymous, not in the swap cache) needs no more. Otherwise the cache's
     * reference moves from src to dst, with PG_swapcache and the swap entry (folio->swap) for the
     * swap cache, and PG_dirty; and the cache's slot — the file's i_pages entry, or the swap
     * cache's for the entry — holds dst. (The kernel also moves the cache's counters when dst is
     * in another zone; compaction's targets are in the same zone.)
     */
    private void folioMigrateMapping(int src, int dst) {
        // mm/migrate.c: __folio_migrate_mapping
        boolean mapping = folioHasMapping(mem, src);
        mem.setIndex(dst, mem.index(src));
        mem.setMapping(dst, mem.mapping(src));
        if (mem.test(src, PageFlag.PG_swapbacked)) {
            mem.setFlag(dst, PageFlag.PG_swapbacked);
        }
        if (!mapping) {
            return;
        }
        mem.setRefcount(dst, mem.refcount(dst) + 1);
        boolean swapcache = mem.isAnon(src);
        if (swapcache) {
            mem.setFlag(dst, PageFlag.PG_swapcache);
            mem.setPrivate(dst, mem.privateField(src));
        }
        boolean dirty = mem.test(src, PageFlag.PG_dirty);
        if (dirty) {
            mem.clearFlag(src, PageFlag.PG_dirty);
            mem.setFlag(dst, PageFlag.PG_dirty);
        }
        if (swapcache) {
            swapState.swapCacheReplaceFolio(src, dst);
        } else {
            filemap.migrateFolioSlot(src, dst);
        }
        mem.setRefcount(src, mem.refcount(src) - 1);
        trace.point(CompactionEvents.FOLIO_MIGRATE_MAPPING, src, dst, swapcache ? 1 : 0,
                swapcache ? -1 : Filemap.inodeOf(mem, dst), swapcache ? swapState.folioSwapOffset(dst) : mem.index(dst),
                dirty ? 1 : 0);
    }

    /**
     * folio_migrate_flags: PG_referenced, PG_uptodate, PG_workingset, PG_checked (the bit of
     * PG_swapcache), PG_mappedtodisk (the bit of PG_anon_exclusive), PG_dirty, PG_young, PG_idle
     * and PG_readahead (the bit of PG_reclaim) are copied; PG_active, or else PG_unevictable,
     * moves; src loses PG_swapcache, PG_private and its private field.
     */
    private void folioMigrateFlags(int dst, int src) {
        // mm/migrate.c: folio_migrate_flags
        for (PageFlag f : new PageFlag[] {PageFlag.PG_referenced, PageFlag.PG_uptodate, PageFlag.PG_workingset,
                PageFlag.PG_owner_priv_1, PageFlag.PG_mappedtodisk, PageFlag.PG_dirty, PageFlag.PG_young,
                PageFlag.PG_idle, PageFlag.PG_readahead}) {
            if (mem.test(src, f)) {
                mem.setFlag(dst, f);
            }
        }
        if (mem.test(src, PageFlag.PG_active)) {
            mem.clearFlag(src, PageFlag.PG_active);
            mem.setFlag(dst, PageFlag.PG_active);
        } else if (mem.test(src, PageFlag.PG_unevictable)) {
            mem.clearFlag(src, PageFlag.PG_unevictable);
            mem.setFlag(dst, PageFlag.PG_unevictable);
        }
        if (mem.test(src, PageFlag.PG_swapbacked) && mem.test(src, PageFlag.PG_swapcache)) {
            mem.clearFlag(src, PageFlag.PG_swapcache);
        }
        mem.clearFlag(src, PageFlag.PG_private);
        mem.setPrivate(src, 0);
    }
}
