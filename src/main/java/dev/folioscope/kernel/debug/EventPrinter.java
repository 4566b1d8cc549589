package dev.folioscope.kernel.debug;

import dev.folioscope.kernel.mmap.Mman;
import dev.folioscope.kernel.mmap.VmFlags;
import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.Watermark;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.kernel.pagealloc.AllocFlags;
import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.trace.Described;
import dev.folioscope.kernel.trace.Errno;
import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.Field;
import dev.folioscope.kernel.trace.FieldType;
import dev.folioscope.kernel.trace.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * Events in words, from their schemas alone: each field printed by its type (a zone by name, a
 * pfn in hex, a gfp mask decoded...) and the schema's sentence filled in (see
 * {@link Schema#says()}). What a trace's print format is to a tracepoint; nothing here knows one
 * event type from another.
 */
public final class EventPrinter {
    private EventPrinter() {
    }

    /**
     * One printed field: the kernel's name for it, its value in words, and the raw value, which
     * links to the object it names ({@link FieldType#ref()}).
     */
    public record Arg(Field field, String value, long raw) {
    }

    /** An event's values, as a recording holds them. */
    public record Values(EventType type, int cpu, int pid, long[] args, long result) {
    }

    /** "__rmqueue_smallest(Normal, order=0, Movable) = 0x1200": the function with its fields and result. */
    public static String summary(Values e) {
        Schema s = e.type().schema();
        StringBuilder sb = new StringBuilder(s.function()).append('(');
        for (int i = 0; i < s.arity(); i++) {
            Field f = s.fields().get(i);
            sb.append(i == 0 ? "" : ", ").append(f.name()).append('=').append(value(f, e.args()[i]));
        }
        sb.append(')');
        if (s.isCall()) {
            sb.append(" = ").append(value(s.result(), e.result()));
        }
        return sb.toString();
    }

    /** The fields, then a call's result, each printed. */
    public static List<Arg> args(Values e) {
        Schema s = e.type().schema();
        List<Arg> out = new ArrayList<>();
        for (int i = 0; i < s.arity(); i++) {
            Field f = s.fields().get(i);
            out.add(new Arg(f, detail(f, e.args()[i]), e.args()[i]));
        }
        if (s.isCall()) {
            out.add(new Arg(s.result(), detail(s.result(), e.result()), e.result()));
        }
        return out;
    }

    /** The schema's sentence with this event's values. */
    public static String says(Values e) {
        StringBuilder sb = new StringBuilder();
        String t = e.type().schema().says();
        int end = fill(t, 0, e, sb, false);
        if (end != t.length()) {
            throw new IllegalArgumentException(e.type().name() + ": unbalanced '}' at " + end + " in: " + t);
        }
        return sb.toString();
    }

    /**
     * Copies {@code t} from {@code at} into {@code sb} (when {@code emit}), filling placeholders,
     * up to the end or to the '|' or '}' that closes the branch being read; returns where it stopped.
     */
    private static int fill(String t, int at, Values e, StringBuilder sb, boolean inBranch) {
        while (at < t.length()) {
            char c = t.charAt(at);
            if (inBranch && (c == '|' || c == '}')) {
                return at;
            }
            if (c != '{') {
                sb.append(c);
                at++;
                continue;
            }
            int nameEnd = at + 1;
            while (nameEnd < t.length() && "}:?".indexOf(t.charAt(nameEnd)) < 0) {
                nameEnd++;
            }
            if (nameEnd == t.length()) {
                throw new IllegalArgumentException(e.type().name() + ": unclosed '{' in: " + t);
            }
            String name = t.substring(at + 1, nameEnd);
            int range = name.indexOf("..");
            if (range >= 0 && t.charAt(nameEnd) == '}') {
                long pfn = raw(e, name.substring(0, range));
                long order = raw(e, name.substring(range + 2));
                sb.append("0x").append(Long.toHexString(pfn)).append("-0x")
                        .append(Long.toHexString(pfn + (1L << order) - 1));
                at = nameEnd + 1;
                continue;
            }
            Field f = field(e, name);
            long v = raw(e, name);
            char op = t.charAt(nameEnd);
            if (op == '}') {
                sb.append(value(f, v));
                at = nameEnd + 1;
            } else if (op == ':') {
                int close = t.indexOf('}', nameEnd);
                sb.append(form(e, t, t.substring(nameEnd + 1, close), f, v));
                at = close + 1;
            } else {
                boolean yes = f.type() == FieldType.BOOL ? v == 1 : v != -1;
                StringBuilder then = new StringBuilder();
                StringBuilder otherwise = new StringBuilder();
                int bar = fill(t, nameEnd + 1, e, then, true);
                int close = bar < t.length() && t.charAt(bar) == '|' ? fill(t, bar + 1, e, otherwise, true) : bar;
                if (close >= t.length() || t.charAt(close) != '}') {
                    throw new IllegalArgumentException(e.type().name() + ": unclosed branch in: " + t);
                }
                sb.append(yes ? then : otherwise);
                at = close + 1;
            }
        }
        return at;
    }

    /**
     * {@code {name:text}} the explanation, {@code {name:hex}} the raw value as %#x prints it,
     * {@code {name:7}} the raw value in decimal, right-aligned in that many columns (as %7d).
     */
    private static String form(Values e, String t, String form, Field f, long v) {
        if (form.equals("text")) {
            return text(f, v);
        }
        if (form.equals("hex")) {
            return v == 0 ? "0" : "0x" + Long.toHexString(v);
        }
        if (form.matches("[0-9]{1,2}")) {
            String s = Long.toString(v);
            return " ".repeat(Math.max(0, Integer.parseInt(form) - s.length())) + s;
        }
        throw new IllegalArgumentException(e.type().name() + ": unknown form in: " + t);
    }

    private static Field field(Values e, String name) {
        Schema s = e.type().schema();
        return switch (name) {
            case "result" -> {
                if (!s.isCall()) {
                    throw new IllegalArgumentException(e.type().name() + " is a point: it has no result");
                }
                yield s.result();
            }
            case "cpu" -> new Field("cpu", FieldType.CPU, null);
            case "pid" -> new Field("pid", FieldType.INT, null);
            default -> s.fields().get(index(e, name));
        };
    }

    private static int index(Values e, String name) {
        int i = e.type().schema().indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(e.type().name() + " has no field " + name);
        }
        return i;
    }

    private static long raw(Values e, String name) {
        return switch (name) {
            case "result" -> e.result();
            case "cpu" -> e.cpu();
            case "pid" -> e.pid();
            default -> e.args()[index(e, name)];
        };
    }

    /** A value as the field's type prints it, short: "Normal", "0x1200", "3 pages", "GFP_KERNEL". */
    public static String value(Field f, long v) {
        return switch (f.type()) {
            case INT, ORDER, CPU -> Long.toString(v);
            case PAGES -> count(v, "page");
            case BLOCKS -> count(v, "block");
            case BOOL -> v == 1 ? "true" : "false";
            case STEP -> "#" + (v + 1);
            case ZONE -> v >= 0 && v < ZoneType.COUNT ? ZoneType.values()[(int) v].kernelName() : "none";
            case PFN -> v < 0 ? "NULL" : "0x" + Long.toHexString(v);
            case MIGRATETYPE -> v >= 0 && v < MigrateType.COUNT ? MigrateType.of((int) v).procName() : "none";
            case GFP -> Gfp.format((int) v);
            case ALLOC_FLAGS -> AllocFlags.format((int) v);
            case WATERMARK -> "WMARK_" + Watermark.of((int) v).name();
            case ZONE_FLAG -> Zone.flagName((int) v);
            case ENUM -> f.constants().get((int) v).name();
            case PID -> "pid " + v;
            case VM_FLAGS -> VmFlags.format(v);
            case PROT -> Mman.formatProt(v);
            case MAP_FLAGS -> Mman.formatMapFlags(v);
            case ADDR, PTE -> "0x" + Long.toHexString(v);
            case BYTES -> v + " bytes";
            case VMA -> v < 0 ? "none" : "vma #" + v;
            case FOLIO -> v < 0 ? "NULL" : "0x" + Long.toHexString(v);
            case ERRNO -> v < 0 ? Errno.name((int) -v) : Long.toString(v);
            case LRU_LIST -> v >= 0 && v < LruList.COUNT ? LruList.of((int) v).kernelName() : "none";
            case INODE -> v < 0 ? "none" : "inode " + v;
            case PGOFF -> Long.toString(v);
            case FD -> "fd " + v;
            case COMM -> comm(v);
        };
    }

    /** A value with what helps read it: a pfn also in decimal, an order also in pages. */
    public static String detail(Field f, long v) {
        return switch (f.type()) {
            case PFN -> v < 0 ? "NULL" : value(f, v) + " (" + v + ")";
            case ORDER -> v < 0 ? "none" : v + " (" + count(1L << v, "page") + ")";
            default -> value(f, v);
        };
    }

    /** An enum value's explanation ({@link Described#text()}), else its printed value. */
    public static String text(Field f, long v) {
        if (f.type() == FieldType.ENUM && f.constants().get((int) v) instanceof Described d) {
            return d.text();
        }
        return value(f, v);
    }

    /** The characters of one COMM field, up to its first zero byte. */
    private static String comm(long v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8 && (v >>> (8 * i) & 0xff) != 0; i++) {
            sb.append((char) (v >>> (8 * i) & 0xff));
        }
        return sb.toString();
    }

    /** "1 page", "3 pages". */
    public static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
