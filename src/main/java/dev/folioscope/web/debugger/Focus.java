package dev.folioscope.web.debugger;

import dev.folioscope.kernel.Kernel;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * What the user is looking at besides the step: a value for some of the {@link FocusKey}s (a
 * process and an address in it, a zone, a free list, a page, a CPU's list, the view in front...),
 * each may be absent. Immutable; {@link #with} makes a changed copy.
 *
 * <p>The allocator panels read it through the shorthands {@link #zone()} ... {@link #cpu()}: a
 * zone, a list of free blocks (an order and a migratetype, on the buddy lists or, with a CPU, on
 * that CPU's per-CPU lists) and a page.
 */
final class Focus {
    static final Focus NONE = new Focus(new Object[FocusKey.ALL.size()]);

    /** By {@link FocusKey#index()}; null where a key has no value. */
    private final Object[] values;

    private Focus(Object[] values) {
        this.values = values;
    }

    /** The value of a key, or null. */
    @SuppressWarnings("unchecked")
    <T> T get(FocusKey<T> key) {
        return (T) values[key.index()];
    }

    boolean has(FocusKey<?> key) {
        return values[key.index()] != null;
    }

    /**
     * with() - this focus with one key changed.
     *
     * @param key the key
     * @param value its new value, or null to drop it
     * @return a new focus (this one if nothing changes).
     */
    <T> Focus with(FocusKey<T> key, T value) {
        if (java.util.Objects.equals(values[key.index()], value)) {
            return this;
        }
        Object[] v = values.clone();
        v[key.index()] = value;
        return new Focus(v);
    }

    /** Zone index ({@link dev.folioscope.kernel.mmzone.ZoneType} ordinal), or null. */
    Integer zone() {
        return get(FocusKey.ZONE);
    }

    /** Block order 0..MAX_PAGE_ORDER, or null. */
    Integer order() {
        return get(FocusKey.ORDER);
    }

    /** Migratetype ordinal, or null. */
    Integer mt() {
        return get(FocusKey.MT);
    }

    /** Page frame number, or null. */
    Integer pfn() {
        return get(FocusKey.PFN);
    }

    /** The CPU whose per-CPU list is focused, or null for the buddy free list. */
    Integer cpu() {
        return get(FocusKey.CPU);
    }

    Focus withZone(Integer z) {
        return with(FocusKey.ZONE, z);
    }

    /** free_area[o].free_list[m] of zone z. */
    Focus withFreeList(int z, int o, int m) {
        return withList(z, null, o, m);
    }

    /** The per-CPU list of CPU c for order o and migratetype m in zone z. */
    Focus withPcpList(int z, int c, int o, int m) {
        return withList(z, c, o, m);
    }

    private Focus withList(int z, Integer c, int o, int m) {
        return with(FocusKey.ZONE, z).with(FocusKey.ORDER, o).with(FocusKey.MT, m).with(FocusKey.CPU, c);
    }

    Focus withPfn(Integer p) {
        return with(FocusKey.PFN, p);
    }

    /** Whether a list (buddy or per-CPU) of zone z is focused. */
    boolean listIn(int z) {
        Integer zone = zone();
        return zone != null && zone == z && order() != null && mt() != null;
    }

    /**
     * parse() - the focus a link's parameters name. Never fails: a bad value, or a value whose
     * {@link FocusKey#requires()} key is missing, adds one message to {@code problems} (naming the
     * key, the value shortened) and leaves the key out.
     *
     * @param params first value of each query parameter; names that are not keys are ignored
     * @param booted the recording's machine at step 0
     * @param problems receives one message per bad parameter, in URL order
     * @return the valid part.
     */
    static Focus parse(Map<String, String> params, Kernel booted, List<String> problems) {
        Focus focus = NONE;
        for (FocusKey<?> key : FocusKey.ALL) {
            String raw = params.get(key.name());
            if (raw != null) {
                focus = focus.read(key, raw, booted, problems);
            }
        }
        return focus;
    }

    private <T> Focus read(FocusKey<T> key, String raw, Kernel booted, List<String> problems) {
        T value = key.parse(raw, booted);
        if (value == null) {
            problems.add(key.notValid(raw, booted));
            return this;
        }
        if (key.requires() != null && !has(key.requires())) {
            problems.add(key.unmet(raw));
            return this;
        }
        return with(key, value);
    }

    /** The focus as URL parameters, in {@link FocusKey#ALL} order; keys without a value left out. */
    Map<String, String> format() {
        Map<String, String> q = new LinkedHashMap<>();
        for (FocusKey<?> key : FocusKey.ALL) {
            if (has(key)) {
                q.put(key.name(), printed(key));
            }
        }
        return q;
    }

    private <T> String printed(FocusKey<T> key) {
        return key.print(get(key));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Focus f && Arrays.equals(values, f.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringJoiner j = new StringJoiner("&", "Focus[", "]");
        format().forEach((k, v) -> j.add(k + "=" + v));
        return j.toString();
    }
}
