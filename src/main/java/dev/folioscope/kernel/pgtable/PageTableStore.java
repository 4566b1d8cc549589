package dev.folioscope.kernel.pgtable;

import dev.folioscope.kernel.base.KernelState;
import dev.folioscope.kernel.base.CowIntArray;
import java.util.Objects;

/**
 * The contents of every page-table page of a machine: 512 entries per table, keyed by the pfn of
 * the simulated page that holds it. Only pages in use as page tables have contents, so the store
 * costs what the tables cost, not what the machine has.
 *
 * <p>Layout: a persistent trie over the pfn, like {@link CowIntArray}'s: a root of up to 256
 * directories (pfn bits 16..23), each of 256 chunks (bits 8..15), each of 256 table slots (bits
 * 0..7), each slot null or a {@code long[512]}. Directories and chunks are made on first use.
 * Nodes are shared between copies and never written once shared: the first write through a node
 * this store does not own copies the path to it (root, directory, chunk, and the table for a
 * write of an entry), and those copies are its own until it is forked or snapshotted again.
 * Ownership is known to the writer only (a mirror of flags beside the copied nodes), and
 * forgotten, in O(1), on {@link #fork()} and {@link #snapshot()}; so both cost O(1), and the first
 * write into a table after either copies 4 KiB of table plus three small index nodes.
 *
 * <p>Context: a writable store is single-threaded, like the simulated kernel. A snapshot is
 * immutable: any number of threads may read it and fork it at once.
 */
public final class PageTableStore implements KernelState<PageTableStore> {
    private static final int ENTRIES = PageTableLevel.PTRS_PER_TABLE;
    private static final int NODE_SHIFT = 8;
    private static final int NODE_SIZE = 1 << NODE_SHIFT;
    private static final int NODE_MASK = NODE_SIZE - 1;
    private static final int DIR_SHIFT = 2 * NODE_SHIFT;
    /** An array object's header, as HotSpot lays it out on 64-bit JVMs (mark, class, length, padding). */
    private static final long ARRAY_HEADER = 16;
    /** Bytes a reference takes: 4 with compressed oops (HotSpot's default below 32 GiB of heap), else 8. */
    private static final long REFERENCE = Runtime.getRuntime().maxMemory() < (32L << 30) ? 4 : 8;
    private static final long NODE_BYTES = ARRAY_HEADER + NODE_SIZE * REFERENCE;
    private static final long TABLE_BYTES = ARRAY_HEADER + (long) ENTRIES * Long.BYTES;

    private final int nrPages;
    private final boolean readOnly;
    private long[][][][] root;
    /**
     * What this writable store owns since its last fork or snapshot: null when not even the root;
     * else {@code owned[d]} is null when directory d is shared (or absent), {@code owned[d][c]} null
     * when its chunk c is, and {@code owned[d][c][t]} tells whether table slot t's table is. Always
     * null in a snapshot.
     */
    private boolean[][][] owned;
    private int count;

    /**
     * An empty store for pfns [0, nrPages).
     *
     * @throws IllegalArgumentException for nrPages below 0 or above {@link CowIntArray#MAX_LENGTH}
     */
    public PageTableStore(int nrPages) {
        if (nrPages < 0 || nrPages > CowIntArray.MAX_LENGTH) {
            throw new IllegalArgumentException("nrPages " + nrPages + " is outside 0.." + CowIntArray.MAX_LENGTH);
        }
        this.nrPages = nrPages;
        this.readOnly = false;
        root = new long[(nrPages + (1 << DIR_SHIFT) - 1) >>> DIR_SHIFT][][][];
        owned = new boolean[root.length][][];
    }

    private PageTableStore(PageTableStore o, boolean readOnly) {
        this.nrPages = o.nrPages;
        this.readOnly = readOnly;
        this.root = o.root;
        this.count = o.count;
    }

    public int nrPages() {
        return nrPages;
    }

    /** Whether this is a snapshot, which refuses writes. */
    public boolean isReadOnly() {
        return readOnly;
    }

    /** The number of pages in use as page tables. */
    public int count() {
        return count;
    }

    /** Whether page {@code pfn} holds a page table. */
    public boolean isTable(int pfn) {
        return slot(pfn) != null;
    }

    /**
     * Entry {@code index} of the table in page {@code pfn}.
     *
     * @throws IllegalStateException if the page holds no table
     */
    public long get(int pfn, int index) {
        return table(pfn)[index];
    }

    /**
     * Sets entry {@code index} of the table in page {@code pfn}, first copying the table (and the
     * path to it) unless this store owns it.
     *
     * @throws IllegalStateException on a snapshot, or if the page holds no table
     */
    public void set(int pfn, int index, long value) {
        Objects.checkIndex(pfn, nrPages);
        Objects.checkIndex(index, ENTRIES);
        int d = pfn >>> DIR_SHIFT;
        int c = (pfn >>> NODE_SHIFT) & NODE_MASK;
        int t = pfn & NODE_MASK;
        boolean[][][] o = owned;
        if (o == null || o[d] == null || o[d][c] == null || !o[d][c][t]) {
            table(pfn);
            long[][] chunk = ownChunk(d, c);
            chunk[t] = chunk[t].clone();
            owned[d][c][t] = true;
        }
        root[d][c][t][index] = value;
    }

    /**
     * Makes page {@code pfn} a table of 512 zero entries, as a page-table page comes zeroed from
     * the allocator (__GFP_ZERO).
     *
     * @throws IllegalStateException on a snapshot, or if the page already holds a table
     */
    public void create(int pfn) {
        if (isTable(pfn)) {
            throw new IllegalStateException("pfn " + pfn + " already holds a page table");
        }
        int d = pfn >>> DIR_SHIFT;
        int c = (pfn >>> NODE_SHIFT) & NODE_MASK;
        ownChunk(d, c)[pfn & NODE_MASK] = new long[ENTRIES];
        owned[d][c][pfn & NODE_MASK] = true;
        count++;
    }

    /**
     * Forgets the table in page {@code pfn}: the page is no longer a page table. Empty chunks and
     * directories are kept: they are small, and a freed table's page is often reused as one.
     *
     * @throws IllegalStateException on a snapshot, or if the page holds no table
     */
    public void remove(int pfn) {
        table(pfn);
        int d = pfn >>> DIR_SHIFT;
        int c = (pfn >>> NODE_SHIFT) & NODE_MASK;
        ownChunk(d, c)[pfn & NODE_MASK] = null;
        owned[d][c][pfn & NODE_MASK] = false;
        count--;
    }

    private long[] slot(int pfn) {
        Objects.checkIndex(pfn, nrPages);
        long[][][] dir = root[pfn >>> DIR_SHIFT];
        long[][] chunk = dir == null ? null : dir[(pfn >>> NODE_SHIFT) & NODE_MASK];
        return chunk == null ? null : chunk[pfn & NODE_MASK];
    }

    private long[] table(int pfn) {
        long[] t = slot(pfn);
        if (t == null) {
            throw new IllegalStateException("pfn " + pfn + " holds no page table");
        }
        return t;
    }

    /** Chunk c of directory d, owned by this store: copied (or made) with its path if it was not. */
    private long[][] ownChunk(int d, int c) {
        if (readOnly) {
            throw new IllegalStateException("write to a snapshot: snapshots are read-only, fork one to write");
        }
        if (owned == null) {
            root = root.clone();
            owned = new boolean[root.length][][];
        }
        if (owned[d] == null) {
            root[d] = root[d] == null ? new long[NODE_SIZE][][] : root[d].clone();
            owned[d] = new boolean[NODE_SIZE][];
        }
        if (owned[d][c] == null) {
            root[d][c] = root[d][c] == null ? new long[NODE_SIZE][] : root[d][c].clone();
            owned[d][c] = new boolean[NODE_SIZE];
        }
        return root[d][c];
    }

    /**
     * A writable copy. Both this store and the copy see the same tables now; later writes on
     * either side stay private to it.
     *
     * <p>Context: on a snapshot, any thread, and the snapshot is not written. On a writable store,
     * its owner thread: the store gives up ownership of its nodes (O(1)), so its next write copies
     * a path.
     */
    @Override
    public PageTableStore fork() {
        owned = null;
        return new PageTableStore(this, false);
    }

    /**
     * A read-only copy of the tables as they are now, which no later write can change. A
     * snapshot's snapshot is itself.
     *
     * <p>Context: as {@link #fork()}.
     */
    @Override
    public PageTableStore snapshot() {
        if (readOnly) {
            return this;
        }
        owned = null;
        return new PageTableStore(this, true);
    }

    /**
     * Bytes of the nodes (root, directories, chunks, tables) this store holds that {@code older}
     * does not share, or of all its nodes when {@code older} is null. For two snapshots of one
     * store's history this is exact: a node replaced by a copy is never put back, and no node sits
     * at two places, so a node of this store at the same place in {@code older} is shared, and any
     * other is not.
     *
     * <p>Context: reads both stores; walks only the directories and chunks that differ.
     *
     * @throws IllegalArgumentException if the stores cover different numbers of pages
     */
    @Override
    public long bytesNotIn(PageTableStore older) {
        if (older != null && older.nrPages != nrPages) {
            throw new IllegalArgumentException("stores of " + nrPages + " and " + older.nrPages + " pages");
        }
        if (older != null && older.root == root) {
            return 0;
        }
        long n = ARRAY_HEADER + root.length * REFERENCE;
        for (int d = 0; d < root.length; d++) {
            long[][][] dir = root[d];
            long[][][] oldDir = older == null ? null : older.root[d];
            if (dir == null || dir == oldDir) {
                continue;
            }
            n += NODE_BYTES;
            for (int c = 0; c < NODE_SIZE; c++) {
                long[][] chunk = dir[c];
                long[][] oldChunk = oldDir == null ? null : oldDir[c];
                if (chunk == null || chunk == oldChunk) {
                    continue;
                }
                n += NODE_BYTES;
                for (int t = 0; t < NODE_SIZE; t++) {
                    if (chunk[t] != null && (oldChunk == null || chunk[t] != oldChunk[t])) {
                        n += TABLE_BYTES;
                    }
                }
            }
        }
        return n;
    }

    /**
     * Folds every table into {@code h} (FNV-1a over longs), in pfn order: each table's pfn, then
     * its 512 entries. Equal contents at equal pfns give equal digests, however they were reached.
     */
    @Override
    public long digest(long h) {
        for (int d = 0; d < root.length; d++) {
            long[][][] dir = root[d];
            for (int c = 0; dir != null && c < NODE_SIZE; c++) {
                long[][] chunk = dir[c];
                for (int t = 0; chunk != null && t < NODE_SIZE; t++) {
                    if (chunk[t] != null) {
                        h = fold(h, (d << DIR_SHIFT) | (c << NODE_SHIFT) | t);
                        for (long e : chunk[t]) {
                            h = fold(h, e);
                        }
                    }
                }
            }
        }
        return h;
    }

    private static long fold(long h, long v) {
        return (h ^ v) * 0x100000001b3L;
    }
}
