package dev.folioscope.kernel.mmzone;

import java.util.Arrays;
import java.util.List;

/**
 * pg_data_t: one NUMA node and its zones. Folioscope models a single node (node 0), so the
 * zonelist is this node's populated zones from the highest index down (build_zonerefs_node).
 */
public final class PglistData {
    private final int nodeId;
    private final Zone[] zones;

    public PglistData(int nodeId, List<Zone> zones) {
        this.nodeId = nodeId;
        this.zones = zones.toArray(Zone[]::new);
    }

    public PglistData fork() {
        return new PglistData(nodeId, Arrays.stream(zones).map(Zone::fork).toList());
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
        return List.of(zones);
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

    /** node_zonelists[ZONELIST_FALLBACK]: populated zones, highest index first. */
    public List<Zone> zonelist() {
        return Arrays.stream(zones).filter(Zone::isPopulated)
                .sorted((a, b) -> Integer.compare(b.index(), a.index())).toList();
    }

    public long digest(long h) {
        for (Zone z : zones) {
            h = z.digest(h);
        }
        return h;
    }
}
