package dev.folioscope.kernel;

import dev.folioscope.kernel.base.KernelState;
import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.boot.MachineConfig.ZoneConfig;
import dev.folioscope.kernel.filemap.Fadvise;
import dev.folioscope.kernel.filemap.Filemap;
import dev.folioscope.kernel.filemap.Flusher;
import dev.folioscope.kernel.filemap.PageCache;
import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.memory.Memory;
import dev.folioscope.kernel.mmap.MmapState;
import dev.folioscope.kernel.mmap.MmapSyscalls;
import dev.folioscope.kernel.page.PageFlag;
import dev.folioscope.kernel.pgtable.PageTableStore;
import dev.folioscope.kernel.rmap.AnonVmas;
import dev.folioscope.kernel.rmap.FolioRmap;
import dev.folioscope.kernel.rmap.Rmap;
import dev.folioscope.kernel.task.Syscalls;
import dev.folioscope.kernel.task.Task;
import dev.folioscope.kernel.task.Tasks;
import dev.folioscope.kernel.compaction.Compaction;
import dev.folioscope.kernel.oom.OomKill;
import dev.folioscope.kernel.pagealloc.DirectCompact;
import dev.folioscope.kernel.trace.CompactionEvents.CompactPriority;
import dev.folioscope.kernel.trace.CompactionEvents.CompactResult;
import dev.folioscope.kernel.pagealloc.OutOfMemory;
import dev.folioscope.kernel.pagealloc.PageAlloc;
import dev.folioscope.kernel.trace.OomEvents.OomResult;
import dev.folioscope.kernel.pagealloc.ZoneWatermarks;
import dev.folioscope.kernel.swap.Bdi;
import dev.folioscope.kernel.swap.LruBatches;
import dev.folioscope.kernel.swap.Swap;
import dev.folioscope.kernel.swap.SwapInfo;
import dev.folioscope.kernel.swap.SwapRaInfo;
import dev.folioscope.kernel.swap.SwapState;
import dev.folioscope.kernel.swap.Workingset;
import dev.folioscope.kernel.swap.Writeback;
import dev.folioscope.kernel.trace.Trace;
import dev.folioscope.kernel.trace.Tracer;
import dev.folioscope.kernel.vmscan.KswapdState;
import dev.folioscope.kernel.vmscan.Vmscan;
import dev.folioscope.kernel.vmstat.Vmstat;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated kernel of one machine: its mem_map, its node and zones, and the subsystems that
 * act on them. Deterministic and single-threaded: the same calls in the same order give the
 * same state, bit for bit.
 *
 * <p>Copies are cheap: page state is shared until written (see
 * {@link dev.folioscope.kernel.base.CowIntArray}), zone state is small and copied whole.
 * {@link #snapshot()} makes a read-only kernel, the form checkpoints take: its page state throws on
 * write, every method that would run it throws, and it never changes, so any number of threads may
 * read and {@link #fork()} it at once. {@link #fork()} makes a writable kernel that runs on from the
 * same state; forking a snapshot writes nothing into it. Only a writable kernel runs, on one thread.
 */
public final class Kernel {
    /**
     * The version of the model's semantics. Bump it whenever the same scenario would produce
     * different events: recordings made by another version are refused, not replayed wrongly.
     */
    public static final int MODEL_VERSION = 6;

    /** The largest machine the model accepts: 64 GiB of pfn space. */
    public static final long MAX_PFNS = 1L << 24;

    /** The most CPUs a machine of the model has (the kernel's NR_CPUS for it): ids 0 to 63. */
    public static final int MAX_CPUS = 64;

    /** Upper estimate of the bytes of the kernel object and its subsystems, which hold no state. */
    private static final long KERNEL_BYTES = 1024;

    private final MachineConfig config;
    private final int minFreeKbytes;
    /** my_zero_pfn: the reserved page every read of untouched anonymous memory maps. */
    private final int zeroPfn;
    private final State state;
    private final MemMap mem;
    private final PglistData node;
    private final Trace trace;
    private final PageAlloc pageAlloc;
    private final Swap swap;
    private final Vmscan vmscan;
    /** What reclaim works on, built after the allocator that holds {@link #vmscan}. */
    private final Vmscan.Lru reclaimLru;
    private final Vmstat vmstat;
    private final Memory memory;
    private final Filemap filemap;
    private final Writeback writeback;
    private final Flusher flusher;
    private final Syscalls syscalls;
    /** The OOM killer, built after the allocator that calls it. */
    private final OomKill oomKill;
    /** Compaction, built after the allocator that calls it. */
    private final Compaction compaction;

    /**
     * The state registry: every piece of state a kernel has, in a fixed order. Checkpoints
     * ({@link #fork()}, {@link #snapshot()}), {@link #digest()} and {@link #bytesNotIn} go through
     * it, and KernelStateTest fails when a field of the kernel or of a subsystem holds state that
     * is not listed here.
     *
     * @param mem mem_map: the struct pages
     * @param node the node, its zones, lruvec and counters
     * @param trace the running CPU and task
     * @param lruBatches the per-CPU LRU batches
     * @param pgtables the contents of every page-table page
     * @param anonVmas the anon_vmas and their chains
     * @param tasks the processes and their mms
     * @param mmap the VMA layer's machine-wide state (VMA ids, overcommit)
     * @param pageCache the files and the folios caching them
     * @param swapInfo the swap device: slots, clusters and the swap cache
     * @param bdi the disk: writes in flight and the flusher's pending work
     * @param swapRa each VMA's swap readahead state
     * @param kswapd kswapd's run in progress, between two of its passes
     */
    private record State(MemMap mem, PglistData node, Trace trace, LruBatches lruBatches, PageTableStore pgtables,
            AnonVmas anonVmas, Tasks tasks, MmapState mmap, PageCache pageCache, SwapInfo swapInfo, Bdi bdi,
            SwapRaInfo swapRa, KswapdState kswapd) {
        List<KernelState<?>> all() {
            return List.of(mem, node, trace, lruBatches, pgtables, anonVmas, tasks, mmap, pageCache, swapInfo, bdi,
                    swapRa, kswapd);
        }

        State fork() {
            return new State(mem.fork(), node.fork(), trace.fork(), lruBatches.fork(), pgtables.fork(),
                    anonVmas.fork(), tasks.fork(), mmap.fork(), pageCache.fork(), swapInfo.fork(), bdi.fork(),
                    swapRa.fork(), kswapd.fork());
        }

        State snapshot() {
            return new State(mem.snapshot(), node.snapshot(), trace.snapshot(), lruBatches.snapshot(),
                    pgtables.snapshot(), anonVmas.snapshot(), tasks.snapshot(), mmap.snapshot(),
                    pageCache.snapshot(), swapInfo.snapshot(), bdi.snapshot(), swapRa.snapshot(), kswapd.snapshot());
        }
    }

    /**
     * {@code state.mem} may be a snapshot: then so is this kernel, and its entry points refuse to
     * run it. The state must be this kernel's own.
     */
    private Kernel(MachineConfig config, int minFreeKbytes, int zeroPfn, State state) {
        this.config = config;
        this.minFreeKbytes = minFreeKbytes;
        this.zeroPfn = zeroPfn;
        this.state = state;
        this.mem = state.mem();
        this.node = state.node();
        this.trace = state.trace();
        this.vmscan = new Vmscan(node, state.kswapd(), trace, this::reclaimLru,
                (order, highestZoneidx) -> Kernel.this.compaction.wakeupKcompactd(order, highestZoneidx));
        this.pageAlloc = new PageAlloc(mem, node, trace, vmscan, new OutOfMemory() {
            @Override
            public OomResult outOfMemory(int gfp, int order, int migratetype) {
                return Kernel.this.oomKill.outOfMemory(gfp, order, migratetype);
            }

            @Override
            public boolean currentIsOomVictim() {
                return Kernel.this.oomKill.currentIsOomVictim();
            }
        }, new DirectCompact() {
            @Override
            public CompactResult tryToCompactPages(int gfp, int order, int allocFlags, int highestZoneidx,
                    CompactPriority prio) {
                return Kernel.this.compaction.tryToCompactPages(gfp, order, allocFlags, highestZoneidx, prio);
            }

            @Override
            public void deferReset(Zone zone, int order, boolean allocSuccess) {
                Kernel.this.compaction.deferReset(zone, order, allocSuccess);
            }
        }, config.sysctl().watermarkBoostFactor());
        this.vmstat = new Vmstat(node, trace, pageAlloc);
        Workingset workingset = new Workingset(node, mem, trace, state.swapInfo()::nrSwapPages);
        this.swap = new Swap(mem, node, state.lruBatches(), trace, pageAlloc, workingset);
        Rmap rmap = new Rmap(mem, node, trace);
        this.writeback = new Writeback(state.bdi(), mem, node, swap, trace);
        SwapState swapState = new SwapState(state.swapInfo(), state.swapRa(), mem, node, swap, writeback, workingset,
                trace, config.pageCluster());
        this.filemap = new Filemap(state.pageCache(), mem, node, pageAlloc, swap, writeback, workingset, trace,
                config.raPages());
        this.flusher = new Flusher(filemap, writeback, trace);
        this.memory = new Memory(mem, node, state.pgtables(), config.paging().l5(), state.anonVmas(), rmap, swap,
                swapState, pageAlloc, vmscan, filemap, trace, zeroPfn);
        FolioRmap folioRmap = new FolioRmap(mem, state.pgtables(), rmap, filemap, state.anonVmas(), swapState,
                () -> state.tasks().alive().stream().map(Task::mm).toList(), trace);
        this.reclaimLru = new Vmscan.Lru(mem, swap, swapState, writeback, filemap, folioRmap, pageAlloc, workingset,
                config.sysctl().swappiness());
        MmapSyscalls mmap = new MmapSyscalls(state.mmap(), trace, memory);
        this.syscalls = new Syscalls(state.tasks(), mmap, memory, filemap, new Fadvise(filemap, mem, swap, trace), trace,
                config.paging().l5());
        this.oomKill = new OomKill(state.tasks(), syscalls, memory, node, trace);
        this.compaction = new Compaction(mem, node, pageAlloc, swap, folioRmap, filemap, swapState, trace,
                config.sysctl().compactionProactiveness(), config.sysctl().extfragThreshold());
    }

    /**
     * Boots a machine as mm_core_init and the initcalls after it would: lays out mem_map and the
     * zones (memmap_init), builds the zonelist and decides on grouping by mobility
     * (build_all_zonelists), hands every managed page to the buddy allocator (memblock_free_all),
     * sizes the per-CPU pagesets (setup_per_cpu_pageset) and computes the watermarks
     * (init_per_zone_wmark_min, which resizes the pagesets to them).
     *
     * <p>Where firmware would scatter reserved pages and holes, the model puts a zone's reserved
     * pages (present - managed) at its start and its holes (spanned - present) at its end.
     *
     * @throws IllegalArgumentException if zones overlap, are out of order, or exceed {@link #MAX_PFNS}
     */
    public static Kernel boot(MachineConfig config) {
        long maxPfn = 0;
        List<Zone> zones = new ArrayList<>();
        for (ZoneConfig zc : config.zones()) {
            if (zc.spanned() > 0) {
                if (zc.startPfn() < maxPfn) {
                    throw new IllegalArgumentException("zone " + zc.type().kernelName() + " starts at pfn "
                            + zc.startPfn() + ", inside the zone below it (which ends at " + maxPfn + ")");
                }
                maxPfn = zc.endPfn();
            }
            zones.add(new Zone(zc.type(), (int) zc.startPfn(), zc.spanned(), zc.present(), zc.managed(),
                    config.cpus()));
        }
        if (maxPfn > MAX_PFNS) {
            throw new IllegalArgumentException("machine spans " + maxPfn + " pfns, more than the " + MAX_PFNS
                    + " (64 GiB) the model supports");
        }
        int zeroPfn = zeroPfn(config);
        if (zeroPfn < 0) {
            // No reserved page to hold the kernel image: one more page above the last zone does.
            zeroPfn = (int) maxPfn++;
        }
        PglistData node = new PglistData(0, zones);
        MemMap mem = new MemMap((int) maxPfn, MigrateType.UNMOVABLE.ordinal());
        memmapInit(mem, config);
        int minFree = ZoneWatermarks.initPerZoneWmarkMin(node, config);
        Kernel k = new Kernel(config, minFree, zeroPfn, new State(mem, node, new Trace(),
                new LruBatches(config.cpus()), new PageTableStore((int) maxPfn), new AnonVmas(), new Tasks(),
                new MmapState(), new PageCache(), new SwapInfo(swapMaxPages(config), config.cpus()), new Bdi(),
                new SwapRaInfo(), new KswapdState()));
        for (ZoneConfig zc : config.zones()) {
            long start = zc.startPfn() + (zc.present() - zc.managed());
            k.freePagesMemory(start, zc.startPfn() + zc.present());
        }
        return k;
    }

    /**
     * mm/mm_init.c: memmap_init_range over each zone's present pages: every pageblock that starts
     * at one of them becomes Movable; the others keep the pageblock bits' initial 0, Unmovable
     * (so a zone starting mid-pageblock, like DMA at pfn 1, has one Unmovable pageblock).
     */
    private static void memmapInit(MemMap mem, MachineConfig config) {
        for (ZoneConfig zc : config.zones()) {
            long first = (zc.startPfn() + MemMap.PAGEBLOCK_NR_PAGES - 1) & ~(MemMap.PAGEBLOCK_NR_PAGES - 1L);
            for (long pfn = first; pfn < zc.startPfn() + zc.present(); pfn += MemMap.PAGEBLOCK_NR_PAGES) {
                mem.setPageblockMigratetype((int) pfn, MigrateType.MOVABLE.ordinal());
            }
        }
    }

    /**
     * mm/memblock.c: __free_pages_memory — frees a pfn range in the largest naturally aligned
     * blocks that fit.
     */
    private void freePagesMemory(long start, long end) {
        while (start < end) {
            int order = start == 0 ? Zone.MAX_PAGE_ORDER
                    : Math.min(Zone.MAX_PAGE_ORDER, Long.numberOfTrailingZeros(start));
            while (start + (1L << order) > end) {
                order--;
            }
            pageAlloc.freePagesCore((int) start, order);
            start += 1L << order;
        }
    }

    /**
     * A writable copy of this kernel that evolves independently, on the same CPU; it starts with
     * no tracer.
     *
     * <p>Context: on a snapshot, any thread, concurrently with other readers: the snapshot is only
     * read. On a writable kernel, the thread running it: this kernel gives up ownership of its page
     * state (O(1)), so its next writes copy what they change.
     */
    public Kernel fork() {
        return new Kernel(config, minFreeKbytes, zeroPfn, state.fork());
    }

    /**
     * A read-only copy of this kernel as it is now, which nothing can change: the state a
     * checkpoint keeps and a seek hands out. This kernel stays writable and runs on; it takes
     * fresh ownership of its page state, as on {@link #fork()}. O(1) in the machine's size, plus a
     * private copy of the zones.
     *
     * <p>Context: as {@link #fork()}.
     *
     * @return a kernel whose page-state writes throw IllegalStateException, as do
     *     {@link #setTracer}, {@link #trace}, {@link #setCpu}, {@link #schedule},
     *     {@link #idleSecond} and {@link #pageAlloc}; reading it and forking it are allowed
     */
    public Kernel snapshot() {
        return new Kernel(config, minFreeKbytes, zeroPfn, state.snapshot());
    }

    /** The state registry, in its fixed order (for the test that nothing is left out of it). */
    List<KernelState<?>> states() {
        return state.all();
    }

    /** Whether this kernel is a {@link #snapshot()}: read-only, never run. */
    public boolean isSnapshot() {
        return mem.isReadOnly();
    }

    private void requireWritable(String what) {
        if (isSnapshot()) {
            throw new IllegalStateException(what + " on a snapshot: snapshots are read-only, fork one to run it");
        }
    }

    /**
     * The bytes this snapshot holds that {@code older}, an earlier snapshot of the same kernel's
     * history, does not share (all of them when {@code older} is null): the page state not shared
     * (counted exactly, see {@link MemMap#bytesNotIn}) plus the state copied whole, estimated
     * from above: every piece of the state registry. What a checkpoint costs, for the recorder's memory budget.
     */
    public long bytesNotIn(Kernel older) {
        long n = KERNEL_BYTES;
        List<KernelState<?>> mine = state.all();
        for (int i = 0; i < mine.size(); i++) {
            n += bytesNotIn(mine.get(i), older == null ? null : older.state.all().get(i));
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static <S extends KernelState<S>> long bytesNotIn(KernelState<?> mine, KernelState<?> older) {
        return ((S) mine).bytesNotIn((S) older);
    }

    /**
     * Routes every event of this kernel to {@code tracer}.
     *
     * @throws IllegalStateException on a snapshot
     */
    public void setTracer(Tracer tracer) {
        requireWritable("setTracer");
        trace.attach(tracer);
    }

    /**
     * What the kernel reports through; workloads report their own steps through it too.
     *
     * @throws IllegalStateException on a snapshot
     */
    public Trace trace() {
        requireWritable("trace");
        return trace;
    }

    /**
     * smp_processor_id: the CPU the kernel runs on (for events about another CPU's pagesets, the
     * CPU whose lists they change; see {@link Trace}).
     */
    public int cpu() {
        return trace.cpu();
    }

    /**
     * Moves the running task to {@code cpu}: what it does next runs there.
     *
     * @throws IllegalArgumentException for a CPU the machine does not have
     * @throws IllegalStateException on a snapshot
     */
    public void setCpu(int cpu) {
        requireWritable("setCpu");
        if (cpu < 0 || cpu >= config.cpus()) {
            throw new IllegalArgumentException("cpu " + cpu + " is not online (the machine has " + config.cpus()
                    + ")");
        }
        trace.setCpu(cpu);
    }

    /**
     * A scheduling point, run to its end: {@link #beginSchedule}, then {@link #continueSchedule}
     * until it is over.
     *
     * @throws IllegalStateException on a snapshot
     */
    public void schedule() {
        boolean more = beginSchedule();
        while (more) {
            more = continueSchedule();
        }
    }

    /**
     * A scheduling point: the operation that was running has returned. The disk completes the
     * writes submitted before (the model's device latency: one operation), then the kernel threads
     * woken meanwhile run: the flusher, kswapd, then kcompactd (which kswapd may have woken).
     * kswapd runs one shrink_node pass per call; a workload that checkpoints between operations
     * calls {@link #continueSchedule} as operations of their own while this returns true.
     *
     * @return whether the scheduling point is not over: kswapd is inside a run
     * @throws IllegalStateException on a snapshot
     */
    public boolean beginSchedule() {
        requireWritable("beginSchedule");
        writeback.completeAll();
        flusher.run();
        return continueSchedule();
    }

    /**
     * The rest of a scheduling point {@link #beginSchedule} left: kswapd's next pass, then, once
     * kswapd is done, kcompactd.
     *
     * @return whether the scheduling point is still not over
     * @throws IllegalStateException on a snapshot
     */
    public boolean continueSchedule() {
        requireWritable("continueSchedule");
        if (vmscan.runKswapd()) {
            return true;
        }
        compaction.runKcompactd();
        return false;
    }

    /** Whether a scheduling point is not over: kswapd is inside a run ({@link #continueSchedule} goes on). */
    public boolean inSchedule() {
        return state.kswapd().inRun();
    }

    /**
     * One second of idle time, the only time the model lets pass: kcompactd's timed wait runs for
     * half a second, the vmstat worker runs on every CPU in turn, and kcompactd waits the other half.
     *
     * @throws IllegalStateException on a snapshot
     */
    public void idleSecond() {
        requireWritable("idleSecond");
        compaction.kcompactdWait(PglistData.HPAGE_FRAG_CHECK_INTERVAL_MSEC);
        for (int cpu = 0; cpu < config.cpus(); cpu++) {
            vmstat.update(cpu);
        }
        compaction.kcompactdWait(PglistData.HPAGE_FRAG_CHECK_INTERVAL_MSEC);
    }

    public MachineConfig config() {
        return config;
    }

    public MemMap mem() {
        return mem;
    }

    public PglistData node() {
        return node;
    }

    /**
     * The page allocator, to run requests on this kernel.
     *
     * @throws IllegalStateException on a snapshot
     */
    public PageAlloc pageAlloc() {
        requireWritable("pageAlloc");
        return pageAlloc;
    }

    /** What reclaim works on (null while the constructor has not built it yet). */
    private Vmscan.Lru reclaimLru() {
        return reclaimLru;
    }

    /**
     * kswapd and reclaim (mm/vmscan.c), to run on this kernel.
     *
     * @throws IllegalStateException on a snapshot
     */
    public Vmscan vmscan() {
        requireWritable("vmscan");
        return vmscan;
    }

    /**
     * Compaction and kcompactd (mm/compaction.c), to run on this kernel.
     *
     * @throws IllegalStateException on a snapshot
     */
    public Compaction compaction() {
        requireWritable("compaction");
        return compaction;
    }

    /**
     * Folio references and the LRU batches (mm/swap.c), to run on this kernel.
     *
     * @throws IllegalStateException on a snapshot
     */
    public Swap swap() {
        requireWritable("swap");
        return swap;
    }

    /** The per-CPU LRU batches, to read. */
    public LruBatches lruBatches() {
        return state.lruBatches();
    }

    /** The processes, to read. */
    public Tasks tasks() {
        return state.tasks();
    }

    /** The contents of the page-table pages, to read. */
    public PageTableStore pgtables() {
        return state.pgtables();
    }

    /** The anon_vmas and their chains, to read. */
    public AnonVmas anonVmas() {
        return state.anonVmas();
    }

    /** The VMA layer's machine-wide state (overcommit, VMA ids), to read. */
    public MmapState mmapState() {
        return state.mmap();
    }

    /** The files and their cached folios, to read. */
    public PageCache pageCache() {
        return state.pageCache();
    }

    /**
     * A file of {@code sizePages} pages on the machine's disk, uncached, as a scenario declares
     * its files before its processes run.
     *
     * @return its inode number, or -1 when the machine has as many files as it may
     * @throws IllegalStateException on a snapshot
     */
    public int createFile(String name, long sizePages) {
        requireWritable("createFile");
        var inode = filemap.createFile(name, sizePages);
        return inode == null ? -1 : inode.ino();
    }

    /** totalram_pages() + total_swap_pages: the scale of the OOM killer's badness (and of /proc/PID/oom_score). */
    public long oomTotalPages() {
        return memory.totalramPages() + memory.totalSwapPages();
    }

    /** my_zero_pfn. */
    public int zeroPfn() {
        return zeroPfn;
    }

    /**
     * The system calls and user accesses of processes, to run on this kernel.
     *
     * @throws IllegalStateException on a snapshot
     */
    public Syscalls syscalls() {
        requireWritable("syscalls");
        return syscalls;
    }

    /**
     * The zero page: a reserved page, as empty_zero_page lies in the kernel image: the first
     * reserved pfn above 0 of the highest zone that has reserved pages (the model puts them at a
     * zone's start), else the first hole page after a zone; -1 on a machine with neither, which
     * gets a reserved page above its last zone.
     */
    private static int zeroPfn(MachineConfig config) {
        for (int i = config.zones().size() - 1; i >= 0; i--) {
            ZoneConfig zc = config.zones().get(i);
            long first = Math.max(1, zc.startPfn());
            if (first < zc.startPfn() + zc.present() - zc.managed()) {
                return (int) first;
            }
        }
        for (ZoneConfig zc : config.zones()) {
            if (zc.spanned() > zc.present()) {
                return (int) (zc.startPfn() + zc.present());
            }
        }
        return -1;
    }

    /** The swap device's pages: machine.swap, at most the 2^24 slots the model's swap map holds. */
    private static int swapMaxPages(MachineConfig config) {
        return (int) Math.min(config.swapBytes() / MachineConfig.PAGE_SIZE, 1 << 24);
    }

    /** The disk: the writes in flight and the flusher's pending work, to read. */
    public Bdi bdi() {
        return state.bdi();
    }

    /** The swap device: its slots, clusters and swap cache, to read. */
    public SwapInfo swapInfo() {
        return state.swapInfo();
    }

    /** vm.min_free_kbytes in force. */
    public int minFreeKbytes() {
        return minFreeKbytes;
    }

    /** A 64-bit digest of the whole kernel state (every piece of the registry): equal states give equal digests. */
    public long digest() {
        long h = 0xcbf29ce484222325L;
        for (KernelState<?> st : state.all()) {
            h = st.digest(h);
        }
        return h;
    }
}
