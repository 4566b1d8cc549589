package dev.folioscope.kernel.proc;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.page.MemMap;
import java.util.Locale;

/**
 * /proc/pagetypeinfo (mm/vmstat.c: pagetypeinfo_show): free blocks per order and migratetype, then
 * pageblocks per migratetype, counted as pagetypeinfo_showblockcount_print does: every
 * pageblock_nr_pages from the zone's first pfn to its end, skipping pfns that are not online. Without
 * PAGE_OWNER there is no "mixed blocks" section.
 */
final class Pagetypeinfo {
    private static final int LIST_COUNT_CAP = 100000;

    private Pagetypeinfo() {
    }

    static String render(Kernel k) {
        int nid = k.node().nodeId();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Page block order: %d\n", MemMap.PAGEBLOCK_ORDER));
        sb.append(String.format(Locale.ROOT, "Pages per block:  %d\n", MemMap.PAGEBLOCK_NR_PAGES));
        sb.append('\n');
        sb.append(String.format(Locale.ROOT, "%-43s ", "Free pages count per migrate type at order"));
        for (int order = 0; order < Zone.NR_PAGE_ORDERS; order++) {
            sb.append(String.format(Locale.ROOT, "%6d ", order));
        }
        sb.append('\n');
        for (Zone z : k.node().zones()) {
            if (!z.isPopulated()) {
                continue;
            }
            for (MigrateType mt : MigrateType.values()) {
                sb.append(String.format(Locale.ROOT, "Node %4d, zone %8s, type %12s ", nid, z.name(), mt.procName()));
                for (int order = 0; order < Zone.NR_PAGE_ORDERS; order++) {
                    long n = z.nrFree(order, mt.ordinal());
                    // The kernel stops counting a list at 100000 entries and prints ">100000".
                    sb.append(n >= LIST_COUNT_CAP ? String.format(Locale.ROOT, ">%6d ", LIST_COUNT_CAP) : String.format(Locale.ROOT, "%6d ", n));
                }
                sb.append('\n');
            }
        }
        sb.append(String.format(Locale.ROOT, "\n%-23s", "Number of blocks type "));
        for (MigrateType mt : MigrateType.values()) {
            sb.append(String.format(Locale.ROOT, "%12s ", mt.procName()));
        }
        sb.append('\n');
        for (Zone z : k.node().zones()) {
            if (!z.isPopulated()) {
                continue;
            }
            long[] count = new long[MigrateType.COUNT];
            for (long pfn = z.zoneStartPfn(); pfn < z.zoneEndPfn(); pfn += MemMap.PAGEBLOCK_NR_PAGES) {
                if (k.node().pfnOnline(pfn)) {
                    count[k.mem().pageblockMigratetype((int) pfn)]++;
                }
            }
            sb.append(String.format(Locale.ROOT, "Node %d, zone %8s ", nid, z.name()));
            for (long c : count) {
                sb.append(String.format(Locale.ROOT, "%12d ", c));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
