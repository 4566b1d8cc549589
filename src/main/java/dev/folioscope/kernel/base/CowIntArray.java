package dev.folioscope.kernel.base;

import java.util.Arrays;

/**
 * An int array indexed by pfn (or pageblock number) that can be forked in time proportional to
 * its number of chunks, not its length: a fork shares every chunk with its parent, and whichever
 * side writes to a shared chunk first copies it. This is what makes a checkpoint of a 16 M-page
 * machine a few array copies.
 *
 * <p>Not thread-safe; the simulated kernel is single-threaded by design.
 */
public final class CowIntArray {
    private static final int CHUNK_SHIFT = 8;
    private static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;

    private final int length;
    private final int[][] chunks;
    private final boolean[] owned;

    /** An array of {@code length} elements, each {@code initial}. */
    public CowIntArray(int length, int initial) {
        this.length = length;
        int n = (length + CHUNK_MASK) >>> CHUNK_SHIFT;
        chunks = new int[n][];
        owned = new boolean[n];
        int[] filled = new int[CHUNK_SIZE];
        Arrays.fill(filled, initial);
        // All chunks start as the one shared template; writes copy it.
        Arrays.fill(chunks, filled);
    }

    private CowIntArray(int length, int[][] chunks) {
        this.length = length;
        this.chunks = chunks;
        this.owned = new boolean[chunks.length];
    }

    public int length() {
        return length;
    }

    public int get(int i) {
        return chunks[i >>> CHUNK_SHIFT][i & CHUNK_MASK];
    }

    public void set(int i, int value) {
        int c = i >>> CHUNK_SHIFT;
        if (!owned[c]) {
            chunks[c] = chunks[c].clone();
            owned[c] = true;
        }
        chunks[c][i & CHUNK_MASK] = value;
    }

    /** A copy that shares all chunks with this array; later writes on either side stay private. */
    public CowIntArray fork() {
        Arrays.fill(owned, false);
        return new CowIntArray(length, chunks.clone());
    }

    /** Folds every element into {@code h} (FNV-1a over ints); equal contents give equal digests. */
    public long digest(long h) {
        for (int i = 0; i < length; i++) {
            h = (h ^ get(i)) * 0x100000001b3L;
        }
        return h;
    }

    /** Bytes of chunk storage this array owns privately (what a fork has copied so far). */
    public long ownedBytes() {
        long n = 0;
        for (boolean o : owned) {
            n += o ? (long) CHUNK_SIZE * Integer.BYTES : 0;
        }
        return n;
    }
}
