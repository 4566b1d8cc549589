package dev.folioscope.kernel.mmap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * mm->mm_mt, the maple tree of an mm's VMAs, as a persistent ordered map: an immutable AVL tree
 * keyed by vm_start whose updates copy the path they change (O(log n)) and share the rest, so
 * that a copy of an mm ({@link Mm#fork()}) costs O(1) and a checkpoint costs what changed. A
 * second tree of the same VMAs keyed by id answers {@link #byId}.
 *
 * <p>Each node of the address tree keeps, for its subtree, the lowest start, the highest end and
 * the largest gap between two consecutive VMAs, as the maple tree tracks gaps in allocation
 * mode, so that the search for a free area ({@link #highestGap}, {@link #lowestGap}) descends
 * only into subtrees that can hold it. Nothing here hashes or depends on identity except
 * {@link #bytesNotIn}, which only asks whether two nodes are the same object.
 *
 * <p>VMAs never overlap: {@link #insert} refuses one that would.
 */
public final class VmaTree {
    /** The tree of no VMA. */
    public static final VmaTree EMPTY = new VmaTree(null, null);
    /**
     * Bytes of one node (header, key, four references, height, three longs) and of the Vma it
     * holds (header, three ints and four longs, a reference), with compressed oops: estimates.
     */
    private static final long NODE_BYTES = 64;
    private static final long VMA_BYTES = 64;

    private final Node byStart;
    private final Node byId;

    private VmaTree(Node byStart, Node byId) {
        this.byStart = byStart;
        this.byId = byId;
    }

    private static final class Node {
        final long key;
        final Vma vma;
        final Node left;
        final Node right;
        final int height;
        final int size;
        /** The subtree's lowest vm_start, highest vm_end and widest gap between consecutive VMAs. */
        final long minStart;
        final long maxEnd;
        final long maxGap;

        Node(long key, Vma vma, Node left, Node right) {
            this.key = key;
            this.vma = vma;
            this.left = left;
            this.right = right;
            this.height = 1 + Math.max(h(left), h(right));
            this.size = 1 + sz(left) + sz(right);
            this.minStart = left != null ? left.minStart : vma.start();
            this.maxEnd = right != null ? right.maxEnd : vma.end();
            long g = 0;
            if (left != null) {
                g = Math.max(Math.max(g, left.maxGap), vma.start() - left.maxEnd);
            }
            if (right != null) {
                g = Math.max(Math.max(g, right.maxGap), right.minStart - vma.end());
            }
            this.maxGap = g;
        }
    }

    private static int h(Node n) {
        return n == null ? 0 : n.height;
    }

    private static int sz(Node n) {
        return n == null ? 0 : n.size;
    }

    /** The number of VMAs (mm->map_count when the tree is an mm's). */
    public int size() {
        return sz(byStart);
    }

    public boolean isEmpty() {
        return byStart == null;
    }

    /**
     * This tree with {@code vma} added.
     *
     * @throws IllegalArgumentException if it overlaps a VMA of the tree or its id is taken
     */
    public VmaTree insert(Vma vma) {
        Vma clash = findIntersection(vma.start(), vma.end());
        if (clash != null) {
            throw new IllegalArgumentException(vma + " overlaps " + clash);
        }
        if (byId(vma.id()) != null) {
            throw new IllegalArgumentException("vma #" + vma.id() + " is already in the tree");
        }
        return new VmaTree(insert(byStart, vma.start(), vma), insert(byId, vma.id(), vma));
    }

    /**
     * This tree without {@code vma}.
     *
     * @throws IllegalArgumentException if the tree does not hold exactly this VMA
     */
    public VmaTree remove(Vma vma) {
        Vma here = vmaLookup(vma.start());
        if (here == null || !here.equals(vma)) {
            throw new IllegalArgumentException(vma + " is not in the tree (found " + here + ")");
        }
        return new VmaTree(remove(byStart, vma.start()), remove(byId, vma.id()));
    }

    /** This tree with {@code old} replaced by {@code neu}, which may have another range. */
    public VmaTree replace(Vma old, Vma neu) {
        return remove(old).insert(neu);
    }

    private static Node insert(Node n, long key, Vma v) {
        if (n == null) {
            return new Node(key, v, null, null);
        }
        if (key < n.key) {
            return balance(n.key, n.vma, insert(n.left, key, v), n.right);
        }
        if (key > n.key) {
            return balance(n.key, n.vma, n.left, insert(n.right, key, v));
        }
        throw new IllegalArgumentException("key 0x" + Long.toHexString(key) + " is taken");
    }

    private static Node remove(Node n, long key) {
        if (n == null) {
            throw new IllegalArgumentException("key 0x" + Long.toHexString(key) + " is not in the tree");
        }
        if (key < n.key) {
            return balance(n.key, n.vma, remove(n.left, key), n.right);
        }
        if (key > n.key) {
            return balance(n.key, n.vma, n.left, remove(n.right, key));
        }
        if (n.left == null) {
            return n.right;
        }
        if (n.right == null) {
            return n.left;
        }
        Node min = n.right;
        while (min.left != null) {
            min = min.left;
        }
        return balance(min.key, min.vma, n.left, remove(n.right, min.key));
    }

    private static Node balance(long key, Vma v, Node l, Node r) {
        if (h(l) > h(r) + 1) {
            if (h(l.left) >= h(l.right)) {
                return new Node(l.key, l.vma, l.left, new Node(key, v, l.right, r));
            }
            return new Node(l.right.key, l.right.vma, new Node(l.key, l.vma, l.left, l.right.left),
                    new Node(key, v, l.right.right, r));
        }
        if (h(r) > h(l) + 1) {
            if (h(r.right) >= h(r.left)) {
                return new Node(r.key, r.vma, new Node(key, v, l, r.left), r.right);
            }
            return new Node(r.left.key, r.left.vma, new Node(key, v, l, r.left.left),
                    new Node(r.key, r.vma, r.left.right, r.right));
        }
        return new Node(key, v, l, r);
    }

    /** The VMA numbered {@code id}, or null. */
    public Vma byId(int id) {
        Node n = byId;
        while (n != null) {
            if (id == n.key) {
                return n.vma;
            }
            n = id < n.key ? n.left : n.right;
        }
        return null;
    }

    /** find_vma: the first VMA that ends above {@code addr} (it may start above it), or null. */
    public Vma findVma(long addr) {
        Node n = byStart;
        Vma best = null;
        while (n != null) {
            if (n.vma.end() > addr) {
                best = n.vma;
                n = n.left;
            } else {
                n = n.right;
            }
        }
        return best;
    }

    /** vma_lookup: the VMA that contains {@code addr}, or null. */
    public Vma vmaLookup(long addr) {
        Vma v = findVma(addr);
        return v != null && v.start() <= addr ? v : null;
    }

    /** find_vma_intersection: the first VMA that overlaps [start, end), or null. */
    public Vma findIntersection(long start, long end) {
        Vma v = findVma(start);
        return v != null && v.start() < end ? v : null;
    }

    /** The last VMA that starts below {@code addr} (find_vma_prev's prev for an addr outside VMAs), or null. */
    public Vma prevOf(long addr) {
        Node n = byStart;
        Vma best = null;
        while (n != null) {
            if (n.key < addr) {
                best = n.vma;
                n = n.right;
            } else {
                n = n.left;
            }
        }
        return best;
    }

    /** vma_prev: the VMA before {@code vma}, or null. */
    public Vma prev(Vma vma) {
        return prevOf(vma.start());
    }

    /** vma_next: the VMA after {@code vma}, or null. */
    public Vma next(Vma vma) {
        return findVma(vma.end());
    }

    /** The first VMA, or null. */
    public Vma first() {
        return findVma(0);
    }

    /** Every VMA, in address order. */
    public void forEach(Consumer<Vma> action) {
        walk(byStart, action);
    }

    private static void walk(Node n, Consumer<Vma> action) {
        if (n != null) {
            walk(n.left, action);
            action.accept(n.vma);
            walk(n.right, action);
        }
    }

    /** Every VMA, in address order. */
    public List<Vma> list() {
        List<Vma> out = new ArrayList<>(size());
        forEach(out::add);
        return out;
    }

    /** The VMAs that overlap [start, end), in address order (for_each_vma_range). */
    public List<Vma> range(long start, long end) {
        List<Vma> out = new ArrayList<>();
        for (Vma v = findIntersection(start, end); v != null && v.start() < end; v = next(v)) {
            out.add(v);
        }
        return out;
    }

    /**
     * The highest free range of at least {@code len} bytes inside [lo, hi): the end of the highest
     * gap between VMAs (clipped to hi) whose part inside [lo, hi) is that long, or -1. What the
     * maple tree's mas_empty_area_rev gives vma_iter_area_highest.
     */
    public long highestGap(long lo, long hi, long len) {
        long r = highest(byStart, Long.MAX_VALUE, lo, hi, len);
        if (r >= 0) {
            return r;
        }
        return fitHigh(0, byStart == null ? Long.MAX_VALUE : byStart.minStart, lo, hi, len);
    }

    private static long highest(Node n, long succ, long lo, long hi, long len) {
        if (n == null || succ <= lo || n.minStart >= hi || Math.max(n.maxGap, succ - n.maxEnd) < len) {
            return -1;
        }
        long r = highest(n.right, succ, lo, hi, len);
        if (r >= 0) {
            return r;
        }
        r = fitHigh(n.vma.end(), n.right != null ? n.right.minStart : succ, lo, hi, len);
        if (r >= 0) {
            return r;
        }
        return highest(n.left, n.vma.start(), lo, hi, len);
    }

    private static long fitHigh(long gapStart, long gapEnd, long lo, long hi, long len) {
        long s = Math.max(gapStart, lo);
        long e = Math.min(gapEnd, hi);
        return e > s && e - s >= len ? e : -1;
    }

    /**
     * The lowest free range of at least {@code len} bytes inside [lo, hi): the start of the lowest
     * gap (clipped to lo) whose part inside [lo, hi) is that long, or -1 (vma_iter_area_lowest).
     */
    public long lowestGap(long lo, long hi, long len) {
        long r = lowest(byStart, 0, lo, hi, len);
        if (r >= 0) {
            return r;
        }
        return fitLow(byStart == null ? 0 : byStart.maxEnd, Long.MAX_VALUE, lo, hi, len);
    }

    private static long lowest(Node n, long pred, long lo, long hi, long len) {
        if (n == null || pred >= hi || n.maxEnd <= lo || Math.max(n.maxGap, n.minStart - pred) < len) {
            return -1;
        }
        long r = lowest(n.left, pred, lo, hi, len);
        if (r >= 0) {
            return r;
        }
        r = fitLow(n.left != null ? n.left.maxEnd : pred, n.vma.start(), lo, hi, len);
        if (r >= 0) {
            return r;
        }
        return lowest(n.right, n.vma.end(), lo, hi, len);
    }

    private static long fitLow(long gapStart, long gapEnd, long lo, long hi, long len) {
        long s = Math.max(gapStart, lo);
        long e = Math.min(gapEnd, hi);
        return e > s && e - s >= len ? s : -1;
    }

    /** Folds every VMA, in address order, into {@code h}. */
    public long digest(long h) {
        long[] acc = {Vma.mix(h, size())};
        forEach(v -> acc[0] = v.digest(acc[0]));
        return acc[0];
    }

    /**
     * Bytes of nodes (and their VMAs) this tree holds that {@code older} does not share, or of all
     * of them when older is null. A subtree found in older as the same object is shared whole,
     * so the walk visits only what changed and the paths to it.
     */
    public long bytesNotIn(VmaTree older) {
        return notIn(byStart, older == null ? null : older.byStart, true)
                + notIn(byId, older == null ? null : older.byId, false);
    }

    private static long notIn(Node n, Node olderRoot, boolean countVma) {
        if (n == null || holds(olderRoot, n)) {
            return 0;
        }
        return NODE_BYTES + (countVma ? VMA_BYTES : 0) + notIn(n.left, olderRoot, countVma)
                + notIn(n.right, olderRoot, countVma);
    }

    /** Whether {@code n} itself is a node of the tree rooted at {@code root}. */
    private static boolean holds(Node root, Node n) {
        Node o = root;
        while (o != null) {
            if (o == n) {
                return true;
            }
            if (n.key == o.key) {
                return false;
            }
            o = n.key < o.key ? o.left : o.right;
        }
        return false;
    }

    /** Checks the tree's order, balance and summaries; for tests. */
    void check() {
        check(byStart, Long.MIN_VALUE, Long.MAX_VALUE);
        check(byId, Long.MIN_VALUE, Long.MAX_VALUE);
        Vma prev = null;
        for (Vma v : list()) {
            if (prev != null && prev.end() > v.start()) {
                throw new IllegalStateException(prev + " overlaps " + v);
            }
            if (byId(v.id()) != v) {
                throw new IllegalStateException(v + " is not indexed by its id");
            }
            prev = v;
        }
    }

    private static void check(Node n, long lo, long hi) {
        if (n == null) {
            return;
        }
        if (n.key <= lo || n.key >= hi || Math.abs(h(n.left) - h(n.right)) > 1) {
            throw new IllegalStateException("tree out of order or balance at 0x" + Long.toHexString(n.key));
        }
        check(n.left, lo, n.key);
        check(n.right, n.key, hi);
    }
}
