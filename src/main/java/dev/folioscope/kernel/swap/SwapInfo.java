package dev.folioscope.kernel.swap;

import dev.folioscope.kernel.base.CowIntArray;
import dev.folioscope.kernel.base.KernelState;
import java.util.ArrayList;
import java.util.List;

/**
 * include/linux/swap.h: struct swap_info_struct of the machine's one swap device (type 0), a
 * swap file on a solid-state disk as {@code swapon} sets it up (SWP_SOLIDSTATE, no discard): its
 * swap_map (per slot, the number of swap PTEs naming it, plus SWAP_HAS_CACHE while a folio for
 * it is in the swap cache), its clusters of SWAPFILE_CLUSTER slots on the free, nonfull, frag and
 * full lists (mm/swapfile.c's order-0 allocator), each CPU's current cluster
 * (percpu_swap_cluster), and the swap cache itself (6.18 keeps it in each cluster's swap table:
 * here one array, slot → folio).
 *
 * <p>Slot 0 holds the swap header (SWAP_MAP_BAD) and is never handed out. A device of
 * {@code maxPages} pages offers {@code maxPages - 1} slots (SwapTotal). Swap counts above
 * SWAP_MAP_MAX would need continuation pages (COUNT_CONTINUED), which the model does not have:
 * it keeps the count in an int.
 */
public final class SwapInfo implements KernelState<SwapInfo> {
    /** SWAPFILE_CLUSTER: HPAGE_PMD_NR on x86-64 with THP. */
    public static final int SWAPFILE_CLUSTER = 512;
    /** SWAP_HAS_CACHE: the slot's folio is in the swap cache. */
    public static final int SWAP_HAS_CACHE = 0x40;
    /** SWAP_MAP_BAD: the header slot (and bad blocks). */
    public static final int SWAP_MAP_BAD = 0x3f;
    /** The type of the one device (its index in swap_info[]). */
    public static final int TYPE = 0;

    /** enum swap_cluster_flags, in the kernel's order; the lists the model keeps. */
    enum ClusterFlag {
        NONE, FREE, NONFULL, FRAG, FULL
    }

    private final int maxPages;
    private final CowIntArray swapMap;
    /** The swap cache: slot → pfn + 1 of its folio, a shadow entry (negative), 0 when none. */
    private final CowIntArray swapCache;
    private final int[] clusterCount;
    private final int[] clusterFlag;
    /** One list per {@link ClusterFlag} above NONE, in list order. */
    private final List<List<Integer>> lists;
    /** percpu_swap_cluster.offset[0] of each CPU: the next slot to try, 0 for none. */
    private final int[] percpuOffset;
    private long inusePages;

    /**
     * swapon of a swap file of {@code maxPages} pages (0: the machine has no swap), as
     * setup_swap_map and setup_clusters leave it: the header slot bad, the slots past the end
     * of the last cluster counted as used, clusters holding those on the nonfull list, the
     * others free.
     */
    public SwapInfo(int maxPages, int cpus) {
        this.maxPages = maxPages;
        int nrClusters = (maxPages + SWAPFILE_CLUSTER - 1) / SWAPFILE_CLUSTER;
        swapMap = new CowIntArray(Math.max(1, maxPages), 0);
        swapCache = new CowIntArray(Math.max(1, maxPages), 0);
        clusterCount = new int[nrClusters];
        clusterFlag = new int[nrClusters];
        lists = new ArrayList<>();
        for (int i = 1; i < ClusterFlag.values().length; i++) {
            lists.add(new ArrayList<>());
        }
        percpuOffset = new int[cpus];
        if (maxPages == 0) {
            return;
        }
        swapMap.set(0, SWAP_MAP_BAD);
        clusterCount[0]++;
        for (long i = maxPages; i < (long) nrClusters * SWAPFILE_CLUSTER; i++) {
            clusterCount[(int) (i / SWAPFILE_CLUSTER)]++;
        }
        for (int c = 0; c < nrClusters; c++) {
            ClusterFlag f = clusterCount[c] != 0 ? ClusterFlag.NONFULL : ClusterFlag.FREE;
            clusterFlag[c] = f.ordinal();
            list(f).add(c);
        }
    }

    private SwapInfo(SwapInfo o, boolean snapshot) {
        maxPages = o.maxPages;
        swapMap = snapshot ? o.swapMap.snapshot() : o.swapMap.fork();
        swapCache = snapshot ? o.swapCache.snapshot() : o.swapCache.fork();
        clusterCount = o.clusterCount.clone();
        clusterFlag = o.clusterFlag.clone();
        lists = new ArrayList<>();
        for (List<Integer> l : o.lists) {
            lists.add(new ArrayList<>(l));
        }
        percpuOffset = o.percpuOffset.clone();
        inusePages = o.inusePages;
    }

    @Override
    public SwapInfo fork() {
        return new SwapInfo(this, false);
    }

    @Override
    public SwapInfo snapshot() {
        return new SwapInfo(this, true);
    }

    /** Whether the machine has a swap device. */
    public boolean active() {
        return maxPages > 0;
    }

    /** si->max: the device's pages, the header included. */
    public int maxPages() {
        return maxPages;
    }

    /** si->pages, total_swap_pages: the slots it offers (all but the header). */
    public long pages() {
        return active() ? maxPages - 1 : 0;
    }

    /** si->inuse_pages: slots allocated (counted or only cached). */
    public long inusePages() {
        return inusePages;
    }

    /** get_nr_swap_pages: the free slots. */
    public long nrSwapPages() {
        return pages() - inusePages;
    }

    /** vm_swap_full: less than half the swap space is free. */
    public boolean vmSwapFull() {
        return nrSwapPages() * 2 < pages();
    }

    /** swap_map[offset]: the count, with SWAP_HAS_CACHE. */
    public int swapMap(int offset) {
        return swapMap.get(offset);
    }

    /** swap_count: the PTE references of a slot, without SWAP_HAS_CACHE. */
    public int swapCount(int offset) {
        return swapMap.get(offset) & ~SWAP_HAS_CACHE;
    }

    void setSwapMap(int offset, int value) {
        swapMap.set(offset, value);
    }

    /** The swap cache's folio for a slot (swap_cache_get_folio's lookup), or -1. */
    public int cachedFolio(int offset) {
        int v = swapCache.get(offset);
        return v > 0 ? v - 1 : -1;
    }

    /** The shadow entry a reclaimed folio left in the slot (swap_cache_get_shadow), or 0. */
    public int shadow(int offset) {
        int v = swapCache.get(offset);
        return Workingset.isShadow(v) ? v : 0;
    }

    /** The slot's swap cache entry: the folio {@code pfn}, or nothing for -1. */
    void setCachedFolio(int offset, int pfn) {
        swapCache.set(offset, pfn + 1);
    }

    /** The slot's swap cache entry: a shadow entry. */
    void setShadow(int offset, int shadow) {
        swapCache.set(offset, shadow);
    }

    /** The number of slots in use of cluster {@code c} (header and tail slots included). */
    public int clusterCount(int c) {
        return clusterCount[c];
    }

    public int nrClusters() {
        return clusterCount.length;
    }

    /** The list a cluster is on, by its name in the kernel (free, nonfull, frag, full). */
    public String clusterList(int c) {
        return ClusterFlag.values()[clusterFlag[c]].name().toLowerCase(java.util.Locale.ROOT);
    }

    private List<Integer> list(ClusterFlag f) {
        return lists.get(f.ordinal() - 1);
    }

    /**
     * folio_alloc_swap's slot search for one order-0 folio (swap_alloc_fast, else
     * swap_alloc_slow → cluster_alloc_swap_entry) on {@code cpu}: the CPU's current cluster from
     * its next offset, else the first nonfull cluster, else a free one, else one fragmented
     * cluster; the slot gets SWAP_HAS_CACHE.
     *
     * @return the slot, or 0 when the device is full
     */
    int allocSlot(int cpu) {
        if (!active()) {
            return 0;
        }
        int offset = percpuOffset[cpu];
        if (offset != 0) {
            // swap_alloc_fast: an order-0 allocation may use any cluster
            int c = offset / SWAPFILE_CLUSTER;
            int found = allocScanCluster(c, clusterCount[c] == 0 ? c * SWAPFILE_CLUSTER : offset, cpu);
            if (found != 0) {
                return found;
            }
        }
        int found = allocScanList(ClusterFlag.NONFULL, true, cpu);
        if (found == 0) {
            found = allocScanList(ClusterFlag.FREE, false, cpu);
        }
        if (found == 0) {
            found = allocScanList(ClusterFlag.FRAG, false, cpu);
        }
        return found;
    }

    /** alloc_swap_scan_list: isolates clusters from the list's head and scans each (once unless {@code all}). */
    private int allocScanList(ClusterFlag f, boolean all, int cpu) {
        do {
            List<Integer> l = list(f);
            if (l.isEmpty()) {
                return 0;
            }
            // isolate_lock_cluster: off the list, flag cleared
            int c = l.removeFirst();
            clusterFlag[c] = ClusterFlag.NONE.ordinal();
            int found = allocScanCluster(c, c * SWAPFILE_CLUSTER, cpu);
            if (found != 0) {
                return found;
            }
        } while (all);
        return 0;
    }

    /**
     * alloc_swap_scan_cluster: the first free slot of cluster {@code c} from {@code offset} on
     * (a slot only the swap cache holds is not reclaimed for it: the model's swap is never that
     * full); the cluster is then relocated and the CPU's next offset set after the slot.
     */
    private int allocScanCluster(int c, int offset, int cpu) {
        int start = c * SWAPFILE_CLUSTER;
        int end = Math.min(start + SWAPFILE_CLUSTER, maxPages);
        int found = 0;
        int next = 0;
        if (clusterCount[c] < SWAPFILE_CLUSTER) {
            for (; offset < end; offset++) {
                if (swapMap.get(offset) == 0) {
                    swapMap.set(offset, SWAP_HAS_CACHE);
                    inusePages++;
                    clusterCount[c]++;
                    found = offset;
                    if (clusterCount[c] < SWAPFILE_CLUSTER && offset + 1 < end) {
                        next = offset + 1;
                    }
                    break;
                }
            }
        }
        relocateCluster(c);
        percpuOffset[cpu] = next;
        return found;
    }

    /** relocate_cluster: after an allocation, to the free, frag or full list as its count says. */
    private void relocateCluster(int c) {
        if (clusterCount[c] == 0) {
            moveCluster(c, ClusterFlag.FREE);
        } else if (clusterCount[c] != SWAPFILE_CLUSTER) {
            moveCluster(c, ClusterFlag.FRAG);
        } else {
            moveCluster(c, ClusterFlag.FULL);
        }
    }

    /** move_cluster: to the tail of the list, unless it is on it already. */
    private void moveCluster(int c, ClusterFlag f) {
        if (clusterFlag[c] == f.ordinal()) {
            return;
        }
        if (clusterFlag[c] != ClusterFlag.NONE.ordinal()) {
            list(ClusterFlag.values()[clusterFlag[c]]).remove(Integer.valueOf(c));
        }
        list(f).add(c);
        clusterFlag[c] = f.ordinal();
    }

    /**
     * swap_entries_free for one slot whose count and cache bit are gone: the slot is free again,
     * and its cluster goes to the free list if empty (free_cluster), else to the nonfull one
     * (partial_free_cluster).
     */
    void freeSlot(int offset) {
        swapMap.set(offset, 0);
        // A shadow outlives its folio but not its slot: a new swap-out starts afresh.
        swapCache.set(offset, 0);
        inusePages--;
        int c = offset / SWAPFILE_CLUSTER;
        clusterCount[c]--;
        if (clusterCount[c] == 0) {
            moveCluster(c, ClusterFlag.FREE);
        } else {
            moveCluster(c, ClusterFlag.NONFULL);
        }
    }

    @Override
    public long digest(long h) {
        h = swapMap.digest(h);
        h = swapCache.digest(h);
        for (int[] a : new int[][] {clusterCount, clusterFlag, percpuOffset}) {
            for (int v : a) {
                h = (h ^ v) * 0x100000001b3L;
            }
        }
        for (List<Integer> l : lists) {
            h = (h ^ l.size()) * 0x100000001b3L;
            for (int c : l) {
                h = (h ^ c) * 0x100000001b3L;
            }
        }
        return (h ^ inusePages) * 0x100000001b3L;
    }

    @Override
    public long bytesNotIn(SwapInfo older) {
        long copied = 64 + 16L * clusterCount.length + 4L * percpuOffset.length;
        if (older == null) {
            return copied + swapMap.bytesNotIn(null) + swapCache.bytesNotIn(null);
        }
        return copied + swapMap.bytesNotIn(older.swapMap) + swapCache.bytesNotIn(older.swapCache);
    }
}
