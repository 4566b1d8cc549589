package dev.folioscope.web.debugger;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.web.base.Echo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * One key of the debugger's {@link Focus}, declared once: its name in the URL, how its value is
 * written there, how a value from a link is read and checked against the recording's machine,
 * and what a bad value is said not to be. Links name each key as {@code name=value}; the keys
 * stand in the URL in the order they are declared here ({@link #ALL}), after {@code step}.
 *
 * <p>A new view that needs a key declares one constant here, where it should stand in the URL,
 * and reads it with {@link Focus#get}; reading links, the messages for bad values and writing
 * the URL come with the declaration. Existing links only ever gain keys: never rename or reorder
 * a key that links already carry.
 *
 * @param <T> the value's type
 */
final class FocusKey<T> {
    /** The largest user virtual address plus one: 57 bits, as with 5-level page tables. */
    static final long USER_VA_END = 1L << 57;

    /** Filled by the constructor in declaration order: must stand before the constants. */
    private static final List<FocusKey<?>> DECLARED = new ArrayList<>();

    /** Which view (tab) is in front. */
    static final FocusKey<ViewKind> VIEW = new FocusKey<>("view", ViewKind::urlName, (s, k) -> ViewKind.of(s),
            k -> "a view of the debugger (" + ViewKind.names() + ")", null);
    /** A process, by pid. Processes are not modelled yet: any pid 0.. is taken. */
    static final FocusKey<Integer> PID = decimal("pid", k -> Integer.MAX_VALUE + 1L, k -> "a process id (0 or more)");
    /** A VMA, by the id the model numbers VMAs with as it creates them. */
    static final FocusKey<Integer> VMA = decimal("vma", k -> Integer.MAX_VALUE + 1L, k -> "a VMA id (0 or more)");
    /** A user virtual address, in hex; it means something only in a process, so it needs {@link #PID}. */
    static final FocusKey<Long> VA = new FocusKey<>("va", FocusKey::hex, (s, k) -> below(parseNumber(s), USER_VA_END),
            k -> "a user virtual address (0x0.." + hex(USER_VA_END - 1) + ")", PID);
    /** A zone, by its kernel name (DMA, DMA32, Normal...); held as its index. */
    static final FocusKey<Integer> ZONE = new FocusKey<>("zone", z -> ZoneType.values()[z].kernelName(),
            FocusKey::populatedZone, k -> "a populated zone of this machine (" + populatedNames(k) + ")", null);
    /** A block order: with {@link #MT}, a free list. */
    static final FocusKey<Integer> ORDER = decimal("order", k -> Zone.MAX_PAGE_ORDER + 1L,
            k -> "an order 0.." + Zone.MAX_PAGE_ORDER);
    /** A migratetype, by its /proc/pagetypeinfo name; held as its ordinal. */
    static final FocusKey<Integer> MT = new FocusKey<>("mt", m -> MigrateType.of(m).procName(),
            (s, k) -> migratetype(s), k -> "a migratetype (" + migratetypeNames() + ")", null);
    /** A page, by its page frame number (hex in the URL, decimal accepted). */
    static final FocusKey<Integer> PFN = pfn("pfn", "a pfn of this machine");
    /** A folio, by the pfn of its head page. */
    static final FocusKey<Integer> FOLIO = pfn("folio", "a folio's head pfn on this machine");
    /** A CPU: with a list focused, that CPU's per-CPU list rather than the buddy free list. */
    static final FocusKey<Integer> CPU = decimal("cpu", k -> k.config().cpus(),
            k -> "a CPU of this machine (0.." + (k.config().cpus() - 1) + ")");

    /** The LRU view's window for its moves: the last N steps (see {@link LruMoves}). */
    static final FocusKey<Integer> MOVES = new FocusKey<>("moves", v -> Integer.toString(v),
            (s, k) -> toInt(below(parseDecimal(s), LruMoves.MAX_WINDOW + 1L)) instanceof Integer n && n > 0 ? n : null,
            k -> "a number of steps for the LRU moves (1.." + LruMoves.MAX_WINDOW + ")", null);

    /** Every key, in URL order. */
    static final List<FocusKey<?>> ALL = List.copyOf(DECLARED);

    private final String name;
    private final int index;
    private final Function<? super T, String> print;
    private final BiFunction<String, Kernel, T> parse;
    private final Function<Kernel, String> expected;
    private final FocusKey<?> requires;

    /**
     * @param name the URL parameter
     * @param print the value as the URL shows it
     * @param parse the value of a URL parameter (stripped, any case) on the booted machine, or null
     *     when it is not a valid one
     * @param expected what a valid value is, for the message on a bad one: "a pfn of this machine
     *     (0x0..0xfff)" ("pfn 'zz' is not a pfn of this machine (0x0..0xfff)")
     * @param requires a key declared earlier without which this one means nothing, or null
     */
    private FocusKey(String name, Function<? super T, String> print, BiFunction<String, Kernel, T> parse,
            Function<Kernel, String> expected, FocusKey<?> requires) {
        this.name = name;
        this.index = DECLARED.size();
        this.print = print;
        this.parse = parse;
        this.expected = expected;
        this.requires = requires;
        DECLARED.add(this);
    }

    /** The URL parameter's name. */
    String name() {
        return name;
    }

    /** The position in {@link #ALL}. */
    int index() {
        return index;
    }

    /** The key this one needs beside it, or null. */
    FocusKey<?> requires() {
        return requires;
    }

    /** A value as the URL shows it. */
    String print(T value) {
        return print.apply(value);
    }

    /**
     * parse() - read a URL value.
     *
     * @param raw the parameter's value as received
     * @param booted the recording's machine at step 0 (its zones, pages and CPUs)
     * @return the value, or null if {@code raw} is not a valid value there
     */
    T parse(String raw, Kernel booted) {
        return parse.apply(raw.strip(), booted);
    }

    /** The message for a value {@link #parse} refused, naming the key and the value (shortened). */
    String notValid(String raw, Kernel booted) {
        return name + " '" + Echo.value(raw) + "' is not " + expected.apply(booted);
    }

    /** The message for a valid value whose {@link #requires} key is missing. */
    String unmet(String raw) {
        return name + " '" + Echo.value(raw) + "' needs " + requires.name + " as well: without it, it names nothing";
    }

    @Override
    public String toString() {
        return name;
    }

    /** A number as the kernel prints addresses and pfns in traces: 0x-prefixed lower-case hex. */
    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** A decimal key with values 0..end(machine) - 1. */
    private static FocusKey<Integer> decimal(String name, ToLongFunction<Kernel> end, Function<Kernel, String> expected) {
        return new FocusKey<>(name, v -> Integer.toString(v), (s, k) -> toInt(below(parseDecimal(s), end.applyAsLong(k))),
                expected, null);
    }

    /** A key holding a pfn of the machine: hex in the URL, 0x-prefixed or decimal in a link. */
    private static FocusKey<Integer> pfn(String name, String what) {
        return new FocusKey<>(name, FocusKey::hex, (s, k) -> toInt(below(parseNumber(s), k.mem().nrPages())),
                k -> what + " (0x0.." + hex(k.mem().nrPages() - 1) + ")", null);
    }

    private static Long below(Long v, long end) {
        return v == null || v < 0 || v >= end ? null : v;
    }

    private static Integer toInt(Long v) {
        return v == null ? null : Math.toIntExact(v);
    }

    private static Long parseDecimal(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** 0x-prefixed hex, or decimal. */
    private static Long parseNumber(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        if (!t.startsWith("0x")) {
            return parseDecimal(t);
        }
        try {
            return Long.parseLong(t.substring(2), 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer populatedZone(String name, Kernel booted) {
        for (Zone zone : booted.node().zones()) {
            if (zone.isPopulated() && zone.name().equalsIgnoreCase(name)) {
                return zone.index();
            }
        }
        return null;
    }

    private static Integer migratetype(String name) {
        for (MigrateType t : MigrateType.values()) {
            if (t.procName().equalsIgnoreCase(name) || t.name().equalsIgnoreCase(name)) {
                return t.ordinal();
            }
        }
        return null;
    }

    private static String populatedNames(Kernel booted) {
        return String.join(", ", booted.node().zones().stream().filter(Zone::isPopulated).map(Zone::name).toList());
    }

    private static String migratetypeNames() {
        return String.join(", ", Arrays.stream(MigrateType.values()).map(MigrateType::procName).toList());
    }
}
