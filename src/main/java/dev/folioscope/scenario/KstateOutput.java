package dev.folioscope.scenario;

import dev.folioscope.kernel.proc.Kstate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the kstate steps of a run have printed (the conformance kit's standard output, dump by
 * dump) and each process's frame numbering, which a forked child inherits as the kit's static
 * table is copied by fork. Dumps are kept as a list shared between copies until appended to.
 */
final class KstateOutput {
    private List<String> dumps;
    private final Map<String, Kstate.Frames> frames;
    private long bytes;

    KstateOutput() {
        this(List.of(), new TreeMap<>(), 0);
    }

    private KstateOutput(List<String> dumps, Map<String, Kstate.Frames> frames, long bytes) {
        this.dumps = dumps;
        this.frames = frames;
        this.bytes = bytes;
    }

    KstateOutput copy() {
        Map<String, Kstate.Frames> f = new TreeMap<>();
        frames.forEach((name, fr) -> f.put(name, fr.copy()));
        return new KstateOutput(dumps, f, bytes);
    }

    /** The process's frame numbering (empty for a process that has not dumped and was not forked from one that has). */
    Kstate.Frames frames(String process) {
        return frames.computeIfAbsent(process, p -> new Kstate.Frames());
    }

    /** At a fork: the child numbers frames as its parent did so far. */
    void forked(String parent, String child) {
        Kstate.Frames f = frames.get(parent);
        if (f != null) {
            frames.put(child, f.copy());
        }
    }

    /**
     * Appends a dump.
     *
     * @return the output's length in bytes before it
     */
    long append(String dump) {
        List<String> more = new ArrayList<>(dumps);
        more.add(dump);
        dumps = List.copyOf(more);
        long before = bytes;
        bytes += dump.length();
        return before;
    }

    /** Everything printed so far. */
    String text() {
        return String.join("", dumps);
    }

    long footprintBytes() {
        return 64 + 32L * dumps.size() + 64L * frames.size();
    }
}
