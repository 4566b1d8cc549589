package dev.folioscope.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.proc.ProcFile;
import org.junit.jupiter.api.Test;

/** What boot leaves behind: pageblock types (memmap_init_range) and grouping by mobility (build_all_zonelists). */
class BootTest {
    private static Kernel bootDma(long start, long spanned, long present, long managed) {
        return TestMachines.oneZone(ZoneType.DMA, start, spanned, present, managed);
    }

    @Test
    void aZoneStartingMidPageblockLeavesThatPageblockUnmovable() {
        // The development VMs' DMA zone: pfns 1..4095, 3998 present, 3840 managed.
        Kernel k = bootDma(1, 4095, 3998, 3840);

        assertEquals(MigrateType.UNMOVABLE.ordinal(), k.mem().pageblockMigratetype(1),
                "pfn 0 is not present, so memmap_init_range never marks pageblock 0 Movable");
        for (int pfn = 512; pfn < 4096; pfn += 512) {
            assertEquals(MigrateType.MOVABLE.ordinal(), k.mem().pageblockMigratetype(pfn), "pageblock at " + pfn);
        }
        assertTrue(ProcFile.PAGETYPEINFO.render(k).contains(
                "Node 0, zone      DMA            1            7            0            0            0 \n"));
    }

    @Test
    void mobilityGroupingIsDecidedOnPresentPagesBeforeMemblockFreesThem() {
        // 4096 present pages (8 pageblocks) but only 2000 managed: build_all_zonelists runs while
        // managed still equals present, so grouping stays on (2000 < 5 * 512 would turn it off).
        assertFalse(bootDma(0, 4096, 4096, 2000).pageAlloc().mobilityGroupingDisabled());
        assertTrue(bootDma(0, 2048, 2048, 2048).pageAlloc().mobilityGroupingDisabled());
    }
}
