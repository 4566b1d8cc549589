package dev.folioscope.recording;

import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.EventTypes;
import java.util.Arrays;

/**
 * The event index of a recording, in columns of primitives so that millions of events take no
 * object each: the common header of every event (type, depth, parent, CPU, pid, result) in fixed
 * columns, and the fields its schema declares as zigzag varints in a byte stream, found through
 * a per-event offset. Columns grow in pages of {@value #PAGE} events, so growing never copies the
 * events already recorded nor doubles the memory they take. Steps are 1-based.
 */
public final class EventLog {
    private static final int PAGE_SHIFT = 16;
    static final int PAGE = 1 << PAGE_SHIFT;
    private static final int PAGE_MASK = PAGE - 1;
    /** The deepest an event may nest: its depth is kept in a byte. */
    public static final int MAX_DEPTH = Byte.MAX_VALUE;
    /** Bytes of fixed columns per event: type, depth, CPU, pid, parent, result, field offset. */
    static final int HEADER_BYTES = 2 + 1 + 1 + 4 + 4 + 8 + 4;

    private short[][] type = new short[0][];
    private byte[][] depth = new byte[0][];
    private byte[][] cpu = new byte[0][];
    private int[][] pid = new int[0][];
    private int[][] parent = new int[0][];
    private long[][] result = new long[0][];
    private int[][] fieldsAt = new int[0][];
    private byte[][] fields = new byte[0][];
    /** Bytes used of the current page's field stream. */
    private int fieldsUsed;
    private long fieldBytes;
    private int size;

    /** Number of events; the last step. */
    public int size() {
        return size;
    }

    /**
     * Appends an event and returns its step. {@code args} holds at least the type's arity; the
     * result is 0 until {@link #setResult} (points have none).
     */
    int append(EventType t, int parentStep, int d, int c, int p, long[] args) {
        int page = size >>> PAGE_SHIFT;
        if (page == type.length) {
            addPage();
        }
        int i = size & PAGE_MASK;
        type[page][i] = (short) t.id();
        depth[page][i] = (byte) d;
        cpu[page][i] = (byte) c;
        pid[page][i] = p;
        parent[page][i] = parentStep;
        fieldsAt[page][i] = fieldsUsed;
        int n = t.schema().arity();
        byte[] stream = fields[page];
        if (fieldsUsed + n * Varint.MAX_BYTES > stream.length) {
            stream = Arrays.copyOf(stream, Math.max(stream.length * 2, fieldsUsed + n * Varint.MAX_BYTES));
            fields[page] = stream;
        }
        int at = fieldsUsed;
        for (int f = 0; f < n; f++) {
            at = Varint.put(stream, at, Varint.zigzag(args[f]));
        }
        fieldBytes += at - fieldsUsed;
        fieldsUsed = at;
        return ++size;
    }

    private void addPage() {
        int n = type.length + 1;
        type = Arrays.copyOf(type, n);
        depth = Arrays.copyOf(depth, n);
        cpu = Arrays.copyOf(cpu, n);
        pid = Arrays.copyOf(pid, n);
        parent = Arrays.copyOf(parent, n);
        result = Arrays.copyOf(result, n);
        fieldsAt = Arrays.copyOf(fieldsAt, n);
        fields = Arrays.copyOf(fields, n);
        if (n > 1) {
            fields[n - 2] = Arrays.copyOf(fields[n - 2], fieldsUsed);
        }
        type[n - 1] = new short[PAGE];
        depth[n - 1] = new byte[PAGE];
        cpu[n - 1] = new byte[PAGE];
        pid[n - 1] = new int[PAGE];
        parent[n - 1] = new int[PAGE];
        result[n - 1] = new long[PAGE];
        fieldsAt[n - 1] = new int[PAGE];
        fields[n - 1] = new byte[PAGE * 4];
        fieldsUsed = 0;
    }

    void setResult(int step, long r) {
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
        return new Event(step, type(step), parent(step), depth(step), cpu(step), pid(step), args(step),
                result(step));
    }

    public EventType type(int step) {
        int i = step - 1;
        return EventTypes.of(type[i >>> PAGE_SHIFT][i & PAGE_MASK]);
    }

    /** The number of a step's type ({@link EventType#id()}): for scans of the whole log, which need no objects. */
    public int typeId(int step) {
        int i = step - 1;
        return type[i >>> PAGE_SHIFT][i & PAGE_MASK];
    }

    public int depth(int step) {
        int i = step - 1;
        return depth[i >>> PAGE_SHIFT][i & PAGE_MASK];
    }

    public int parent(int step) {
        int i = step - 1;
        return parent[i >>> PAGE_SHIFT][i & PAGE_MASK];
    }

    public int cpu(int step) {
        int i = step - 1;
        return cpu[i >>> PAGE_SHIFT][i & PAGE_MASK];
    }

    public int pid(int step) {
        int i = step - 1;
        return pid[i >>> PAGE_SHIFT][i & PAGE_MASK];
    }

    /** The result of a call (0 for a point, and for a call not returned when recording stopped). */
    public long result(int step) {
        int i = step - 1;
        return result[i >>> PAGE_SHIFT][i & PAGE_MASK];
    }

    /** The fields of a step's event, in schema order. */
    public long[] args(int step) {
        int i = step - 1;
        byte[] stream = fields[i >>> PAGE_SHIFT];
        int at = fieldsAt[i >>> PAGE_SHIFT][i & PAGE_MASK];
        long[] out = new long[type(step).schema().arity()];
        for (int f = 0; f < out.length; f++) {
            long v = 0;
            int shift = 0;
            byte b;
            do {
                b = stream[at++];
                v |= (long) (b & 0x7f) << shift;
                shift += 7;
            } while (b < 0);
            out[f] = Varint.unzigzag(v);
        }
        return out;
    }

    /**
     * A 64-bit digest of every field of every event (FNV-1a): equal logs digest equally, so a
     * re-run can be checked against a file's events without keeping both in memory.
     */
    long digest() {
        long h = DIGEST_START;
        for (int s = 1; s <= size; s++) {
            long[] a = args(s);
            h = digest(h, type(s).id(), depth(s), cpu(s), pid(s), parent(s), result(s), a, a.length);
        }
        return h;
    }

    /** The {@link #digest()} of no events. */
    static final long DIGEST_START = 0xcbf29ce484222325L;

    /**
     * The {@link #digest()} {@code h} of the events before one, carried over that event: the one
     * definition, shared with a file reader that digests events without keeping them.
     *
     * @param args the event's fields, the first {@code arity} of them
     */
    static long digest(long h, int type, int depth, int cpu, int pid, int parent, long result, long[] args,
            int arity) {
        long d = mix(mix(mix(mix(mix(mix(h, type), depth), cpu), pid), parent), result);
        for (int f = 0; f < arity; f++) {
            d = mix(d, args[f]);
        }
        return d;
    }

    private static long mix(long h, long v) {
        return (h ^ v) * 0x100000001b3L;
    }

    /** Bytes the event index holds for the events recorded (not counting the unused rest of the last page). */
    public long bytes() {
        return (long) size * HEADER_BYTES + fieldBytes;
    }
}
