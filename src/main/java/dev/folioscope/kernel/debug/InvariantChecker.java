package dev.folioscope.kernel.debug;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.filemap.Filemap;
import dev.folioscope.kernel.filemap.Inode;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.Lruvec;
import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.mmzone.PerCpuPages;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneStat;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.page.PageType;
import dev.folioscope.kernel.pgtable.PageTableLevel;
import dev.folioscope.kernel.pgtable.PageTables;
import dev.folioscope.kernel.pgtable.Pte;
import dev.folioscope.kernel.rmap.Rmap;
import dev.folioscope.kernel.swap.LruBatches;
import dev.folioscope.kernel.swap.Swap;
import dev.folioscope.kernel.task.Task;
import java.util.BitSet;

/**
 * The allocator's invariants as code, in the spirit of CONFIG_DEBUG_VM's VM_BUG_ON checks. Tests
 * run {@link #checkFreeLists} after every event and {@link #checkAccounting} between operations.
 *
 * <p>Free-list invariants (hold at every event):
 * <ul>
 *   <li>every buddy list entry is the head of a free block: PageBuddy, of the list's order,
 *       naturally aligned, inside its zone, refcount 0, with consistent links;
 *   <li>every per-CPU list entry is a block of the list's order, naturally aligned, inside its
 *       zone, not PageBuddy, refcount 0, with consistent links; pcp->count is the pages listed;
 *   <li>blocks never overlap, on whatever list; every PageBuddy page is on a buddy list;
 *   <li>free_area[order].nr_free counts the list entries, NR_FREE_PAGES is the sum of the buddy
 *       blocks' sizes, and nr_free_highatomic the pages on the HighAtomic lists;
 *   <li>two buddies of equal order are never both free, unless their pageblocks' migratetypes may
 *       not merge (order &ge; pageblock_order).
 * </ul>
 * The LRU lists and batches: see {@link #checkLru}; page tables, mapcounts and RSS: see
 * {@link #checkMappings}.
 *
 * <p>Invariants between operations: every pfn is exactly one of free (on a buddy or a per-CPU list),
 * allocated, or reserved/hole; a free page has no reference, PG_lru, mapping or mapcount (nothing
 * is freed that is still on an LRU list, in a page cache or mapped); and every buddy block sits on
 * the list of its first pageblock's migratetype. (The kernel warns about the latter in __add_to_free_list, move_to_free_list and
 * __del_page_from_free_list, for the block at hand; it does not hold in the middle of moving a
 * pageblock's blocks to another list, before the pageblock changes type.)
 */
public final class InvariantChecker {
    private InvariantChecker() {
    }

    /**
     * Checks the free-list invariants, buddy and per-CPU.
     *
     * @return the set of pfns inside free blocks, on either kind of list
     * @throws IllegalStateException naming the first violated invariant, zone and pfn
     */
    public static BitSet checkFreeLists(Kernel k) {
        MemMap mem = k.mem();
        BitSet free = new BitSet(mem.nrPages());
        long listed = 0;
        for (Zone z : k.node().zones()) {
            long pages = 0;
            long highatomic = 0;
            for (int order = 0; order < Zone.NR_PAGE_ORDERS; order++) {
                long blocks = 0;
                for (int mt = 0; mt < MigrateType.COUNT; mt++) {
                    long n = 0;
                    int prev = MemMap.NO_PFN;
                    for (int p = z.freeListHead(order, mt); p != MemMap.NO_PFN; p = mem.next(p)) {
                        checkBlock(k, z, p, order, mt, prev, free);
                        prev = p;
                        n++;
                        pages += 1L << order;
                        highatomic += mt == MigrateType.HIGHATOMIC.ordinal() ? 1L << order : 0;
                    }
                    require(z.freeListTail(order, mt) == prev, z, prev, "free_list[" + mt + "] order " + order
                            + " tail is " + z.freeListTail(order, mt));
                    require(z.nrFree(order, mt) == n, z, -1, "order " + order + " " + MigrateType.of(mt).procName()
                            + " list has " + n + " entries but counts " + z.nrFree(order, mt));
                    blocks += n;
                }
                require(z.nrFree(order) == blocks, z, -1, "free_area[" + order + "].nr_free is " + z.nrFree(order)
                        + " but its lists hold " + blocks + " blocks");
                listed += blocks;
            }
            require(z.freePages() == pages, z, -1, "NR_FREE_PAGES is " + z.freePages() + " but the free lists hold "
                    + pages + " pages");
            require(z.nrFreeHighatomic() == highatomic, z, -1, "nr_free_highatomic is " + z.nrFreeHighatomic()
                    + " but the HighAtomic lists hold " + highatomic + " pages");
            for (int cpu = 0; cpu < z.pagesetCount(); cpu++) {
                checkPageset(k, z, cpu, free);
            }
        }
        long buddies = 0;
        for (int p = 0; p < mem.nrPages(); p++) {
            buddies += mem.isBuddy(p) ? 1 : 0;
        }
        if (buddies != listed) {
            throw new IllegalStateException(buddies + " PageBuddy pages but " + listed + " free-list entries");
        }
        return free;
    }

    private static void checkPageset(Kernel k, Zone z, int cpu, BitSet free) {
        MemMap mem = k.mem();
        PerCpuPages pcp = z.pcp(cpu);
        long pages = 0;
        for (int pindex = 0; pindex < PerCpuPages.NR_PCP_LISTS; pindex++) {
            int order = PerCpuPages.pindexOrder(pindex);
            String list = "CPU " + cpu + " pcp list " + pindex + " (order " + order + ")";
            int prev = MemMap.NO_PFN;
            int n = 0;
            for (int p = pcp.first(pindex); p != MemMap.NO_PFN; p = mem.next(p)) {
                require(!mem.isBuddy(p), z, p, "on " + list + " but PageBuddy");
                checkFreeBlock(mem, z, p, order, prev, free);
                prev = p;
                n++;
                pages += 1L << order;
            }
            require(pcp.last(pindex) == prev, z, prev, list + " tail is " + pcp.last(pindex));
            require(pcp.length(pindex) == n, z, -1, list + " has " + n + " entries but counts " + pcp.length(pindex));
        }
        require(pcp.count == pages, z, -1, "CPU " + cpu + " pcp->count is " + pcp.count + " but its lists hold "
                + pages + " pages");
    }

    private static void checkBlock(Kernel k, Zone z, int p, int order, int mt, int prev, BitSet free) {
        MemMap mem = k.mem();
        require(mem.isBuddy(p), z, p, "on free_list but not PageBuddy");
        require(mem.buddyOrder(p) == order, z, p, "buddy order " + mem.buddyOrder(p) + " on the order-" + order + " list");
        checkFreeBlock(mem, z, p, order, prev, free);
        int buddy = p ^ (1 << order);
        if (order < Zone.MAX_PAGE_ORDER && buddy < mem.nrPages() && z.spansPfn(buddy) && mem.isBuddy(buddy)
                && mem.buddyOrder(buddy) == order) {
            int a = mem.pageblockMigratetype(p);
            int b = mem.pageblockMigratetype(buddy);
            boolean mayNotMerge = order >= MemMap.PAGEBLOCK_ORDER && a != b
                    && (!MigrateType.isMergeable(a) || !MigrateType.isMergeable(b));
            require(mayNotMerge, z, p, "free buddy at pfn 0x" + Integer.toHexString(buddy) + " of the same order "
                    + order + " was not merged");
        }
    }

    /** What every free block satisfies, on a buddy or a per-CPU list; marks its pages free. */
    private static void checkFreeBlock(MemMap mem, Zone z, int p, int order, int prev, BitSet free) {
        require((p & ((1 << order) - 1)) == 0, z, p, "order-" + order + " block not aligned");
        require(z.spansPfn(p) && z.spansPfn(p + (1L << order) - 1), z, p, "block outside its zone");
        require(mem.prev(p) == prev, z, p, "prev link is " + mem.prev(p) + ", expected " + prev);
        require(free.nextSetBit(p) == -1 || free.nextSetBit(p) >= p + (1 << order), z, p, "free blocks overlap");
        for (int q = p; q < p + (1 << order); q++) {
            require(mem.refcount(q) == 0, z, q, "page in a free block has refcount " + mem.refcount(q));
        }
        free.set(p, p + (1 << order));
    }

    /**
     * Checks that free blocks, the given allocated blocks, the pages the kernel's processes use
     * (folios, page tables, folios waiting in LRU batches) and reserved pages or holes cover every
     * pfn exactly once.
     *
     * @param allocated pairs {pfn, order} of every block a caller of alloc_pages still holds
     */
    public static void checkAccounting(Kernel k, Iterable<int[]> allocated) {
        MemMap mem = k.mem();
        BitSet used = checkFreeLists(k);
        checkListMigratetypes(k);
        // Nothing is freed that is still on an LRU list, in a page cache or mapped (reclaim's
        // free_unref_folios and every other free path).
        for (int p = used.nextSetBit(0); p >= 0; p = used.nextSetBit(p + 1)) {
            requirePage(mem.refcount(p) == 0 && !mem.test(p, PageFlag.PG_lru) && mem.mapping(p) == 0
                    && mem.mapcount(p) == 0, p, "is free but has refcount " + mem.refcount(p) + ", mapping "
                    + mem.mapping(p) + ", mapcount " + mem.mapcount(p) + " or PG_lru");
        }
        for (int[] block : allocated) {
            int pfn = block[0];
            int end = pfn + (1 << block[1]);
            int overlap = used.nextSetBit(pfn);
            if (overlap != -1 && overlap < end) {
                throw new IllegalStateException("allocated block at pfn 0x" + Integer.toHexString(pfn) + " order "
                        + block[1] + " overlaps a free or allocated page at 0x" + Integer.toHexString(overlap));
            }
            if (mem.refcount(pfn) != 1) {
                throw new IllegalStateException("allocated block at pfn 0x" + Integer.toHexString(pfn)
                        + " has refcount " + mem.refcount(pfn));
            }
            used.set(pfn, end);
        }
        // a per-CPU LRU batch holds a reference to each folio in it, which may be its last
        for (LruBatches.Batch b : LruBatches.Batch.values()) {
            for (int cpu = 0; cpu < k.config().cpus(); cpu++) {
                for (int p : k.lruBatches().batch(b, cpu)) {
                    used.set(p);
                }
            }
        }
        for (int p = used.nextClearBit(0); p < mem.nrPages(); p = used.nextClearBit(p + 1)) {
            if (mem.refcount(p) > 0 && (PageType.TABLE.test(mem.pageType(p)) || mem.mapcount(p) > 0
                    || mem.test(p, PageFlag.PG_lru) || mem.mapping(p) != 0)) {
                used.set(p);
            }
        }
        for (int p = used.nextClearBit(0); p < mem.nrPages(); p = used.nextClearBit(p + 1)) {
            if (!mem.test(p, PageFlag.PG_reserved)) {
                throw new IllegalStateException("pfn 0x" + Integer.toHexString(p)
                        + " is neither free, allocated nor reserved (leaked)");
            }
        }
    }

    /** Every buddy block is on the list of its first pageblock's migratetype. */
    private static void checkListMigratetypes(Kernel k) {
        MemMap mem = k.mem();
        for (Zone z : k.node().zones()) {
            for (int order = 0; order < Zone.NR_PAGE_ORDERS; order++) {
                for (int mt = 0; mt < MigrateType.COUNT; mt++) {
                    for (int p = z.freeListHead(order, mt); p != MemMap.NO_PFN; p = mem.next(p)) {
                        int block = mem.pageblockMigratetype(p);
                        require(block == mt, z, p, "on the " + MigrateType.of(mt).procName()
                                + " free list but its pageblock is " + MigrateType.of(block).procName());
                    }
                }
            }
        }
    }

    /**
     * The LRU invariants (hold at every event): every folio on an LRU list has PG_lru, a
     * reference, and sits on the list its flags name (folio_lru_list), with consistent links;
     * every PG_lru page is on a list; a folio waiting in a per-CPU lru_add batch has no PG_lru,
     * holds a reference, and waits in one batch only; a folio in an lru_lazyfree batch holds a
     * reference there and waits in no other batch.
     *
     * @throws IllegalStateException naming the first violated invariant and pfn
     */
    public static void checkLru(Kernel k) {
        MemMap mem = k.mem();
        Lruvec lruvec = k.node().lruvec();
        BitSet onList = new BitSet(mem.nrPages());
        for (LruList lru : LruList.values()) {
            int n = 0;
            int prev = MemMap.NO_PFN;
            int[] perZone = new int[k.node().zones().size()];
            for (int p = lruvec.first(lru); p != MemMap.NO_PFN; p = mem.next(p)) {
                perZone[k.node().zoneOfPfn(p).index()]++;
                requirePage(!onList.get(p), p, "is on two LRU lists, or twice on " + lru.kernelName());
                onList.set(p);
                requirePage(mem.test(p, PageFlag.PG_lru), p, "is on " + lru.kernelName() + " without PG_lru");
                requirePage(mem.refcount(p) > 0, p, "is on " + lru.kernelName() + " with refcount "
                        + mem.refcount(p));
                requirePage(Swap.folioLruList(mem, p) == lru, p, "is on " + lru.kernelName()
                        + " but its flags name " + Swap.folioLruList(mem, p).kernelName());
                requirePage(mem.prev(p) == prev, p, "has a broken prev link on " + lru.kernelName());
                prev = p;
                n++;
            }
            requirePage(n == lruvec.size(lru), -1, lru.kernelName() + " counts " + lruvec.size(lru)
                    + " folios but links " + n);
            for (int z = 0; z < perZone.length; z++) {
                requirePage(perZone[z] == lruvec.zoneSize(lru, z), -1, "nr_zone_" + lru.kernelName() + " of zone "
                        + k.node().zone(z).name() + " counts " + lruvec.zoneSize(lru, z) + " but the list has "
                        + perZone[z] + " of its folios");
            }
        }
        BitSet batched = new BitSet(mem.nrPages());
        BitSet lazy = new BitSet(mem.nrPages());
        for (int cpu = 0; cpu < k.config().cpus(); cpu++) {
            for (int p : k.lruBatches().batch(LruBatches.Batch.LRU_ADD, cpu)) {
                requirePage(!batched.get(p), p, "waits in two lru_add batches");
                batched.set(p);
                requirePage(!mem.test(p, PageFlag.PG_lru), p, "waits in CPU " + cpu + "'s lru_add batch with PG_lru");
                requirePage(mem.refcount(p) > 0, p, "waits in an lru_add batch with refcount " + mem.refcount(p));
            }
            for (int p : k.lruBatches().batch(LruBatches.Batch.LRU_LAZYFREE, cpu)) {
                requirePage(!batched.get(p), p, "waits in an lru_lazyfree batch and an lru_add batch");
                requirePage(!lazy.get(p), p, "waits twice in lru_lazyfree batches");
                lazy.set(p);
                requirePage(mem.refcount(p) > 0, p, "waits in an lru_lazyfree batch with refcount " + mem.refcount(p));
            }
        }
        for (int p = 0; p < mem.nrPages(); p++) {
            requirePage(!mem.test(p, PageFlag.PG_lru) || onList.get(p), p, "has PG_lru but is on no LRU list");
        }
    }

    /**
     * The mapping invariants (hold between operations): every folio's mapcount is the number of
     * PTEs of live processes that map it; each mm's anonymous and file RSS counters equal a
     * recount of its PTEs, and its pgtables_bytes the size of its PUD, PMD and PTE tables; every
     * page-table page is typed PageTable and belongs to one tree only, and NR_PAGETABLE and
     * NR_ANON_MAPPED and NR_FILE_MAPPED agree with a count; nothing mapped or used as a table is
     * free; the rmap walk of every mapped folio finds exactly the PTEs that map it; and the page
     * cache holds together (see {@link #checkPageCache}); each zone's write-pending and mlock
     * counters agree with the page flags (see {@link #checkZoneStats}); and every task the OOM killer chose has
     * exited, its mm gone (the running task's SIGKILL is delivered before its operation ends).
     *
     * @throws IllegalStateException naming the first violated invariant
     */
    public static void checkMappings(Kernel k) {
        for (Task t : k.tasks().alive()) {
            requirePage(!t.oomVictim(), -1, "pid " + t.pid() + " was killed by the OOM killer but still has its mm");
        }
        MemMap mem = k.mem();
        int[] mapped = new int[mem.nrPages()];
        int[] swapPtes = new int[Math.max(1, k.swapInfo().maxPages())];
        java.util.TreeMap<Integer, java.util.TreeSet<String>> ptes = new java.util.TreeMap<>();
        BitSet tables = new BitSet(mem.nrPages());
        long[] tableCount = {0};
        for (Task t : k.tasks().alive()) {
            Mm mm = t.mm();
            PageTables pt = new PageTables(k.pgtables(), mm.la57(), null);
            pt.forEachTable((int) mm.pgd(), (level, pfn) -> {
                requirePage(!tables.get(pfn), pfn, "is a page table of two trees (pid " + t.pid() + ")");
                tables.set(pfn);
                tableCount[0]++;
                requirePage(PageType.TABLE.test(mem.pageType(pfn)), pfn, "is a " + level.kernelName()
                        + " table of pid " + t.pid() + " but not typed PageTable");
                requirePage(mem.refcount(pfn) > 0 && !mem.isBuddy(pfn), pfn, "is a page table but free");
            });
            long[] vmpte = {0};
            pt.forEachTable((int) mm.pgd(), (level, pfn) -> {
                if (level == PageTableLevel.PUD || level == PageTableLevel.PMD || level == PageTableLevel.PTE) {
                    vmpte[0] += 4096;
                }
            });
            // kernel/fork.c: check_mm's "non-zero pgtables_bytes": mm_inc_nr_puds/pmds/ptes count each such table
            requirePage(mm.pgtablesBytes() == vmpte[0], -1, "pid " + t.pid() + "'s pgtables_bytes is "
                    + mm.pgtablesBytes() + " but its PUD, PMD and PTE tables take " + vmpte[0]);
            long[] rss = new long[Mm.NR_MM_COUNTERS];
            for (var v : mm.vmas()) {
                pt.forEachPte((int) mm.pgd(), v.start(), v.end(), (addr, slot, pte) -> {
                    if (Pte.isSwap(pte) && !Pte.isProtnone(pte)) {
                        swapPtes[(int) Pte.swpOffset(pte)]++;
                        rss[Mm.MM_SWAPENTS]++;
                        return;
                    }
                    if (!Pte.isPresent(pte) || Pte.special(pte)) {
                        return;
                    }
                    int pfn = (int) Pte.pfn(pte);
                    mapped[pfn]++;
                    ptes.computeIfAbsent(pfn, x -> new java.util.TreeSet<>()).add(t.pid() + "@" + addr);
                    rss[Rmap.mmCounter(mem, pfn)]++;
                    requirePage(mem.refcount(pfn) > 0 && !mem.isBuddy(pfn), pfn, "is mapped at 0x"
                            + Long.toHexString(addr) + " of pid " + t.pid() + " but free");
                });
            }
            for (int c : new int[] {Mm.MM_ANONPAGES, Mm.MM_FILEPAGES, Mm.MM_SHMEMPAGES, Mm.MM_SWAPENTS}) {
                requirePage(mm.rssStat(c) == rss[c], -1, "pid " + t.pid() + "'s rss counter " + c + " is "
                        + mm.rssStat(c) + " but its PTEs map " + rss[c] + " such pages");
            }
        }
        long anonMapped = 0;
        long fileMapped = 0;
        for (int pfn = 0; pfn < mem.nrPages(); pfn++) {
            if (tables.get(pfn) || pfn == k.zeroPfn()) {
                continue;
            }
            int mapcount = mem.mapcount(pfn);
            requirePage(mapcount == mapped[pfn], pfn, "has mapcount " + mapcount + " but " + mapped[pfn]
                    + " PTE(s) map it");
            if (mapcount > 0 && mem.isAnon(pfn)) {
                anonMapped++;
            } else if (mapcount > 0) {
                fileMapped++;
            }
        }
        for (var e : ptes.entrySet()) {
            java.util.TreeSet<String> found = new java.util.TreeSet<>();
            for (RmapWalk.Mapping m : RmapWalk.of(k, e.getKey())) {
                found.add(m.pid() + "@" + m.address());
            }
            requirePage(found.equals(e.getValue()), e.getKey(), "is mapped at " + e.getValue()
                    + " (pid@address) but its rmap walk finds " + found);
        }
        requirePage(k.node().stat(NodeStat.NR_PAGETABLE) == tableCount[0], -1, "NR_PAGETABLE is "
                + k.node().stat(NodeStat.NR_PAGETABLE) + " but the trees hold " + tableCount[0] + " tables");
        requirePage(k.node().stat(NodeStat.NR_ANON_MAPPED) == anonMapped, -1, "NR_ANON_MAPPED is "
                + k.node().stat(NodeStat.NR_ANON_MAPPED) + " but " + anonMapped + " anonymous folios are mapped");
        requirePage(k.node().stat(NodeStat.NR_FILE_MAPPED) == fileMapped, -1, "NR_FILE_MAPPED is "
                + k.node().stat(NodeStat.NR_FILE_MAPPED) + " but " + fileMapped + " page-cache folios are mapped");
        checkPageCache(k);
        checkSwap(k, swapPtes);
        checkZoneStats(k);
    }

    /**
     * Each zone's NR_ZONE_WRITE_PENDING and NR_MLOCK equal a recount of its pages' flags: pages
     * under writeback (PG_writeback, whatever their kind) plus dirty pages (PG_dirty) in the page
     * cache of a file that is written back (mapping_can_writeback: not shmem, not the swap cache);
     * and pages with PG_mlocked.
     */
    private static void checkZoneStats(Kernel k) {
        MemMap mem = k.mem();
        for (Zone z : k.node().zones()) {
            long writePending = 0;
            long mlocked = 0;
            for (long pfn = z.zoneStartPfn(); pfn < Math.min(z.zoneEndPfn(), mem.nrPages()); pfn++) {
                int p = (int) pfn;
                if (mem.test(p, PageFlag.PG_writeback)) {
                    writePending++;
                }
                int ino = Filemap.inodeOf(mem, p);
                if (mem.test(p, PageFlag.PG_dirty) && ino >= 0 && !k.pageCache().get(ino).shmem()) {
                    writePending++;
                }
                if (mem.test(p, PageFlag.PG_mlocked)) {
                    mlocked++;
                }
            }
            require(z.stat(ZoneStat.NR_ZONE_WRITE_PENDING) == writePending, z, -1, "nr_zone_write_pending is "
                    + z.stat(ZoneStat.NR_ZONE_WRITE_PENDING) + " but " + writePending + " of its pages are under"
                    + " writeback or dirty in a file that is written back");
            require(z.stat(ZoneStat.NR_MLOCK) == mlocked, z, -1, "nr_mlock is " + z.stat(ZoneStat.NR_MLOCK)
                    + " but " + mlocked + " of its pages have PG_mlocked");
        }
    }

    /**
     * Each swap slot's count is the number of swap PTEs naming it, SWAP_HAS_CACHE is set exactly
     * when a folio is in the swap cache for it, and that folio is in use, has PG_swapcache and
     * names the slot back; inuse_pages counts the slots in use; NR_SWAPCACHE and NR_WRITEBACK
     * agree with a count, no free page is under writeback or in the swap cache, and the disk's
     * writes in flight are exactly the folios under writeback.
     */
    private static void checkSwap(Kernel k, int[] swapPtes) {
        var si = k.swapInfo();
        MemMap mem = k.mem();
        long inuse = 0;
        long cached = 0;
        for (int off = 1; off < si.maxPages(); off++) {
            int map = si.swapMap(off);
            int folio = si.cachedFolio(off);
            requirePage(si.swapCount(off) == swapPtes[off], -1, "swap slot " + off + " has count "
                    + si.swapCount(off) + " but " + swapPtes[off] + " swap PTE(s) name it");
            boolean hasCache = (map & dev.folioscope.kernel.swap.SwapInfo.SWAP_HAS_CACHE) != 0;
            requirePage(hasCache == (folio >= 0), -1, "swap slot " + off + (hasCache ? " has SWAP_HAS_CACHE but no"
                    + " folio in the swap cache" : " has a folio in the swap cache but no SWAP_HAS_CACHE"));
            if (folio >= 0) {
                cached++;
                requirePage(mem.refcount(folio) > 0 && mem.test(folio, PageFlag.PG_swapcache)
                        && mem.privateField(folio) == off, folio, "is the swap cache's folio of slot " + off
                        + " but is free, lacks PG_swapcache or names another slot");
            }
            if (map != 0) {
                inuse++;
            }
        }
        requirePage(inuse == si.inusePages(), -1, "swap inuse_pages is " + si.inusePages() + " but " + inuse
                + " slots are in use");
        requirePage(k.node().stat(NodeStat.NR_SWAPCACHE) == cached, -1, "NR_SWAPCACHE is "
                + k.node().stat(NodeStat.NR_SWAPCACHE) + " but the swap cache holds " + cached + " folios");
        long writeback = 0;
        for (int pfn = 0; pfn < mem.nrPages(); pfn++) {
            if (mem.test(pfn, PageFlag.PG_writeback)) {
                writeback++;
                requirePage(mem.refcount(pfn) > 0, pfn, "is under writeback but free");
            }
        }
        requirePage(k.node().stat(NodeStat.NR_WRITEBACK) == writeback, -1, "NR_WRITEBACK is "
                + k.node().stat(NodeStat.NR_WRITEBACK) + " but " + writeback + " folios are under writeback");
        // the disk's writes in flight are the folios under writeback, each once
        BitSet inflight = new BitSet(mem.nrPages());
        for (int pfn : k.bdi().inflight()) {
            requirePage(mem.test(pfn, PageFlag.PG_writeback) && !inflight.get(pfn), pfn, "has a write in flight but is"
                    + " not under writeback, or has two");
            inflight.set(pfn);
        }
        requirePage(inflight.cardinality() == writeback, -1, writeback + " folios are under writeback but the disk"
                + " has " + inflight.cardinality() + " writes in flight");
    }

    /**
     * Every folio in a file's index names that file and index, is in use, and holds the cache's
     * reference besides one per PTE; NR_FILE_PAGES, NR_SHMEM and NR_FILE_DIRTY agree with a count.
     */
    private static void checkPageCache(Kernel k) {
        MemMap mem = k.mem();
        long pages = 0;
        long shmem = 0;
        long dirty = 0;
        for (Inode inode : k.pageCache().all()) {
            int found = 0;
            for (long index = 0; index < inode.maxPages() && found < inode.nrpages(); index++) {
                int pfn = inode.folio(index);
                if (pfn == Inode.NONE) {
                    continue;
                }
                found++;
                requirePage(Filemap.inodeOf(mem, pfn) == inode.ino() && mem.index(pfn) == index, pfn,
                        "is page " + index + " of inode " + inode.ino() + " but its mapping and index say inode "
                                + Filemap.inodeOf(mem, pfn) + " page " + mem.index(pfn));
                requirePage(!mem.isBuddy(pfn) && mem.refcount(pfn) >= 1 + mem.mapcount(pfn), pfn,
                        "is in the page cache with refcount " + mem.refcount(pfn) + " and mapcount "
                                + mem.mapcount(pfn));
                requirePage(mem.test(pfn, PageFlag.PG_swapbacked) == inode.shmem(), pfn,
                        "is swap-backed " + mem.test(pfn, PageFlag.PG_swapbacked) + " in a file that is shmem "
                                + inode.shmem());
                if (inode.shmem()) {
                    shmem++;
                } else if (mem.test(pfn, PageFlag.PG_dirty)) {
                    dirty++;
                }
            }
            requirePage(found == inode.nrpages(), -1, "inode " + inode.ino() + " counts " + inode.nrpages()
                    + " pages but its index holds " + found);
            pages += found;
        }
        requirePage(k.node().stat(NodeStat.NR_FILE_PAGES) == pages, -1, "NR_FILE_PAGES is "
                + k.node().stat(NodeStat.NR_FILE_PAGES) + " but the files hold " + pages + " folios");
        requirePage(k.node().stat(NodeStat.NR_SHMEM) == shmem, -1, "NR_SHMEM is "
                + k.node().stat(NodeStat.NR_SHMEM) + " but shmem objects hold " + shmem + " folios");
        requirePage(k.node().stat(NodeStat.NR_FILE_DIRTY) == dirty, -1, "NR_FILE_DIRTY is "
                + k.node().stat(NodeStat.NR_FILE_DIRTY) + " but " + dirty + " file folios are dirty");
    }

    private static void requirePage(boolean ok, long pfn, String what) {
        if (!ok) {
            throw new IllegalStateException((pfn >= 0 ? "pfn 0x" + Long.toHexString(pfn) + " " : "") + what);
        }
    }

    private static void require(boolean ok, Zone z, long pfn, String what) {
        if (!ok) {
            throw new IllegalStateException("zone " + z.name() + (pfn >= 0 ? " pfn 0x" + Long.toHexString(pfn) : "")
                    + ": " + what);
        }
    }
}
