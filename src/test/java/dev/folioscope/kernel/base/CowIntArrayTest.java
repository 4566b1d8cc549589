package dev.folioscope.kernel.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Copies share storage and never see each other's writes; snapshots refuse writes; a copy costs
 * only what is written after it. Byte counts are worked out from the layout: a chunk is 256 ints
 * behind a 16-byte array header, 1040 bytes.
 */
class CowIntArrayTest {
    private static final int PFNS_64G = 1 << 24;
    private static final long CHUNK = 16 + 256 * 4;

    @Test
    void aForkSeesTheSameElementsAndWritesStayOnTheirSide() {
        CowIntArray a = new CowIntArray(100_000, 7);
        a.set(5, 50);
        CowIntArray b = a.fork();
        assertEquals(50, b.get(5));
        assertEquals(7, b.get(99_999));
        a.set(5, 51);
        b.set(6, 60);
        assertEquals(51, a.get(5));
        assertEquals(50, b.get(5));
        assertEquals(7, a.get(6));
        assertEquals(60, b.get(6));
    }

    @Test
    void aSnapshotRefusesWritesAndKeepsItsElementsWhileTheOriginalRunsOn() {
        CowIntArray a = new CowIntArray(1000, 0);
        a.set(1, 1);
        CowIntArray s = a.snapshot();
        assertTrue(s.isReadOnly());
        assertFalse(a.isReadOnly());
        var e = assertThrows(IllegalStateException.class, () -> s.set(1, 2));
        assertTrue(e.getMessage().contains("snapshots are read-only"), e.getMessage());
        a.set(1, 3);
        a.set(2, 4);
        assertEquals(1, s.get(1));
        assertEquals(0, s.get(2));
        assertSame(s, s.snapshot(), "a snapshot's snapshot is itself");
    }

    @Test
    void forksOfASnapshotAreIndependentAndLeaveItUnchanged() {
        CowIntArray a = new CowIntArray(70_000, 0);
        for (int i = 0; i < a.length(); i += 97) {
            a.set(i, i);
        }
        CowIntArray s = a.snapshot();
        long digest = s.digest(0);
        CowIntArray f1 = s.fork();
        CowIntArray f2 = s.fork();
        f1.set(97, -1);
        f2.set(97, -2);
        f2.set(69_999, -3);
        assertEquals(-1, f1.get(97));
        assertEquals(-2, f2.get(97));
        assertEquals(97, s.get(97));
        assertEquals(digest, s.digest(0));
        assertEquals(0, s.bytesNotIn(a.snapshot()), "the snapshot shares everything with the unwritten original");
    }

    @Test
    void aCopyCostsOnlyThePathsWrittenAfterIt() {
        CowIntArray a = new CowIntArray(PFNS_64G, 0);
        for (int i = 0; i < PFNS_64G; i += 256) {
            a.set(i, 1); // every chunk copied: 64 MiB of chunks
        }
        CowIntArray first = a.snapshot();
        CowIntArray unchanged = a.snapshot();
        assertEquals(0, unchanged.bytesNotIn(first), "a snapshot after no write shares everything");

        a.set(0, 2);
        CowIntArray one = a.snapshot();
        long path = one.bytesNotIn(unchanged);
        assertTrue(path > CHUNK && path < 4 * CHUNK, "root, directory and chunk: " + path);

        a.set(1, 3);
        a.set(256, 4); // another chunk of the same directory
        assertEquals(path + CHUNK, a.snapshot().bytesNotIn(one));
    }

    @Test
    void aThousandCheckpointsOfA64GiBArrayCostKilobytesEach() {
        CowIntArray a = new CowIntArray(PFNS_64G, 0);
        for (int i = 0; i < PFNS_64G; i += 256) {
            a.set(i, 1);
        }
        List<CowIntArray> snapshots = new ArrayList<>(List.of(a.snapshot()));
        Random rnd = new Random(3);
        long held = 0;
        for (int k = 0; k < 1000; k++) {
            a.set(rnd.nextInt(PFNS_64G), k);
            snapshots.add(a.snapshot());
            held += snapshots.getLast().bytesNotIn(snapshots.get(snapshots.size() - 2));
        }
        // One root, directory and chunk per snapshot: about 3 KiB, where a table of 65,536 chunk
        // references per snapshot would take 256 KiB.
        assertTrue(held < 1000 * 4 * CHUNK, "held " + held);
    }

    @Test
    void bytesNotInNothingCountsEachSharedNodeOnce() {
        // 300 elements: one directory of two chunks, both the shared initial chunk.
        CowIntArray fresh = new CowIntArray(300, 0);
        long one = fresh.bytesNotIn(null);
        fresh.set(0, 1);
        assertEquals(one + CHUNK, fresh.bytesNotIn(null), "the copied chunk is a second chunk; the root and"
                + " directory copies replace the originals");
    }

    @Test
    void equalContentsDigestEquallyHoweverTheyAreShared() {
        CowIntArray a = new CowIntArray(5000, 3);
        CowIntArray b = new CowIntArray(5000, 3);
        a.set(4000, 9);
        CowIntArray c = a.fork();
        b.set(4000, 9);
        assertEquals(a.digest(17), b.digest(17));
        assertEquals(a.digest(17), c.digest(17));
        c.set(4999, 4);
        assertNotEquals(a.digest(17), c.digest(17));
    }

    @Test
    void indicesPastTheLastChunkAndLengthsPast64GiBAreRefused() {
        CowIntArray a = new CowIntArray(300, 0);
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> a.get(512));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> a.set(512, 1));
        assertThrows(IllegalArgumentException.class, () -> new CowIntArray(CowIntArray.MAX_LENGTH + 1, 0));
    }
}
