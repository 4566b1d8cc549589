package dev.folioscope.kernel.pgtable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Tables appear and disappear by pfn; copies share them and never see each other's writes;
 * snapshots refuse writes; a copy costs what is written after it. Byte counts follow the layout:
 * a table is 512 longs behind a 16-byte array header (4112 bytes); the root, a directory and a
 * chunk are each 256 references behind a header (the reference size is the JVM's, as in the
 * store).
 */
class PageTableStoreTest {
    private static final int PFNS_64G = 1 << 24;
    private static final long TABLE = 16 + 512 * 8;
    private static final long NODE = 16 + 256 * (Runtime.getRuntime().maxMemory() < (32L << 30) ? 4 : 8);

    @Test
    void tablesAreCreatedZeroedWrittenAndRemovedByPfn() {
        PageTableStore s = new PageTableStore(PFNS_64G);
        assertFalse(s.isTable(70_000));
        s.create(70_000);
        s.create(PFNS_64G - 1);
        assertTrue(s.isTable(70_000));
        assertEquals(2, s.count());
        assertEquals(0, s.get(70_000, 511));
        s.set(70_000, 511, 0x67);
        assertEquals(0x67, s.get(70_000, 511));
        s.remove(70_000);
        assertFalse(s.isTable(70_000));
        assertEquals(1, s.count());
        assertThrows(IllegalStateException.class, () -> s.get(70_000, 0));
        assertThrows(IllegalStateException.class, () -> s.set(70_000, 0, 1));
        assertThrows(IllegalStateException.class, () -> s.remove(70_000));
        assertThrows(IllegalStateException.class, () -> s.create(PFNS_64G - 1));
        assertThrows(IndexOutOfBoundsException.class, () -> s.isTable(PFNS_64G));
        assertThrows(IndexOutOfBoundsException.class, () -> s.set(PFNS_64G - 1, 512, 1));
        s.create(70_000);
        assertEquals(0, s.get(70_000, 511), "a table made again starts zeroed");
    }

    @Test
    void aForkSeesTheSameTablesAndWritesStayOnTheirSide() {
        PageTableStore a = new PageTableStore(1000);
        a.create(5);
        a.set(5, 0, 50);
        PageTableStore b = a.fork();
        assertEquals(50, b.get(5, 0));
        a.set(5, 0, 51);
        b.set(5, 1, 60);
        b.create(6);
        a.remove(5);
        assertFalse(a.isTable(5));
        assertEquals(50, b.get(5, 0));
        assertEquals(60, b.get(5, 1));
        assertFalse(a.isTable(6));
        assertEquals(0, a.count());
        assertEquals(2, b.count());
    }

    @Test
    void aSnapshotRefusesWritesAndKeepsItsTablesWhileTheOriginalRunsOn() {
        PageTableStore a = new PageTableStore(1000);
        a.create(1);
        a.set(1, 1, 1);
        PageTableStore s = a.snapshot();
        assertTrue(s.isReadOnly());
        assertFalse(a.isReadOnly());
        var e = assertThrows(IllegalStateException.class, () -> s.set(1, 1, 2));
        assertTrue(e.getMessage().contains("snapshots are read-only"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> s.create(2));
        assertThrows(IllegalStateException.class, () -> s.remove(1));
        a.set(1, 1, 3);
        a.create(2);
        assertEquals(1, s.get(1, 1));
        assertFalse(s.isTable(2));
        assertSame(s, s.snapshot(), "a snapshot's snapshot is itself");
        PageTableStore f = s.fork();
        f.set(1, 1, 4);
        assertEquals(1, s.get(1, 1), "a fork of a snapshot leaves it unchanged");
    }

    @Test
    void bytesNotInCountsExactlyThePathsWrittenSinceTheOlderSnapshot() {
        PageTableStore a = new PageTableStore(PFNS_64G);
        long root = NODE; // 256 directories for 2^24 pfns: as large as a directory or chunk
        assertEquals(root, a.bytesNotIn(null));
        a.create(5);
        a.create(6);
        a.create(300); // another chunk of the same directory
        assertEquals(root + NODE + 2 * NODE + 3 * TABLE, a.bytesNotIn(null));
        PageTableStore first = a.snapshot();
        assertEquals(0, a.snapshot().bytesNotIn(first), "a snapshot after no write shares everything");

        a.set(5, 0, 1);
        a.set(5, 1, 1); // the same table: copied once
        PageTableStore second = a.snapshot();
        assertEquals(root + NODE + NODE + TABLE, second.bytesNotIn(first), "root, directory, chunk, table");

        a.set(6, 0, 1); // the snapshot took ownership away: the path is copied again
        a.create(7);
        assertEquals(root + NODE + NODE + 2 * TABLE, a.snapshot().bytesNotIn(second));
        a.remove(300);
        assertEquals(root + NODE + NODE + 2 * TABLE + NODE, a.snapshot().bytesNotIn(second),
                "removing copies the chunk of 300 and adds no table");
        assertThrows(IllegalArgumentException.class, () -> a.bytesNotIn(new PageTableStore(1000)));
    }

    @Test
    void equalContentsAtEqualPfnsDigestEquallyHoweverReached() {
        PageTableStore a = new PageTableStore(5000);
        PageTableStore b = new PageTableStore(5000);
        a.create(4000);
        a.set(4000, 7, 9);
        a.create(10);
        PageTableStore c = a.fork();
        b.create(10);
        b.create(4000);
        b.set(4000, 7, 9);
        assertEquals(a.digest(17), b.digest(17));
        assertEquals(a.digest(17), c.digest(17));
        c.set(10, 0, 4);
        assertNotEquals(a.digest(17), c.digest(17));
        PageTableStore empty = new PageTableStore(5000);
        PageTableStore zeroTable = new PageTableStore(5000);
        zeroTable.create(0);
        assertNotEquals(empty.digest(17), zeroTable.digest(17), "a zeroed table is not no table");
        PageTableStore elsewhere = new PageTableStore(5000);
        elsewhere.create(1);
        assertNotEquals(zeroTable.digest(17), elsewhere.digest(17), "the pfn counts");
    }
}
