package dev.folioscope.cli;

import dev.folioscope.catalog.Catalog;
import dev.folioscope.kernel.debug.EventPrinter;
import dev.folioscope.kernel.trace.EventType;
import dev.folioscope.kernel.trace.EventTypes;
import dev.folioscope.recording.Event;
import dev.folioscope.recording.EventLog;
import dev.folioscope.recording.FieldDiff;
import dev.folioscope.recording.Recorder;
import dev.folioscope.recording.Recording;
import dev.folioscope.recording.RecordingFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code compare}: compares two recordings event by event, as rr's compare test does. Each side
 * is a recording file, loaded as the debugger loads one (its scenario re-run and checked against
 * its events, so a file from another build is refused), or a scenario recorded in memory first.
 * Identical means the same scenario text and event budget, the same events and the same final
 * state. Otherwise it reports the first differing events (each printed as the debugger prints it,
 * its differing fields through {@link FieldDiff}, as replay reports a divergence, and its call
 * path), then which events by type only one side has and the counters that differ at the end.
 * Events are compared at the same step: after a first difference that adds or removes events,
 * every later step may differ, so the first difference is the one to read.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare two recordings, or scenarios recorded first, event by event.",
            "Exit status: 0 identical, 1 they differ, 2 bad input."})
final class CompareCommand implements Callable<Integer> {
    private static final String SIDE = "a recording file written by 'record' (named *.rec, or any file that begins"
            + " as one), or a scenario: a YAML file or the name of a shipped scenario, recorded first";

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = SIDE)
    private String a;

    @Parameters(index = "1", paramLabel = "B", description = "the same for the other side")
    private String b;

    @Option(names = "--max-diffs", paramLabel = "N",
            description = "list the first N events that differ at the same step (default: ${DEFAULT-VALUE})")
    private int maxDiffs = 1;

    private PrintWriter out;

    @Override
    public Integer call() throws IOException, RecordingFile.BadRecordingException {
        if (maxDiffs < 1) {
            throw new UsageException("--max-diffs " + maxDiffs + ": at least 1");
        }
        Recording ra = recording(a);
        Recording rb = recording(b);
        out = spec.commandLine().getOut();
        EventLog la = ra.events();
        EventLog lb = rb.events();
        List<Difference> differing = differences(la, lb);
        boolean sameInput = ra.input().text().equals(rb.input().text()) && ra.eventBudget() == rb.eventBudget();
        if (sameInput && differing.isEmpty() && ra.finalDigest() == rb.finalDigest()) {
            out.printf(Locale.ROOT, "identical: %d events, the same scenario and final state%n", la.size());
            out.flush();
            return Cli.EXIT_OK;
        }
        out.printf(Locale.ROOT, "A: %s (%d events)%n", TerminalText.clean(a), la.size());
        out.printf(Locale.ROOT, "B: %s (%d events)%n", TerminalText.clean(b), lb.size());
        printInputs(ra, rb);
        for (Difference d : differing) {
            printDifference(d, la, lb);
        }
        printOnlyIn("A", la, lb);
        printOnlyIn("B", lb, la);
        printCounters(ra, rb);
        if (ra.finalDigest() != rb.finalDigest()) {
            out.printf(Locale.ROOT, "final state: A digest %016x, B digest %016x%n", ra.finalDigest(),
                    rb.finalDigest());
        }
        out.flush();
        return Cli.EXIT_DIFFERENT;
    }

    /**
     * The recording an argument names: a recording file (one named *.rec or beginning as one),
     * loaded and checked, else a scenario (see {@link ScenarioArgument}), recorded now.
     */
    private static Recording recording(String arg) throws IOException, RecordingFile.BadRecordingException {
        if (arg.endsWith(".rec") || beginsAsRecording(arg)) {
            Path file = Path.of(arg);
            try {
                return RecordingFile.load(file, Catalog::inputFromText);
            } catch (OutOfMemoryError e) {
                throw Cli.outOfMemory(file + ": re-running its scenario", null);
            }
        }
        var scenario = ScenarioArgument.resolve(arg);
        try {
            return Recorder.record(Catalog.input(scenario), n -> { });
        } catch (OutOfMemoryError e) {
            throw Cli.recordingTooLarge(arg);
        }
    }

    private static boolean beginsAsRecording(String arg) {
        try {
            return RecordingFile.beginsAsRecording(Path.of(arg));
        } catch (InvalidPathException e) {
            return false; // not a file name at all: ScenarioArgument says why
        }
    }

    /**
     * An event that differs: as it is reported (its type, header or fields, and then its result
     * too), or only in a call's result, which is known when the call returns.
     */
    private record Difference(int step, boolean onReturn) {
    }

    /**
     * The first {@link #maxDiffs} differences in the order the kernel ran into them, as replay
     * would meet them: a call's differing result counts when the call returns, after every event
     * inside it, so the cause inside comes first. Past the end of the shorter recording, the next
     * event of the longer is a difference.
     */
    private List<Difference> differences(EventLog la, EventLog lb) {
        List<Difference> found = new ArrayList<>();
        Deque<Integer> returning = new ArrayDeque<>();
        int common = Math.min(la.size(), lb.size());
        EventLog longer = la.size() >= lb.size() ? la : lb;
        int last = la.size() == lb.size() ? common : common + 1;
        for (int s = 1; s <= last && found.size() < maxDiffs; s++) {
            while (!returning.isEmpty() && longer.depth(s) <= longer.depth(returning.peek())) {
                found.add(new Difference(returning.pop(), true));
            }
            if (s > common) {
                found.add(new Difference(s, false));
                break;
            }
            Event x = la.get(s);
            Event y = lb.get(s);
            if (x.type() != y.type() || !FieldDiff.between(x, y).isEmpty()) {
                found.add(new Difference(s, false));
            } else if (x.schema().isCall() && x.result() != y.result()) {
                returning.push(s);
            }
        }
        while (!returning.isEmpty()) {
            found.add(new Difference(returning.pop(), true));
        }
        return found.subList(0, Math.min(found.size(), maxDiffs));
    }

    /** Every field in which two events of one type differ, a call's result last. */
    private static List<FieldDiff> fieldDiffs(Event x, Event y) {
        List<FieldDiff> d = new ArrayList<>(FieldDiff.between(x, y));
        if (x.schema().isCall()) {
            d.addAll(FieldDiff.ofResult(x.type(), x.result(), y.result()));
        }
        return d;
    }

    /** The scenario text's first differing line and the event budgets, where they differ. */
    private void printInputs(Recording ra, Recording rb) {
        String[] ta = ra.input().text().split("\n", -1);
        String[] tb = rb.input().text().split("\n", -1);
        int line = 0;
        while (line < ta.length && line < tb.length && ta[line].equals(tb[line])) {
            line++;
        }
        if (line < ta.length || line < tb.length) {
            out.printf(Locale.ROOT, "scenario text: differs first at line %d: A %s, B %s%n", line + 1,
                    quoted(ta, line), quoted(tb, line));
        }
        if (ra.eventBudget() != rb.eventBudget()) {
            out.printf(Locale.ROOT, "event budget: A %d, B %d%n", ra.eventBudget(), rb.eventBudget());
        }
    }

    private static String quoted(String[] lines, int i) {
        return i < lines.length ? "\"" + TerminalText.clean(lines[i]) + "\"" : "(end of text)";
    }

    /** Both events at a step as the debugger prints them, their differing fields and their call paths. */
    private void printDifference(Difference d, EventLog la, EventLog lb) {
        int step = d.step();
        Event x = step <= la.size() ? la.get(step) : null;
        Event y = step <= lb.size() ? lb.get(step) : null;
        out.printf(Locale.ROOT, "difference at step %d%s:%n", step, d.onReturn() ? ", on return" : "");
        printEvent("A", x, la);
        printEvent("B", y, lb);
        if (x != null && y != null) {
            if (x.type() != y.type()) {
                out.println("  different functions");
            } else {
                out.println("  fields that differ:");
                for (FieldDiff f : fieldDiffs(x, y)) {
                    out.printf(Locale.ROOT, "    %s: A %s, B %s%n", f.field(), f.a(), f.b());
                }
            }
        }
        printCallPath("A", x, la);
        if (y != null && (x == null || x.parent() != y.parent())) {
            printCallPath("B", y, lb);
        }
    }

    private void printEvent(String side, Event e, EventLog log) {
        if (e == null) {
            out.printf(Locale.ROOT, "  %s: no event: %s ends at step %d%n", side, side, log.size());
            return;
        }
        var values = new EventPrinter.Values(e.type(), e.cpu(), e.pid(), e.args(), e.result());
        out.printf(Locale.ROOT, "  %s: %s%n", side, EventPrinter.summary(values));
        out.printf(Locale.ROOT, "     %s%n", EventPrinter.says(values));
    }

    /** The calls around an event, from the top-level one in: "#12 step(step=#3) = 4". */
    private void printCallPath(String side, Event e, EventLog log) {
        if (e == null || e.parent() == 0) {
            return;
        }
        Deque<Event> path = new ArrayDeque<>();
        for (int p = e.parent(); p != 0; p = log.parent(p)) {
            path.addFirst(log.get(p));
        }
        out.printf(Locale.ROOT, "  call path in %s:%n", side);
        for (Event p : path) {
            var values = new EventPrinter.Values(p.type(), p.cpu(), p.pid(), p.args(), p.result());
            out.printf(Locale.ROOT, "    %s#%d %s%n", "  ".repeat(p.depth()), p.step(), EventPrinter.summary(values));
        }
    }

    /** "only in A: 3 events: expand 2, __rmqueue_smallest 1": by type, what {@code mine} has more of. */
    private void printOnlyIn(String side, EventLog mine, EventLog theirs) {
        int[] more = countByType(mine);
        int[] fewer = countByType(theirs);
        List<String> parts = new ArrayList<>();
        int total = 0;
        for (EventType t : EventTypes.all()) {
            int n = more[t.id()] - fewer[t.id()];
            if (n > 0) {
                parts.add(t.schema().function() + " " + n);
                total += n;
            }
        }
        if (total > 0) {
            out.printf(Locale.ROOT, "only in %s: %s: %s%n", side, EventPrinter.count(total, "event"),
                    String.join(", ", parts));
        }
    }

    private static int[] countByType(EventLog log) {
        int[] n = new int[EventTypes.all().size()];
        for (int s = 1; s <= log.size(); s++) {
            n[log.type(s).id()]++;
        }
        return n;
    }

    /** The counters whose values at the last step differ; a zone only one machine has shows "none". */
    private void printCounters(Recording ra, Recording rb) {
        Map<String, Long> ca = ra.counters().at(ra.lastStep());
        Map<String, Long> cb = rb.counters().at(rb.lastStep());
        Set<String> names = new LinkedHashSet<>(ca.keySet());
        names.addAll(cb.keySet());
        List<String> lines = new ArrayList<>();
        for (String name : names) {
            if (!Objects.equals(ca.get(name), cb.get(name))) {
                lines.add("  " + name + ": A " + orNone(ca.get(name)) + ", B " + orNone(cb.get(name)));
            }
        }
        if (!lines.isEmpty()) {
            out.println("counters that differ at the end:");
            lines.forEach(out::println);
        }
    }

    private static String orNone(Long v) {
        return v == null ? "none" : v.toString();
    }
}
