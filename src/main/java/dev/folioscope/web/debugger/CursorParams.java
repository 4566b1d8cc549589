package dev.folioscope.web.debugger;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmzone.MigrateType;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.mmzone.ZoneType;
import dev.folioscope.web.base.Echo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The debugger's query string: {@code step}, {@code zone}, {@code order}, {@code mt},
 * {@code pfn}, {@code cpu} (a per-CPU list rather than a buddy free list). Parsing never fails: a bad parameter is reported in {@link Parsed#problems()}
 * (naming it, its value shortened by {@link Echo#value}) and replaced by a valid value, so any
 * link opens somewhere sensible.
 */
final class CursorParams {
    static final String STEP = "step";
    static final String ZONE = "zone";
    static final String ORDER = "order";
    static final String MT = "mt";
    static final String PFN = "pfn";
    static final String CPU = "cpu";

    private CursorParams() {
    }

    /** The outcome of parsing: a valid step and focus, and one message per bad parameter. */
    record Parsed(int step, Focus focus, List<String> problems) {
    }

    /**
     * parse() - read the query parameters against a recording.
     *
     * @param params first value of each query parameter (absent parameters are missing keys)
     * @param lastStep the recording's last step
     * @param booted the kernel at step 0, for the zones that exist and the pfn range
     * @return a valid cursor position and the problems found.
     */
    static Parsed parse(Map<String, String> params, int lastStep, Kernel booted) {
        List<String> problems = new ArrayList<>();
        int step = 0;
        String s = params.get(STEP);
        if (s != null) {
            Long v = parseLong(s);
            if (v == null) {
                problems.add("step '" + Echo.value(s) + "' is not a number; showing step 0");
            } else if (v < 0 || v > lastStep) {
                step = v < 0 ? 0 : lastStep;
                problems.add("step " + Echo.value(s) + " is outside 0.." + lastStep + "; showing step " + step);
            } else {
                step = v.intValue();
            }
        }
        Integer zone = null;
        String z = params.get(ZONE);
        if (z != null) {
            zone = zoneIndex(z, booted);
            if (zone == null) {
                problems.add("zone '" + Echo.value(z) + "' is not a populated zone of this machine ("
                        + populatedNames(booted) + ")");
            }
        }
        Integer order = null;
        String o = params.get(ORDER);
        if (o != null) {
            Long v = parseLong(o);
            if (v == null || v < 0 || v > Zone.MAX_PAGE_ORDER) {
                problems.add("order '" + Echo.value(o) + "' is not an order 0.." + Zone.MAX_PAGE_ORDER);
            } else {
                order = v.intValue();
            }
        }
        Integer mt = null;
        String m = params.get(MT);
        if (m != null) {
            mt = migratetype(m);
            if (mt == null) {
                problems.add("mt '" + Echo.value(m) + "' is not a migratetype (" + migratetypeNames() + ")");
            }
        }
        Integer pfn = null;
        String p = params.get(PFN);
        if (p != null) {
            Long v = parsePfn(p);
            if (v == null || v < 0 || v >= booted.mem().nrPages()) {
                problems.add("pfn '" + Echo.value(p) + "' is not a pfn of this machine (0x0.."
                        + hex(booted.mem().nrPages() - 1) + ")");
            } else {
                pfn = v.intValue();
            }
        }
        Integer cpu = null;
        String c = params.get(CPU);
        if (c != null) {
            Long v = parseLong(c);
            int cpus = booted.config().cpus();
            if (v == null || v < 0 || v >= cpus) {
                problems.add("cpu '" + Echo.value(c) + "' is not a CPU of this machine (0.." + (cpus - 1) + ")");
            } else {
                cpu = v.intValue();
            }
        }
        return new Parsed(step, new Focus(zone, order, mt, pfn, cpu), List.copyOf(problems));
    }

    /**
     * format() - the query parameters of a cursor position, in a stable order.
     *
     * @return parameter name to value; focus parts that are null are left out.
     */
    static Map<String, String> format(int step, Focus focus) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put(STEP, Integer.toString(step));
        if (focus.zone() != null) {
            q.put(ZONE, ZoneType.values()[focus.zone()].kernelName());
        }
        if (focus.order() != null) {
            q.put(ORDER, Integer.toString(focus.order()));
        }
        if (focus.mt() != null) {
            q.put(MT, MigrateType.of(focus.mt()).procName());
        }
        if (focus.pfn() != null) {
            q.put(PFN, hex(focus.pfn()));
        }
        if (focus.cpu() != null) {
            q.put(CPU, Integer.toString(focus.cpu()));
        }
        return q;
    }

    /** A pfn as the kernel prints it in traces: 0x-prefixed lower-case hex. */
    static String hex(long pfn) {
        return "0x" + Long.toHexString(pfn);
    }

    private static Integer zoneIndex(String name, Kernel booted) {
        for (Zone zone : booted.node().zones()) {
            if (zone.isPopulated() && zone.name().equalsIgnoreCase(name.strip())) {
                return zone.index();
            }
        }
        return null;
    }

    private static Integer migratetype(String name) {
        for (MigrateType t : MigrateType.values()) {
            if (t.procName().equalsIgnoreCase(name.strip()) || t.name().equalsIgnoreCase(name.strip())) {
                return t.ordinal();
            }
        }
        return null;
    }

    private static String populatedNames(Kernel booted) {
        return String.join(", ", booted.node().zones().stream().filter(Zone::isPopulated).map(Zone::name).toList());
    }

    private static String migratetypeNames() {
        List<String> names = new ArrayList<>();
        for (MigrateType t : MigrateType.values()) {
            names.add(t.procName());
        }
        return String.join(", ", names);
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long parsePfn(String s) {
        String t = s.strip().toLowerCase(Locale.ROOT);
        try {
            return t.startsWith("0x") ? Long.parseLong(t.substring(2), 16) : Long.parseLong(t);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
