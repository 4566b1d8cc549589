package dev.folioscope.kernel.mmzone;

import dev.folioscope.kernel.base.KernelState;
import dev.folioscope.kernel.trace.MmzoneEvents;
import dev.folioscope.kernel.trace.PgdatFlag;
import dev.folioscope.kernel.trace.Trace;
import java.util.Arrays;
import java.util.List;

/**
 * pg_data_t: one NUMA node, its zones, its zonelist and its kswapd's state. Folioscope models a
 * single node (node 0).
 *
 * <p>The zonelist is built once, as build_all_zonelists does at boot: the node's populated zones
 * from the highest index down (build_zonerefs_node).
 */
public final class PglistData implements KernelState<PglistData> {
    /** MAX_NR_ZONES: as kswapd_highest_zoneidx, "no request pending". */
    public static final int MAX_NR_ZONES = ZoneType.COUNT;
    /** PAGES_PER_SECTION on x86-64 (SECTION_SIZE_BITS 27): memory comes online in 128 MiB sections. */
    public static final int PAGES_PER_SECTION = 1 << (27 - 12);
    /** MAX_RECLAIM_RETRIES: kswapd failures after which a node counts as hopeless. */
    public static final int MAX_RECLAIM_RETRIES = 16;
    /** mm/compaction.c: kcompactd's timed wait, after which it checks the fragmentation score. */
    public static final int HPAGE_FRAG_CHECK_INTERVAL_MSEC = 500;

    private static final long NODE_BYTES = 1024;
    private static final long ZONE_BYTES = 2048;
    private static final long PAGESET_BYTES = 512;

    private final int nodeId;
    private final Zone[] zones;
    /** {@link #zones} as a list, made once: it is read after every event a recorder records. */
    private final List<Zone> zoneList;
    private final int[] zonelist;
    private final Lruvec lruvec;
    private final long[] vmStat;
    /**
     * vm_event_states: the kernel keeps these per CPU and sums them when read (all_vm_events);
     * the model, with one node, keeps one machine-wide array here beside the node counters, so
     * that checkpoints copy it and the digest covers it.
     */
    private final long[] vmEvents;
    private int kswapdOrder;
    private int kswapdHighestZoneidx = MAX_NR_ZONES;
    private int kswapdFailures;
    private boolean kswapdSleeping = true;
    /** pgdat->flags: {@link PgdatFlag} bits. */
    private int flags;
    /** kswapd()'s local highest_zoneidx, which survives from one wakeup to the next. */
    private int kswapdLastHighestZoneidx = MAX_NR_ZONES - 1;
    /** pgdat->kcompactd_max_order and kcompactd_highest_zoneidx (nr_zones - 1 when unset), and whether kcompactd was woken. */
    private int kcompactdMaxOrder;
    private int kcompactdHighestZoneidx = MAX_NR_ZONES - 1;
    private boolean kcompactdWoken;
    /** What is left of kcompactd's timed wait, in milliseconds of idle time (kcompactd()'s timeout). */
    private int kcompactdTimeoutMs = HPAGE_FRAG_CHECK_INTERVAL_MSEC;

    public PglistData(int nodeId, List<Zone> zones) {
        this.nodeId = nodeId;
        this.zones = zones.toArray(Zone[]::new);
        this.zoneList = List.of(this.zones);
        this.zonelist = Arrays.stream(this.zones).filter(Zone::isPopulated).mapToInt(Zone::index)
                .map(i -> -i).sorted().map(i -> -i).toArray();
        this.lruvec = new Lruvec(Arrays.stream(this.zones).mapToLong(z -> z.zoneStartPfn() + z.spannedPages()).toArray());
        this.vmStat = new long[NodeStat.values().length];
        this.vmEvents = new long[VmEvent.values().length];
    }

    private PglistData(PglistData o) {
        nodeId = o.nodeId;
        zones = Arrays.stream(o.zones).map(Zone::fork).toArray(Zone[]::new);
        zoneList = List.of(zones);
        zonelist = o.zonelist;
        lruvec = o.lruvec.copy();
        vmStat = o.vmStat.clone();
        vmEvents = o.vmEvents.clone();
        kswapdOrder = o.kswapdOrder;
        kswapdHighestZoneidx = o.kswapdHighestZoneidx;
        kswapdFailures = o.kswapdFailures;
        kswapdSleeping = o.kswapdSleeping;
        flags = o.flags;
        kswapdLastHighestZoneidx = o.kswapdLastHighestZoneidx;
        kcompactdMaxOrder = o.kcompactdMaxOrder;
        kcompactdHighestZoneidx = o.kcompactdHighestZoneidx;
        kcompactdWoken = o.kcompactdWoken;
        kcompactdTimeoutMs = o.kcompactdTimeoutMs;
    }

    public int kcompactdMaxOrder() {
        return kcompactdMaxOrder;
    }

    public int kcompactdHighestZoneidx() {
        return kcompactdHighestZoneidx;
    }

    /** Whether kcompactd was woken and has not run since. */
    public boolean kcompactdWoken() {
        return kcompactdWoken;
    }

    /** Sets kcompactd's request and whether it is woken; the caller reports the change. */
    public void setKcompactd(int maxOrder, int highestZoneidx, boolean woken) {
        kcompactdMaxOrder = maxOrder;
        kcompactdHighestZoneidx = highestZoneidx;
        kcompactdWoken = woken;
    }

    /** What is left of kcompactd's timed wait, in milliseconds. */
    public int kcompactdTimeoutMs() {
        return kcompactdTimeoutMs;
    }

    /** Sets what is left of kcompactd's timed wait; the caller reports the change. */
    public void setKcompactdTimeoutMs(int ms) {
        kcompactdTimeoutMs = ms;
    }

    @Override
    public PglistData fork() {
        return new PglistData(this);
    }

    /** node_page_state: a node counter, in pages. */
    public long stat(NodeStat item) {
        return vmStat[item.ordinal()];
    }

    /** mod_node_page_state. */
    public void modStat(NodeStat item, long delta) {
        vmStat[item.ordinal()] += delta;
    }

    /** zone_stat_mod_folio: a {@link ZoneStat} counter of the zone holding folio {@code pfn}. */
    public void modZoneStat(int pfn, ZoneStat item, long delta) {
        zoneOfPfn(pfn).modStat(item, delta);
    }

    /** global_zone_page_state: a {@link ZoneStat} counter summed over the zones (one node). */
    public long zoneStatSum(ZoneStat item) {
        long n = 0;
        for (Zone z : zones) {
            n += z.stat(item);
        }
        return n;
    }

    /** count_vm_events: adds {@code delta} to a VM event counter. */
    public void countVmEvents(VmEvent item, long delta) {
        vmEvents[item.ordinal()] += delta;
    }

    /**
     * A VM event counter summed over CPUs (all_vm_events), as /proc/vmstat prints it. Counters of
     * mechanisms the model does not have stay 0.
     */
    public long vmEvents(VmEvent item) {
        return vmEvents[item.ordinal()];
    }

    /** The node's lruvec (node->__lruvec; memory cgroups are not modelled). */
    public Lruvec lruvec() {
        return lruvec;
    }

    public int nodeId() {
        return nodeId;
    }

    public Zone zone(int zoneIdx) {
        return zones[zoneIdx];
    }

    public Zone zone(ZoneType type) {
        return zones[type.ordinal()];
    }

    /** node_zones[], empty zones included, in zone-index order. */
    public List<Zone> zones() {
        return zoneList;
    }

    /** The zone spanning {@code pfn} (page_zone), or null for a pfn outside every zone. */
    public Zone zoneOfPfn(long pfn) {
        for (Zone z : zones) {
            if (z.spansPfn(pfn)) {
                return z;
            }
        }
        return null;
    }

    /**
     * Whether pfn_to_online_page finds a page: the pfn's memory section holds present pages of a
     * zone. (The model puts each zone's holes at its end, so a hole reaching over whole sections
     * leaves them offline, like the PCI hole below 4 GiB.)
     */
    public boolean pfnOnline(long pfn) {
        long section = pfn & -PAGES_PER_SECTION;
        for (Zone z : zones) {
            long presentEnd = z.zoneStartPfn() + z.presentPages();
            if (z.presentPages() > 0 && z.zoneStartPfn() < section + PAGES_PER_SECTION && section < presentEnd) {
                return true;
            }
        }
        return false;
    }

    /** Number of zones in node_zonelists[ZONELIST_FALLBACK]. */
    public int zonelistLength() {
        return zonelist.length;
    }

    /** The i-th zone of node_zonelists[ZONELIST_FALLBACK]: populated zones, highest index first. */
    public Zone zonelistZone(int i) {
        return zones[zonelist[i]];
    }

    /** pgdat->kswapd_order: the largest order a waker asked kswapd to reclaim for. */
    public int kswapdOrder() {
        return kswapdOrder;
    }

    public void setKswapdOrder(int order) {
        kswapdOrder = order;
    }

    /** pgdat->kswapd_highest_zoneidx; {@link #MAX_NR_ZONES} when no waker set it. */
    public int kswapdHighestZoneidx() {
        return kswapdHighestZoneidx;
    }

    public void setKswapdHighestZoneidx(int zoneIdx) {
        kswapdHighestZoneidx = zoneIdx;
    }

    /** pgdat->kswapd_failures: balance_pgdat runs in a row that reclaimed nothing. */
    public int kswapdFailures() {
        return kswapdFailures;
    }

    public void setKswapdFailures(int failures) {
        kswapdFailures = failures;
    }

    /** Whether kswapd sleeps on pgdat->kswapd_wait (waitqueue_active): only then does a wakeup start it. */
    public boolean kswapdSleeping() {
        return kswapdSleeping;
    }

    public void setKswapdSleeping(boolean sleeping) {
        kswapdSleeping = sleeping;
    }

    /** test_bit on pgdat->flags. */
    public boolean testFlag(PgdatFlag f) {
        return (flags & f.mask()) != 0;
    }

    /** set_bit or clear_bit on pgdat->flags; a PGDAT_FLAG event records a change. */
    public void setFlag(PgdatFlag f, boolean set, Trace trace) {
        if (testFlag(f) != set) {
            flags ^= f.mask();
            trace.point(MmzoneEvents.PGDAT_FLAG, f.ordinal(), set ? 1 : 0);
        }
    }

    /** The highest zone index kswapd balanced for last; kswapd_highest_zoneidx falls back to it. */
    public int kswapdLastHighestZoneidx() {
        return kswapdLastHighestZoneidx;
    }

    public void setKswapdLastHighestZoneidx(int zoneIdx) {
        kswapdLastHighestZoneidx = zoneIdx;
    }

    @Override
    public long digest(long h) {
        for (Zone z : zones) {
            h = z.digest(h);
        }
        h = lruvec.digest(h);
        for (long v : vmStat) {
            h = (h ^ v) * 0x100000001b3L;
        }
        for (long v : vmEvents) {
            h = (h ^ v) * 0x100000001b3L;
        }
        for (long v : new long[] {kswapdOrder, kswapdHighestZoneidx, kswapdFailures, kswapdSleeping ? 1 : 0,
            kswapdLastHighestZoneidx, flags}) {
            h = (h ^ v) * 0x100000001b3L;
        }
        if (kcompactdMaxOrder != 0 || kcompactdHighestZoneidx != MAX_NR_ZONES - 1 || kcompactdWoken) {
            // only when set, so that nodes kcompactd never touched keep their digests
            h = (h ^ kcompactdMaxOrder ^ (long) kcompactdHighestZoneidx << 8 ^ (kcompactdWoken ? 1L << 16 : 0))
                    * 0x100000001b3L;
        }
        if (kcompactdTimeoutMs != HPAGE_FRAG_CHECK_INTERVAL_MSEC) {
            h = (h ^ kcompactdTimeoutMs) * 0x100000001b3L;
        }
        return h;
    }

    /**
     * Upper estimates, worked out from the field layouts with compressed oops: a zone takes about
     * 1.3 KiB, a pageset 280 bytes, the node itself well under a KiB plus its VM event array. The
     * node is copied whole, so all of it is counted whatever {@code older} is.
     */
    @Override
    public long bytesNotIn(PglistData older) {
        long n = NODE_BYTES + Long.BYTES * (long) vmEvents.length;
        for (Zone z : zones) {
            n += ZONE_BYTES + PAGESET_BYTES * z.pagesetCount();
        }
        return n;
    }
}
