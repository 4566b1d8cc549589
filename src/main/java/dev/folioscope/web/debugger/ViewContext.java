package dev.folioscope.web.debugger;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.Vma;
import dev.folioscope.kernel.pgtable.PageTables;
import dev.folioscope.kernel.pgtable.Pte;
import dev.folioscope.kernel.task.Task;
import dev.folioscope.kernel.trace.FieldType;
import dev.folioscope.recording.Event;
import dev.folioscope.recording.EventLog;
import dev.folioscope.recording.ObjectIndex;
import dev.folioscope.recording.ObjectRef;
import java.util.BitSet;

/**
 * What the process, page-table, folio and LRU views render: the kernel at a step and one step
 * before, the focus, and the recording's event and object index (either may be null in tests).
 * Resolves the defaults the views share, so that they agree on "the" process, address and folio:
 * the focused one if it names something at this step, else the one the current event names, else
 * the first there is. Pure: no UI types.
 *
 * @param kernel the kernel at {@code step}
 * @param before the kernel one step earlier, or null at step 0
 * @param focus what the user focused
 * @param step the step shown
 * @param event the event of {@code step}, or null (step 0, or no recording)
 * @param events the recording's events, or null
 * @param objects the recording's object index, or null
 */
record ViewContext(Kernel kernel, Kernel before, Focus focus, int step, Event event, EventLog events,
        ObjectIndex objects) {

    static ViewContext of(Cursor c) {
        int step = c.step();
        Event e = step == 0 ? null : c.recording().events().get(step);
        return new ViewContext(c.moment().kernel(), c.moment().before(), c.focus(), step, e, c.recording().events(),
                c.recording().objects());
    }

    /** A context without a recording (tests): no event, no history. */
    static ViewContext of(Kernel kernel, Kernel before, Focus focus) {
        return new ViewContext(kernel, before, focus, 0, null, null, null);
    }

    /**
     * The process shown: the focused pid if the kernel has that task, else the task of the
     * event's first PID field or the task it ran for, else the first live task; null if none.
     */
    Task task() {
        Integer f = focus.get(FocusKey.PID);
        if (f != null && kernel.tasks().get(f) != null) {
            return kernel.tasks().get(f);
        }
        if (event != null) {
            long p = event.first(FieldType.Ref.PID);
            for (long pid : new long[] {p, event.pid()}) {
                if (pid >= 0 && pid <= Integer.MAX_VALUE && kernel.tasks().get((int) pid) != null
                        && kernel.tasks().get((int) pid).alive()) {
                    return kernel.tasks().get((int) pid);
                }
            }
        }
        return kernel.tasks().alive().stream().findFirst().orElse(null);
    }

    /** The focused VMA if {@code mm} has it, else the VMA holding the event's VMA field, else null. */
    Vma vma(Mm mm) {
        if (mm == null) {
            return null;
        }
        Integer f = focus.get(FocusKey.VMA);
        if (f != null && mm.vmaById(f) != null) {
            return mm.vmaById(f);
        }
        if (event != null) {
            long id = event.first(FieldType.Ref.VMA);
            if (id >= 0 && id <= Integer.MAX_VALUE && mm.vmaById((int) id) != null) {
                return mm.vmaById((int) id);
            }
        }
        return null;
    }

    /**
     * The address shown for {@code t}: the focused va if it is t's, else the event's first
     * address in t's address space, else the first page of the focused VMA, else of t's first
     * VMA; -1 if t has none.
     */
    long va(Task t) {
        if (t == null || !t.alive()) {
            return -1;
        }
        Long f = focus.get(FocusKey.VA);
        Integer fp = focus.get(FocusKey.PID);
        if (f != null && fp != null && fp == t.pid()) {
            return f & ~0xfffL;
        }
        if (event != null) {
            for (ObjectRef r : event.refs()) {
                if (r.kind() == FieldType.Ref.ADDRESS && r.pid() == t.pid()) {
                    return r.value() & ~0xfffL;
                }
            }
        }
        Vma v = vma(t.mm());
        if (v != null) {
            return v.start();
        }
        return t.mm().vmas().isEmpty() ? -1 : t.mm().vmas().getFirst().start();
    }

    /**
     * The frames the focused VMA maps (its present, non-special PTEs), for the views that light
     * them up; empty without a focused VMA.
     */
    BitSet vmaFrames() {
        BitSet frames = new BitSet();
        Task t = task();
        Integer f = focus.get(FocusKey.VMA);
        if (t == null || !t.alive() || f == null || t.mm().vmaById(f) == null || !hasTables(kernel, t.mm())) {
            return frames;
        }
        Vma v = t.mm().vmaById(f);
        new PageTables(kernel.pgtables(), t.mm().la57(), null).forEachPte(
                (int) t.mm().pgd(), v.start(), v.end(), (addr, slot, pte) -> {
                    if (Pte.isPresent(pte) && !Pte.special(pte)) {
                        frames.set((int) Pte.pfn(pte));
                    }
                });
        return frames;
    }

    /** Whether the mm has its page tables (a PGD): not so while a process is being set up. */
    static boolean hasTables(Kernel k, Mm mm) {
        return mm != null && mm.pgd() >= 0 && mm.pgd() < k.mem().nrPages() && k.pgtables().isTable((int) mm.pgd());
    }

    /**
     * The page the folio view inspects: the focused folio, else the focused pfn, else the event's
     * first FOLIO field, else its first PFN field; -1 if none.
     */
    int pfn() {
        Integer f = focus.get(FocusKey.FOLIO);
        if (f != null) {
            return f;
        }
        Integer p = focus.get(FocusKey.PFN);
        if (p != null) {
            return p;
        }
        if (event != null) {
            long v = event.first(FieldType.Ref.FOLIO);
            if (v < 0) {
                v = event.first(FieldType.Ref.PFN);
            }
            if (v >= 0 && v < kernel.mem().nrPages()) {
                return (int) v;
            }
        }
        return -1;
    }
}
