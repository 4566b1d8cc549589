package dev.folioscope.recording;

import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.Field;
import dev.folioscope.kernel.trace.FieldType;
import dev.folioscope.kernel.trace.FieldType.Ref;
import dev.folioscope.kernel.trace.Schema;
import java.util.Arrays;
import java.util.List;

/**
 * The per-object index of a recording: for each kernel object its events name, the steps whose
 * events name it, so that a view can answer "when did this pfn, folio, zone, VMA or page of a
 * process last change?" and draw its history without replaying. Built by the {@link Recorder} as
 * it appends events; a recording loaded from a file is re-recorded, so its index is rebuilt.
 *
 * <h2>What is indexed</h2>
 *
 * The objects {@link Event#refs()} lists, of five kinds (the others, ORDER, MIGRATETYPE, CPU and
 * PID, are not indexed):
 *
 * <ul>
 *   <li>{@link Ref#PFN}: a block of 2<sup>order</sup> pfns, order being the event's first ORDER
 *       field (0 when it has none). A query for pfn X finds every event that names a block
 *       containing X: a merge of two order-3 buddies is in the history of all 16 pfns of the
 *       merged block.
 *   <li>{@link Ref#FOLIO}: a folio by the pfn of its head page, exactly (a tail pfn finds nothing
 *       here; ask for the PFN).
 *   <li>{@link Ref#ZONE}: a zone by index; {@link Ref#VMA}: a VMA by id.
 *   <li>{@link Ref#ADDRESS}: a page of a process, by (pid, virtual page number {@code addr >>> 12}).
 *       An {@link FieldType#ADDR} field is in the address space of the event's first
 *       {@link FieldType#PID} field when its schema has one (as a syscall event names the
 *       process it acts on), else of the task the event ran for (its header pid); an address
 *       whose PID field is -1 names nothing.
 * </ul>
 *
 * <h2>Layout</h2>
 *
 * One hash table with linear probing, at most 3/4 full, from a key to the sorted steps that name
 * it, an {@code int[]} of exactly that length once built: 4 bytes per (event, object) pair, plus
 * per key a table slot (a long and a reference) and an array header. A key packs the kind and
 * the object into a long: bits 63..61 the kind (1 PFN, 2 FOLIO, 3 ZONE, 4 VMA, 5 ADDRESS; a key
 * of 0 marks an empty slot), then
 *
 * <ul>
 *   <li>for a PFN, the block's order in bits 57..52 and its head pfn in bits 51..0: a block is
 *       kept under its head and order. A query for pfn X looks up (X with its low o bits cleared,
 *       o) for o from 0 to the largest order recorded: these are exactly the aligned blocks that
 *       contain X, so no entry found needs filtering. A block not aligned to its order is kept as
 *       the aligned blocks that tile it; a block is cut at the end of the 52-bit pfn space;
 *   <li>for an ADDRESS, the pid in bits 60..39 (22 bits: Linux's PID_MAX_LIMIT) and the virtual
 *       page number in bits 38..0 (user addresses below 2<sup>51</sup>);
 *   <li>for the others, the value in bits 60..0.
 * </ul>
 *
 * An event naming a value these bits cannot hold (a pfn of 2<sup>52</sup> or more, a pid of
 * 2<sup>22</sup> or more, a user address of 2<sup>51</sup> or more) cannot be indexed and stops
 * the recording with an {@link IllegalArgumentException}: no model of a 64-bit machine emits one.
 * Nothing depends on the order of the table: queries look keys up, and {@link #bytes()} is a sum.
 *
 * <p>Context: built on the recording thread by a {@link Builder}; once built, immutable (final
 * fields, arrays never written again, queries return copies), so any number of threads may query
 * it.
 */
public final class ObjectIndex {
    /** What {@link #lastAtOrBefore} and {@link #nextAfter} return when no step qualifies. */
    public static final int NONE = -1;
    /** The bits of a pfn (a 64-bit physical address space of 4 KiB pages). */
    public static final int PFN_BITS = 52;
    /** The bits of a pid: Linux's PID_MAX_LIMIT is 2<sup>22</sup>. */
    public static final int PID_BITS = 22;
    /** The bits of a virtual page number: user addresses below 2<sup>51</sup>. */
    public static final int VPN_BITS = 39;
    static final int PAGE_SHIFT = 12;

    private static final int KIND_SHIFT = 61;
    private static final long VALUE_LIMIT = 1L << KIND_SHIFT;
    private static final long K_PFN = 1L << KIND_SHIFT;
    private static final long K_FOLIO = 2L << KIND_SHIFT;
    private static final long K_ZONE = 3L << KIND_SHIFT;
    private static final long K_VMA = 4L << KIND_SHIFT;
    private static final long K_ADDRESS = 5L << KIND_SHIFT;
    private static final int[] NO_STEPS = new int[0];
    private static final int[][] NO_LISTS = new int[0][];

    private final long[] keys;
    private final int[][] steps;
    private final int maxOrder;
    private final int objects;
    private final long pairs;
    private final long bytes;

    private ObjectIndex(long[] keys, int[][] steps, int maxOrder, int objects, long pairs) {
        this.keys = keys;
        this.steps = steps;
        this.maxOrder = maxOrder;
        this.objects = objects;
        this.pairs = pairs;
        long b = arrayBytes(8L * keys.length) + arrayBytes(4L * steps.length);
        for (int[] l : steps) {
            if (l != null) {
                b += arrayBytes(4L * l.length);
            }
        }
        this.bytes = b;
    }

    /** Whether objects of {@code kind} are indexed: PFN, FOLIO, ZONE, VMA and ADDRESS. */
    public static boolean indexes(Ref kind) {
        return switch (kind) {
            case PFN, FOLIO, ZONE, VMA, ADDRESS -> true;
            default -> false;
        };
    }

    /**
     * The steps whose events name the object, in increasing order, each once.
     *
     * @param kind PFN, FOLIO, ZONE or VMA (for an ADDRESS, see {@link #steps(long, long)})
     * @param value the pfn (any pfn of a block finds it), the folio's head pfn, the zone index or
     *     the VMA id; a value no event can name (a negative one) has no steps
     * @throws IllegalArgumentException for a kind not indexed, or ADDRESS
     */
    public int[] steps(Ref kind, long value) {
        return union(lists(kind, value));
    }

    /** The steps whose events name the page of {@code vaddr} in the address space of {@code pid}. */
    public int[] steps(long pid, long vaddr) {
        return union(lists(pid, vaddr));
    }

    /** The last step at or before {@code step} whose event names the object, or {@link #NONE}. */
    public int lastAtOrBefore(Ref kind, long value, int step) {
        return lastAtOrBefore(lists(kind, value), step);
    }

    /** As {@link #lastAtOrBefore(Ref, long, int)} for the page of {@code vaddr} of process {@code pid}. */
    public int lastAtOrBefore(long pid, long vaddr, int step) {
        return lastAtOrBefore(lists(pid, vaddr), step);
    }

    /** The first step after {@code step} whose event names the object, or {@link #NONE}. */
    public int nextAfter(Ref kind, long value, int step) {
        return nextAfter(lists(kind, value), step);
    }

    /** As {@link #nextAfter(Ref, long, int)} for the page of {@code vaddr} of process {@code pid}. */
    public int nextAfter(long pid, long vaddr, int step) {
        return nextAfter(lists(pid, vaddr), step);
    }

    /** The number of steps whose events name the object: the length of {@link #steps(Ref, long)}. */
    public int count(Ref kind, long value) {
        return count(lists(kind, value));
    }

    /** As {@link #count(Ref, long)} for the page of {@code vaddr} of process {@code pid}. */
    public int count(long pid, long vaddr) {
        return count(lists(pid, vaddr));
    }

    /** The number of keys: objects, a PFN block counting once per head and order. */
    public int objects() {
        return objects;
    }

    /** The number of (step, key) entries: each is 4 bytes. */
    public long pairs() {
        return pairs;
    }

    /**
     * Bytes the index holds: its arrays, each counted with a 16-byte header and padded to 8 bytes,
     * references as 4 bytes (compressed oops).
     */
    public long bytes() {
        return bytes;
    }

    private static long arrayBytes(long payload) {
        return (16 + payload + 7) & ~7L;
    }

    /** The lists whose union is the history of the object. */
    private int[][] lists(Ref kind, long value) {
        switch (kind) {
            case PFN -> {
                if (value < 0 || value >= 1L << PFN_BITS) {
                    return NO_LISTS;
                }
                int[][] out = new int[maxOrder + 1][];
                int n = 0;
                for (int o = 0; o <= maxOrder; o++) {
                    int[] l = find(pfnKey(value & -(1L << o), o));
                    if (l != null) {
                        out[n++] = l;
                    }
                }
                return n == out.length ? out : Arrays.copyOf(out, n);
            }
            case FOLIO -> {
                return value < 0 || value >= 1L << PFN_BITS ? NO_LISTS : one(find(K_FOLIO | value));
            }
            case ZONE -> {
                return value < 0 || value >= VALUE_LIMIT ? NO_LISTS : one(find(K_ZONE | value));
            }
            case VMA -> {
                return value < 0 || value >= VALUE_LIMIT ? NO_LISTS : one(find(K_VMA | value));
            }
            case ADDRESS -> throw new IllegalArgumentException("an address is looked up in the address space of a"
                    + " pid: use the (pid, vaddr) queries");
            default -> throw new IllegalArgumentException(kind + " objects are not indexed");
        }
    }

    private int[][] lists(long pid, long vaddr) {
        if (pid < 0 || pid >= 1L << PID_BITS || vaddr < 0 || vaddr >>> PAGE_SHIFT >= 1L << VPN_BITS) {
            return NO_LISTS;
        }
        return one(find(addressKey(pid, vaddr)));
    }

    private static int[][] one(int[] list) {
        return list == null ? NO_LISTS : new int[][] {list};
    }

    private int[] find(long key) {
        int mask = keys.length - 1;
        for (int i = slot(key, mask);; i = (i + 1) & mask) {
            long k = keys[i];
            if (k == key) {
                return steps[i];
            }
            if (k == 0) {
                return null;
            }
        }
    }

    private static int[] union(int[][] lists) {
        if (lists.length == 0) {
            return NO_STEPS;
        }
        if (lists.length == 1) {
            return lists[0].clone();
        }
        int total = 0;
        for (int[] l : lists) {
            total += l.length;
        }
        int[] all = new int[total];
        int at = 0;
        for (int[] l : lists) {
            System.arraycopy(l, 0, all, at, l.length);
            at += l.length;
        }
        Arrays.sort(all);
        int n = 0;
        for (int i = 0; i < all.length; i++) {
            if (n == 0 || all[n - 1] != all[i]) {
                all[n++] = all[i];
            }
        }
        return n == all.length ? all : Arrays.copyOf(all, n);
    }

    private static int count(int[][] lists) {
        return lists.length == 1 ? lists[0].length : union(lists).length;
    }

    private static int lastAtOrBefore(int[][] lists, int step) {
        int best = NONE;
        for (int[] l : lists) {
            int i = Arrays.binarySearch(l, step);
            i = i >= 0 ? i : -i - 2;
            if (i >= 0) {
                best = Math.max(best, l[i]);
            }
        }
        return best;
    }

    private static int nextAfter(int[][] lists, int step) {
        int best = NONE;
        for (int[] l : lists) {
            int i = Arrays.binarySearch(l, step);
            i = i >= 0 ? i + 1 : -i - 1;
            if (i < l.length && (best == NONE || l[i] < best)) {
                best = l[i];
            }
        }
        return best;
    }

    private static long pfnKey(long head, int order) {
        return K_PFN | (long) order << PFN_BITS | head;
    }

    private static long addressKey(long pid, long vaddr) {
        return K_ADDRESS | pid << VPN_BITS | vaddr >>> PAGE_SHIFT;
    }

    /** A slot for the key in a table of {@code mask + 1} slots (murmur3's finaliser, then the low bits). */
    private static int slot(long key, int mask) {
        long h = key;
        h = (h ^ (h >>> 33)) * 0xff51afd7ed558ccdL;
        h = (h ^ (h >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return (int) (h ^ (h >>> 33)) & mask;
    }

    /**
     * What the index reads of an event of one type, from its schema: the position of its first
     * ORDER field and of its first PID field (-1 when it has none), and the fields that name an
     * indexed object, with their kinds.
     */
    private record Plan(int order, int pid, int[] at, Ref[] kind) {
        static Plan of(Schema s) {
            List<Field> fs = s.fields();
            int order = -1;
            int pid = -1;
            int[] at = new int[fs.size()];
            Ref[] kind = new Ref[fs.size()];
            int n = 0;
            for (int i = 0; i < fs.size(); i++) {
                Ref r = fs.get(i).type().ref();
                if (r == Ref.ORDER && order < 0) {
                    order = i;
                } else if (r == Ref.PID && pid < 0) {
                    pid = i;
                } else if (indexes(r)) {
                    at[n] = i;
                    kind[n++] = r;
                }
            }
            return new Plan(order, pid, Arrays.copyOf(at, n), Arrays.copyOf(kind, n));
        }
    }

    /** The plans of the constants of an enum of event types, by ordinal. */
    private static final ClassValue<Plan[]> PLANS = new ClassValue<>() {
        @Override
        protected Plan[] computeValue(Class<?> types) {
            Object[] constants = types.getEnumConstants();
            Plan[] plans = new Plan[constants.length];
            for (int i = 0; i < plans.length; i++) {
                plans[i] = Plan.of(((EventType) constants[i]).schema());
            }
            return plans;
        }
    };

    private static Plan plan(EventType type) {
        if (type instanceof Enum<?> e) {
            return PLANS.get(e.getDeclaringClass())[e.ordinal()];
        }
        return Plan.of(type.schema());
    }

    /**
     * Builds an index event by event, in increasing steps. Not thread-safe; {@link #build()} hands
     * the arrays over to an immutable index, after which the builder must not be used.
     */
    static final class Builder {
        private static final int INITIAL_SLOTS = 1 << 8;
        /**
         * The room a new key's list starts with: four steps, as a write fault names its page, its
         * folio and its address in four events each, so their lists neither grow nor are cut.
         */
        private static final int INITIAL_STEPS = 4;

        private long[] keys = new long[INITIAL_SLOTS];
        private int[][] steps = new int[INITIAL_SLOTS][];
        private int[] sizes = new int[INITIAL_SLOTS];
        private int objects;
        private int maxOrder = -1;
        private long pairs;

        /**
         * Indexes the objects the event at {@code step} names (as {@link Event#refs()} lists
         * them), from its type's schema, the pid it ran for and its fields.
         *
         * @throws IllegalArgumentException for a step before one already indexed, or a value the
         *     index cannot key (see the class comment)
         */
        void add(int step, EventType type, int pid, long[] args) {
            Plan p = plan(type);
            int order = p.order < 0 ? 0 : (int) Math.min(Math.max(args[p.order], 0), PFN_BITS);
            long space = p.pid < 0 ? pid : args[p.pid];
            for (int j = 0; j < p.at.length; j++) {
                long v = args[p.at[j]];
                if (v < 0) {
                    continue;
                }
                switch (p.kind[j]) {
                    case PFN -> block(step, v, order);
                    case FOLIO -> put(K_FOLIO | checked(step, "folio", v, PFN_BITS), step);
                    case ZONE -> put(K_ZONE | checked(step, "zone", v, KIND_SHIFT), step);
                    case VMA -> put(K_VMA | checked(step, "VMA", v, KIND_SHIFT), step);
                    case ADDRESS -> {
                        if (space >= 0) {
                            checked(step, "pid", space, PID_BITS);
                            checked(step, "user address", v >>> PAGE_SHIFT, VPN_BITS);
                            put(addressKey(space, v), step);
                        }
                    }
                    default -> throw new AssertionError(p.kind[j]);
                }
            }
        }

        private static long checked(int step, String what, long value, int bits) {
            if (value >= 1L << bits) {
                throw new IllegalArgumentException("the event at step " + step + " names " + what + " 0x"
                        + Long.toHexString(value) + (what.equals("user address") ? " (page number)" : "")
                        + ", more than the object index's " + bits + " bits can key");
            }
            return value;
        }

        /** Indexes the block of 2^order pfns from {@code pfn} as the aligned blocks that tile it. */
        private void block(int step, long pfn, int order) {
            checked(step, "pfn", pfn, PFN_BITS);
            long end = Math.min(pfn + (1L << order), 1L << PFN_BITS);
            for (long lo = pfn; lo < end;) {
                int k = Math.min(order, Long.numberOfTrailingZeros(lo));
                while (lo + (1L << k) > end) {
                    k--;
                }
                put(pfnKey(lo, k), step);
                maxOrder = Math.max(maxOrder, k);
                lo += 1L << k;
            }
        }

        private void put(long key, int step) {
            int mask = keys.length - 1;
            int i = slot(key, mask);
            for (;; i = (i + 1) & mask) {
                long k = keys[i];
                if (k == key) {
                    break;
                }
                if (k == 0) {
                    if (4L * (objects + 1) > 3L * keys.length) {
                        grow();
                        put(key, step);
                        return;
                    }
                    keys[i] = key;
                    steps[i] = new int[INITIAL_STEPS];
                    objects++;
                    break;
                }
            }
            int n = sizes[i];
            int[] l = steps[i];
            if (n > 0 && l[n - 1] >= step) {
                if (l[n - 1] == step) {
                    return;
                }
                throw new IllegalArgumentException("step " + step + " indexed after step " + l[n - 1]);
            }
            if (n == l.length) {
                l = Arrays.copyOf(l, n + (n >> 1) + 2);
                steps[i] = l;
            }
            l[n] = step;
            sizes[i] = n + 1;
            pairs++;
        }

        /** Doubles the table. */
        private void grow() {
            long[] oldKeys = keys;
            int[][] oldSteps = steps;
            int[] oldSizes = sizes;
            keys = new long[oldKeys.length * 2];
            steps = new int[keys.length][];
            sizes = new int[keys.length];
            int mask = keys.length - 1;
            for (int j = 0; j < oldKeys.length; j++) {
                if (oldKeys[j] != 0) {
                    int i = slot(oldKeys[j], mask);
                    while (keys[i] != 0) {
                        i = (i + 1) & mask;
                    }
                    keys[i] = oldKeys[j];
                    steps[i] = oldSteps[j];
                    sizes[i] = oldSizes[j];
                }
            }
        }

        /** The index of every event added, its lists cut to their length. */
        ObjectIndex build() {
            for (int i = 0; i < keys.length; i++) {
                if (keys[i] != 0 && steps[i].length != sizes[i]) {
                    steps[i] = Arrays.copyOf(steps[i], sizes[i]);
                }
            }
            ObjectIndex index = new ObjectIndex(keys, steps, maxOrder, objects, pairs);
            keys = null;
            steps = null;
            sizes = null;
            return index;
        }
    }
}
