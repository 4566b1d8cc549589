package dev.folioscope.web.debugger;

import com.vaadin.flow.router.QueryParameters;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.web.base.Echo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The debugger's query string: {@code step}, then the {@link Focus} with one parameter per
 * {@link FocusKey} ({@code zone}, {@code order}, {@code mt}, {@code pfn}, {@code cpu}, {@code pid},
 * {@code va}...). Parsing never fails: a bad parameter is reported in {@link Parsed#problems()}
 * (naming it, its value shortened by {@link Echo#value}) and clamped (the step) or left out (a
 * focus key), so any link opens somewhere sensible.
 */
final class CursorParams {
    static final String STEP = "step";

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
     * @param booted the kernel at step 0, for the zones that exist, the pfn range, the CPUs
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
        Focus focus = Focus.parse(params, booted, problems);
        return new Parsed(step, focus, List.copyOf(problems));
    }

    /**
     * format() - the query parameters of a cursor position, in a stable order: the step, then
     * the focus keys in {@link FocusKey#ALL} order.
     *
     * @return parameter name to value; focus keys without a value are left out.
     */
    static Map<String, String> format(int step, Focus focus) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put(STEP, Integer.toString(step));
        q.putAll(focus.format());
        return q;
    }

    /**
     * focusQuery() - a focus as a stored moment keeps it (bookmarks, named links): the query
     * string of its keys, without the step.
     *
     * @return e.g. {@code zone=DMA&pfn=0x200}, "" for no focus.
     */
    static String focusQuery(Focus focus) {
        return queryString(focus.format());
    }

    /**
     * params() - the first value of each parameter of a navigation's query, as {@link #parse}
     * takes them.
     *
     * @param query the parameters; those without a value are left out
     * @return name to first value.
     */
    static Map<String, String> params(QueryParameters query) {
        Map<String, String> first = new LinkedHashMap<>();
        query.getParameters().forEach((k, v) -> {
            if (!k.isEmpty() && !v.isEmpty()) {
                first.put(k, v.getFirst());
            }
        });
        return first;
    }

    /**
     * params() - the parameters of a query string as {@link #queryString} wrote it (a stored
     * {@link #focusQuery}), in its order, for {@link #parse}.
     *
     * @param query e.g. {@code zone=DMA&pfn=0x200}
     * @return name to first value, in the query's order; pairs without a value or that do not
     *     decode are left out.
     */
    static Map<String, String> params(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && eq < pair.length() - 1) {
                try {
                    params.putIfAbsent(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                } catch (IllegalArgumentException malformed) {
                    // not written by queryString: nothing to restore from it
                }
            }
        }
        return params;
    }

    /**
     * queryString() - a cursor position as the query string of a link, in {@link #format} order,
     * each name and value URL-encoded.
     *
     * @param ordered the parameters in the order to write them, as {@link #format} gives them
     * @return e.g. {@code step=12&zone=DMA&pfn=0x200}.
     */
    static String queryString(Map<String, String> ordered) {
        StringBuilder sb = new StringBuilder();
        ordered.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "&").append(encode(k)).append('=').append(encode(v)));
        return sb.toString();
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A pfn as the kernel prints it in traces: 0x-prefixed lower-case hex. */
    static String hex(long pfn) {
        return FocusKey.hex(pfn);
    }

    private static Long parseLong(String s) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
