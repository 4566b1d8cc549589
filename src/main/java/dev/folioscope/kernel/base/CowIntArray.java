package dev.folioscope.kernel.base;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * An int array indexed by pfn (or pageblock number) whose copies share storage, so that a
 * checkpoint of a 16 M-page machine costs what changed since the previous one, not its size.
 *
 * <p>The elements live in a persistent trie of three levels: a root of up to 256 directories,
 * each of 256 chunks, each of 256 ints ({@value #MAX_LENGTH} elements at most). {@link #get} is
 * three array loads. Nodes are shared between copies and never written once shared: the first
 * write through a node this array does not own copies the path to it (root, directory, chunk),
 * and the copies are this array's own until it is forked or snapshotted again.
 *
 * <p>Ownership is known to the writer only: a writable array remembers which nodes it copied
 * since it was last forked or snapshotted (a bit per copied chunk, kept beside each copied
 * directory), and forgets all of them, in O(1), when it forks or is snapshotted. Nothing is ever
 * written into a node another array can see, and nothing is written into a snapshot at all, so
 * {@link #fork()} and {@link #snapshot()} cost O(1) time and memory however long the array is.
 *
 * <p>Context: a writable array is single-threaded, like the simulated kernel. A snapshot is
 * immutable: any number of threads may read it and fork it at once, without locking (publish it
 * safely, e.g. through a final field or a {@code java.util.concurrent} hand-off).
 */
public final class CowIntArray {
    /** The most elements an array may have: 2^24, the pfns of a 64 GiB machine. */
    /**
     * The longest array: a 64 GiB machine's mem_map (2^24 pages) and the one page above it that
     * holds the kernel image on a machine without reserved memory.
     */
    public static final int MAX_LENGTH = (1 << 24) + 1;
    private static final int CHUNK_SHIFT = 8;
    private static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
    private static final int CHUNK_MASK = CHUNK_SIZE - 1;
    private static final int DIR_SHIFT = CHUNK_SHIFT + 8;
    private static final int DIR_SIZE = 1 << (DIR_SHIFT - CHUNK_SHIFT);
    private static final int DIR_MASK = DIR_SIZE - 1;
    /** An array object's header, as HotSpot lays it out on 64-bit JVMs (mark, class, length, padding). */
    private static final long ARRAY_HEADER = 16;
    /**
     * Bytes a reference takes: 4 with compressed oops (HotSpot's default for heaps below 32 GiB),
     * else 8.
     */
    private static final long REFERENCE = Runtime.getRuntime().maxMemory() < (32L << 30) ? 4 : 8;
    private static final long CHUNK_BYTES = ARRAY_HEADER + (long) CHUNK_SIZE * Integer.BYTES;

    private final int length;
    private final boolean readOnly;
    private int[][][] root;
    /**
     * The nodes this writable array copied since its last fork or snapshot: null when it owns not
     * even the root; else {@code owned[d]} is null when directory d is shared, or the chunks of d
     * it owns. Always null in a snapshot.
     */
    private boolean[][] owned;

    /**
     * An array of {@code length} elements, each {@code initial}: every directory starts as one
     * shared directory of one shared chunk, so a new array costs a few kilobytes until written.
     *
     * @throws IllegalArgumentException for a length below 0 or above {@link #MAX_LENGTH}
     */
    public CowIntArray(int length, int initial) {
        if (length < 0 || length > MAX_LENGTH) {
            throw new IllegalArgumentException("length " + length + " is outside 0.." + MAX_LENGTH);
        }
        this.length = length;
        this.readOnly = false;
        int[] chunk = new int[CHUNK_SIZE];
        Arrays.fill(chunk, initial);
        int[][] fullDir = new int[DIR_SIZE][];
        Arrays.fill(fullDir, chunk);
        int chunks = (length + CHUNK_MASK) >>> CHUNK_SHIFT;
        root = new int[(chunks + DIR_MASK) >>> (DIR_SHIFT - CHUNK_SHIFT)][][];
        for (int d = 0; d < root.length; d++) {
            int inDir = Math.min(DIR_SIZE, chunks - d * DIR_SIZE);
            // Directories are sized to the array, so an index past the last chunk fails as before.
            root[d] = inDir == DIR_SIZE ? fullDir : Arrays.copyOf(fullDir, inDir);
        }
    }

    private CowIntArray(int length, int[][][] root, boolean readOnly) {
        this.length = length;
        this.root = root;
        this.readOnly = readOnly;
    }

    public int length() {
        return length;
    }

    /** Whether this is a snapshot, which refuses writes. */
    public boolean isReadOnly() {
        return readOnly;
    }

    public int get(int i) {
        return root[i >>> DIR_SHIFT][(i >>> CHUNK_SHIFT) & DIR_MASK][i & CHUNK_MASK];
    }

    /**
     * Sets element i, first copying the path to it unless this array owns it.
     *
     * @throws IllegalStateException on a snapshot
     */
    public void set(int i, int value) {
        int d = i >>> DIR_SHIFT;
        int c = (i >>> CHUNK_SHIFT) & DIR_MASK;
        boolean[][] o = owned;
        if (o == null || o[d] == null || !o[d][c]) {
            copyPath(d, c);
        }
        root[d][c][i & CHUNK_MASK] = value;
    }

    /** Copies the root, directory d and its chunk c, whichever this array does not own yet. */
    private void copyPath(int d, int c) {
        if (readOnly) {
            throw new IllegalStateException("write to a snapshot: snapshots are read-only, fork one to write");
        }
        if (owned == null) {
            root = root.clone();
            owned = new boolean[root.length][];
        }
        if (owned[d] == null) {
            root[d] = root[d].clone();
            owned[d] = new boolean[root[d].length];
        }
        root[d][c] = root[d][c].clone();
        owned[d][c] = true;
    }

    /**
     * A writable copy. Both this array and the copy see the same elements now; later writes on
     * either side stay private to it.
     *
     * <p>Context: on a snapshot, any thread, and the snapshot is not written. On a writable
     * array, its owner thread: the array gives up ownership of its nodes (O(1)), so its next write
     * copies a path.
     */
    public CowIntArray fork() {
        disown();
        return new CowIntArray(length, root, false);
    }

    /**
     * A read-only copy of the elements as they are now, which no later write can change: the
     * form in which state is published to other threads. A snapshot's snapshot is itself.
     *
     * <p>Context: as {@link #fork()}.
     */
    public CowIntArray snapshot() {
        if (readOnly) {
            return this;
        }
        disown();
        return new CowIntArray(length, root, true);
    }

    private void disown() {
        if (!readOnly) {
            owned = null;
        }
    }

    /**
     * Bytes of the nodes (root, directories, chunks) this array holds that {@code older} does
     * not share, or of all its distinct nodes when {@code older} is null. For two snapshots of one
     * array's history this is exact: a node replaced by a copy is never put back, so a node of
     * this array that sits at the same place in {@code older} is shared, and any other is not.
     *
     * <p>Context: reads both arrays; walks only the directories that differ.
     *
     * @throws IllegalArgumentException if the arrays have different lengths
     */
    public long bytesNotIn(CowIntArray older) {
        if (older == null) {
            return distinctBytes();
        }
        if (older.length != length) {
            throw new IllegalArgumentException("arrays of " + length + " and " + older.length + " elements");
        }
        if (older.root == root) {
            return 0;
        }
        long n = rootBytes();
        for (int d = 0; d < root.length; d++) {
            int[][] dir = root[d];
            int[][] old = older.root[d];
            if (dir != old) {
                n += dirBytes(dir);
                for (int c = 0; c < dir.length; c++) {
                    n += dir[c] != old[c] ? CHUNK_BYTES : 0;
                }
            }
        }
        return n;
    }

    /** Bytes of every node reachable from the root, each shared node counted once. */
    private long distinctBytes() {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long n = rootBytes();
        for (int[][] dir : root) {
            if (seen.add(dir)) {
                n += dirBytes(dir);
                for (int[] chunk : dir) {
                    n += seen.add(chunk) ? CHUNK_BYTES : 0;
                }
            }
        }
        return n;
    }

    private long rootBytes() {
        return ARRAY_HEADER + root.length * REFERENCE;
    }

    private static long dirBytes(int[][] dir) {
        return ARRAY_HEADER + dir.length * REFERENCE;
    }

    /** Folds every element into {@code h} (FNV-1a over ints); equal contents give equal digests. */
    public long digest(long h) {
        int left = length;
        for (int[][] dir : root) {
            for (int[] chunk : dir) {
                for (int j = 0; j < CHUNK_SIZE && left > 0; j++, left--) {
                    h = (h ^ chunk[j]) * 0x100000001b3L;
                }
            }
        }
        return h;
    }
}
