package dev.folioscope.recording;

import dev.folioscope.kernel.trace.EventKind;
import java.util.Arrays;

/**
 * The event index of a recording, in columns of primitives (one per field) so that ten million
 * events take 220 MB and no object per event. Each column grows in pages of {@value #PAGE}
 * events, so growing never copies the events already recorded nor doubles the memory they take.
 * Steps are 1-based.
 */
public final class EventLog {
    private static final int PAGE_SHIFT = 16;
    static final int PAGE = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE - 1;
    /** Bytes one event takes in the columns: six byte fields and four int fields. */
    static final int EVENT_BYTES = 6 + 4 * 4;

    private byte[][] kind = new byte[0][];
    private byte[][] depth = new byte[0][];
    private byte[][] cpu = new byte[0][];
    private byte[][] order = new byte[0][];
    private byte[][] mt = new byte[0][];
    private byte[][] zone = new byte[0][];
    private int[][] parent = new int[0][];
    private int[][] pfn = new int[0][];
    private int[][] aux = new int[0][];
    private int[][] result = new int[0][];
    private int size;

    /** Number of events; the last step. */
    public int size() {
        return size;
    }

    /** Appends an event and returns its step. */
    int append(EventKind k, int parentStep, int d, int c, int z, int p, int o, int m, int a, int r) {
        int page = size >>> PAGE_SHIFT;
        if (page == kind.length) {
            addPage();
        }
        int i = size & PAGE_MASK;
        kind[page][i] = (byte) k.ordinal();
        depth[page][i] = (byte) d;
        cpu[page][i] = (byte) c;
        order[page][i] = (byte) o;
        mt[page][i] = (byte) m;
        zone[page][i] = (byte) z;
        parent[page][i] = parentStep;
        pfn[page][i] = p;
        aux[page][i] = a;
        result[page][i] = r;
        return ++size;
    }

    private void addPage() {
        int n = kind.length + 1;
        kind = Arrays.copyOf(kind, n);
        depth = Arrays.copyOf(depth, n);
        cpu = Arrays.copyOf(cpu, n);
        order = Arrays.copyOf(order, n);
        mt = Arrays.copyOf(mt, n);
        zone = Arrays.copyOf(zone, n);
        parent = Arrays.copyOf(parent, n);
        pfn = Arrays.copyOf(pfn, n);
        aux = Arrays.copyOf(aux, n);
        result = Arrays.copyOf(result, n);
        for (byte[][] column : new byte[][][] {kind, depth, cpu, order, mt, zone}) {
            column[n - 1] = new byte[PAGE];
        }
        for (int[][] column : new int[][][] {parent, pfn, aux, result}) {
            column[n - 1] = new int[PAGE];
        }
    }

    void setResult(int step, int r) {
        int i = step - 1;
        result[i >>> PAGE_SHIFT][i & PAGE_MASK] = r;
    }

    /**
     * The event of a step.
     *
     * @throws IndexOutOfBoundsException for a step outside 1..size
     */
    public Event get(int step) {
        int i = step - 1;
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("step " + step + " is outside 1.." + size);
        }
        return new Event(step, kind(step), parent(step), depth(step), cpu(step), zone(step), pfn(step), order(step),
                mt(step), aux(step), result(step));
    }

    public EventKind kind(int step) {
        return EventKind.of(at(kind, step));
    }

    public int depth(int step) {
        return at(depth, step);
    }

    public int parent(int step) {
        return at(parent, step);
    }

    int cpu(int step) {
        return at(cpu, step);
    }

    int zone(int step) {
        return at(zone, step);
    }

    int pfn(int step) {
        return at(pfn, step);
    }

    int order(int step) {
        return at(order, step);
    }

    int mt(int step) {
        return at(mt, step);
    }

    int aux(int step) {
        return at(aux, step);
    }

    int result(int step) {
        return at(result, step);
    }

    private static int at(byte[][] column, int step) {
        int i = step - 1;
        return column[i >>> PAGE_SHIFT][i & PAGE_MASK];
    }

    private static int at(int[][] column, int step) {
        int i = step - 1;
        return column[i >>> PAGE_SHIFT][i & PAGE_MASK];
    }

    /**
     * A 64-bit digest of every field of every event (FNV-1a): equal logs digest equally, so a
     * re-run can be checked against a file's events without keeping both in memory.
     */
    long digest() {
        long h = 0xcbf29ce484222325L;
        for (int s = 1; s <= size; s++) {
            h = mix(mix(mix(mix(mix(h, at(kind, s)), at(depth, s)), at(cpu, s)), at(zone, s)), at(pfn, s));
            h = mix(mix(mix(mix(mix(h, at(order, s)), at(mt, s)), at(aux, s)), at(result, s)), at(parent, s));
        }
        return h;
    }

    private static long mix(long h, int v) {
        return (h ^ v) * 0x100000001b3L;
    }

    /** Bytes the columns hold for the events recorded (not counting the unused rest of the last page). */
    public long bytes() {
        return (long) size * EVENT_BYTES;
    }
}
