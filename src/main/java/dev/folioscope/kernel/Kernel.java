package dev.folioscope.kernel;

import dev.folioscope.kernel.boot.MachineConfig;
import dev.folioscope.kernel.boot.MachineConfig.ZoneConfig;
import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.pagealloc.PageAlloc;
import dev.folioscope.kernel.pagealloc.ZoneWatermarks;
import dev.folioscope.kernel.trace.Tracer;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated kernel of one machine: its mem_map, its node and zones, and the subsystems that
 * act on them. Deterministic and single-threaded: the same calls in the same order give the
 * same state, bit for bit.
 *
 * <p>{@link #fork()} is the checkpoint: a copy that shares page state with this kernel until
 * either side writes (see {@link dev.folioscope.kernel.base.CowIntArray}).
 */
public final class Kernel {
    /**
     * The version of the model's semantics. Bump it whenever the same scenario would produce
     * different events: recordings made by another version are refused, not replayed wrongly.
     */
    public static final int MODEL_VERSION = 1;

    /** The largest machine the model accepts: 64 GiB of pfn space. */
    public static final long MAX_PFNS = 1L << 24;

    private final MachineConfig config;
    private final MemMap mem;
    private final PglistData node;
    private final PageAlloc pageAlloc;
    private final int minFreeKbytes;
    private Tracer tracer = Tracer.NONE;
    private int cpu;

    private Kernel(MachineConfig config, MemMap mem, PglistData node, int minFreeKbytes) {
        this.config = config;
        this.mem = mem;
        this.node = node;
        this.minFreeKbytes = minFreeKbytes;
        this.pageAlloc = new PageAlloc(mem, node, config.sysctl().watermarkBoostFactor());
    }

    /**
     * Boots a machine: lays out mem_map and the zones, hands every managed page to the buddy
     * allocator (memblock_free_all) and computes the watermarks (init_per_zone_wmark_min).
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
            zones.add(new Zone(zc.type(), (int) zc.startPfn(), zc.spanned(), zc.present(), zc.managed()));
        }
        if (maxPfn > MAX_PFNS) {
            throw new IllegalArgumentException("machine spans " + maxPfn + " pfns, more than the " + MAX_PFNS
                    + " (64 GiB) the model supports");
        }
        PglistData node = new PglistData(0, zones);
        MemMap mem = new MemMap((int) maxPfn, MigrateType.MOVABLE.ordinal());
        int minFree = ZoneWatermarks.initPerZoneWmarkMin(node, config.sysctl(), config.thp());
        Kernel k = new Kernel(config, mem, node, minFree);
        for (ZoneConfig zc : config.zones()) {
            long start = zc.startPfn() + (zc.present() - zc.managed());
            k.freePagesMemory(start, zc.startPfn() + zc.present());
        }
        return k;
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

    /** A copy of this kernel that evolves independently; it starts with no tracer. */
    public Kernel fork() {
        return new Kernel(config, mem.fork(), node.fork(), minFreeKbytes);
    }

    /** Routes every event of this kernel to {@code tracer}. */
    public void setTracer(Tracer tracer) {
        this.tracer = tracer;
        pageAlloc.setTracer(tracer);
    }

    /** smp_processor_id: the CPU the kernel is running on, whose per-CPU lists it uses. */
    public int cpu() {
        return cpu;
    }

    /**
     * Moves the running task to {@code cpu}: what it does next runs there.
     *
     * @throws IllegalArgumentException for a CPU the machine does not have
     */
    public void setCpu(int cpu) {
        if (cpu < 0 || cpu >= config.cpus()) {
            throw new IllegalArgumentException("cpu " + cpu + " is not online (the machine has " + config.cpus()
                    + ")");
        }
        this.cpu = cpu;
    }

    /** The tracer events go to; workloads report their own steps through it. */
    public Tracer trace() {
        return tracer;
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

    public PageAlloc pageAlloc() {
        return pageAlloc;
    }

    /** vm.min_free_kbytes in force. */
    public int minFreeKbytes() {
        return minFreeKbytes;
    }

    /** A 64-bit digest of the whole kernel state: equal states give equal digests. */
    public long digest() {
        long h = 0xcbf29ce484222325L;
        h = node.digest(h);
        return mem.digest(h);
    }
}
