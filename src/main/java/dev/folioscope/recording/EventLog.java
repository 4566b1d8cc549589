package dev.folioscope.recording;

import dev.folioscope.kernel.trace.EventKind;
import java.util.Arrays;

/**
 * The event index of a recording, in columns of primitives (one array per field) so that ten
 * million events take a few hundred megabytes at most and no object per event. Steps are 1-based.
 */
public final class EventLog {
    private byte[] kind = new byte[1024];
    private byte[] depth = new byte[1024];
    private byte[] cpu = new byte[1024];
    private byte[] order = new byte[1024];
    private byte[] mt = new byte[1024];
    private byte[] zone = new byte[1024];
    private int[] parent = new int[1024];
    private int[] pfn = new int[1024];
    private int[] aux = new int[1024];
    private int[] result = new int[1024];
    private int size;

    /** Number of events; the last step. */
    public int size() {
        return size;
    }

    /** Appends an event and returns its step. */
    int append(EventKind k, int parentStep, int d, int c, int z, int p, int o, int m, int a, int r) {
        if (size == kind.length) {
            int n = size * 2;
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
        }
        kind[size] = (byte) k.ordinal();
        depth[size] = (byte) d;
        cpu[size] = (byte) c;
        order[size] = (byte) o;
        mt[size] = (byte) m;
        zone[size] = (byte) z;
        parent[size] = parentStep;
        pfn[size] = p;
        aux[size] = a;
        result[size] = r;
        return ++size;
    }

    void setResult(int step, int r) {
        result[step - 1] = r;
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
        return new Event(step, EventKind.of(kind[i]), parent[i], depth[i], cpu[i], zone[i], pfn[i], order[i], mt[i], aux[i],
                result[i]);
    }

    public EventKind kind(int step) {
        return EventKind.of(kind[step - 1]);
    }

    public int depth(int step) {
        return depth[step - 1];
    }

    public int parent(int step) {
        return parent[step - 1];
    }

    /** Bytes the columns hold for the events recorded (not counting spare capacity). */
    public long bytes() {
        return (long) size * (6 + 4 * 4);
    }
}
