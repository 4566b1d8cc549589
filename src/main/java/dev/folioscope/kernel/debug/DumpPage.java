package dev.folioscope.kernel.debug;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmzone.PerCpuPages;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.page.MemMap;
import dev.folioscope.kernel.page.PageFlag;

/**
 * mm/debug.c: dump_page, for the debugger's page view: where a page is — in a free block on a buddy
 * list (found as is_free_buddy_page finds it), in a block cached on a per-CPU list, or neither
 * (allocated, reserved, or a hole).
 */
public final class DumpPage {
    private DumpPage() {
    }

    /** Where a page is. */
    public enum Place {
        /** Inside a free block on a buddy list. */
        BUDDY,
        /** Inside a free block cached on a CPU's per-CPU list. */
        PCP,
        /** PG_reserved: never handed to the allocator (or a hole). */
        RESERVED,
        /** None of the above: part of an allocated block. */
        IN_USE
    }

    /**
     * @param head the first pfn of the block holding the page (BUDDY, PCP), else the page itself
     * @param order the block's order (BUDDY, PCP), else -1
     * @param mt the list's migratetype (BUDDY, PCP), else -1
     * @param cpu the CPU whose list it is (PCP), else -1
     */
    public record Location(Place place, int head, int order, int mt, int cpu) {
    }

    /** Where {@code pfn} is; a pfn outside every zone is RESERVED. */
    public static Location locate(Kernel k, int pfn) {
        MemMap mem = k.mem();
        Zone zone = k.node().zoneOfPfn(pfn);
        if (zone == null) {
            return new Location(Place.RESERVED, pfn, -1, -1, -1);
        }
        for (int order = 0; order < Zone.NR_PAGE_ORDERS; order++) {
            int head = pfn & ~((1 << order) - 1);
            if (zone.spansPfn(head) && mem.isBuddy(head) && mem.buddyOrder(head) >= order) {
                return new Location(Place.BUDDY, head, mem.buddyOrder(head), mem.pageblockMigratetype(head), -1);
            }
        }
        for (int cpu = 0; cpu < zone.pagesetCount(); cpu++) {
            PerCpuPages pcp = zone.pcp(cpu);
            for (int pindex = 0; pindex < PerCpuPages.NR_PCP_LISTS; pindex++) {
                int order = PerCpuPages.pindexOrder(pindex);
                for (int p = pcp.first(pindex); p != MemMap.NO_PFN; p = mem.next(p)) {
                    if (pfn >= p && pfn < p + (1 << order)) {
                        return new Location(Place.PCP, p, order, PerCpuPages.pindexMigratetype(pindex), cpu);
                    }
                }
            }
        }
        return new Location(mem.test(pfn, PageFlag.PG_reserved) ? Place.RESERVED : Place.IN_USE, pfn, -1, -1, -1);
    }
}
