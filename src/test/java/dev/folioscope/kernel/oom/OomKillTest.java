package dev.folioscope.kernel.oom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.folioscope.kernel.EventCollector;
import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.TestMachines;
import dev.folioscope.kernel.debug.EventPrinter;
import dev.folioscope.kernel.debug.InvariantChecker;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.Mman;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.proc.PidFile;
import dev.folioscope.kernel.task.Syscalls;
import dev.folioscope.kernel.task.Task;
import dev.folioscope.kernel.trace.OomEvents;
import dev.folioscope.kernel.trace.OomEvents.OomResult;
import dev.folioscope.kernel.trace.PageAllocEvents;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The OOM killer of mm/oom_kill.c: badness, the choice of a victim, the kill and the retry. */
class OomKillTest {
    private static final long PAGE = 4096;

    private static Task task(int pid, long anon, long file, long swapents, long pgtablesBytes, int adj) {
        Mm mm = new Mm(pid, false);
        mm.addRss(Mm.MM_ANONPAGES, anon);
        mm.addRss(Mm.MM_FILEPAGES, file);
        mm.addRss(Mm.MM_SWAPENTS, swapents);
        mm.addPgtablesBytes(pgtablesBytes);
        return new Task(pid, "t" + pid, 0, mm, new TreeMap<>(), adj, false);
    }

    @Test
    void badnessIsPagesHeldPlusAdjInThousandthsOfTotalpages() {
        // 1500 resident + 5 page-table pages (20480 bytes), no adjustment
        assertEquals(1505, OomKill.oomBadness(task(1, 1500, 0, 0, 20480, 0), 4999));
        // 400 anon + 100 file + 7 swapped + 3 tables, plus 500 × (4999 / 1000 = 4) = 2000
        assertEquals(2510, OomKill.oomBadness(task(2, 400, 100, 7, 12288, 500), 4999));
        // -500 × (3999 / 1000 = 3) = -1500 takes 1000 + 1 table below zero
        assertEquals(-499, OomKill.oomBadness(task(3, 1000, 0, 0, 4096, -500), 3999));
        // a partial table page does not count: 8191 / 4096 = 1
        assertEquals(11, OomKill.oomBadness(task(4, 10, 0, 0, 8191, 0), 999));
        assertEquals(Long.MIN_VALUE, OomKill.oomBadness(task(5, 9000, 0, 0, 0, Task.OOM_SCORE_ADJ_MIN), 4999));
    }

    /** Maps {@code pages} anonymous pages for {@code pid} and writes each; returns the address. */
    private static long grow(Syscalls sys, int pid, long pages) {
        long addr = sys.mmap(pid, 0, pages * PAGE, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
        for (long i = 0; i < pages; i++) {
            assertEquals(0, sys.access(pid, addr + i * PAGE, true));
        }
        return addr;
    }

    /**
     * Two processes of the same shape tie (300 pages + 3 tables: 303 each) and the later one in
     * the task list, b, is chosen; c, which allocates, has -1000 and is passed over. b's memory
     * is reaped and freed, and c's fault that ran out succeeds on the retry.
     */
    @Test
    void aTieGoesToTheLaterTaskAndMinus1000IsNeverChosen() {
        Kernel k = TestMachines.boot(16 << 20);
        Syscalls sys = k.syscalls();
        int a = (int) sys.spawn("a");
        int b = (int) sys.spawn("b");
        int c = (int) sys.spawn("c");
        assertEquals(0, sys.setOomScoreAdj(c, -1000));
        grow(sys, a, 300);
        grow(sys, b, 300);
        EventCollector events = EventCollector.on(k);
        long addr = sys.mmap(c, 0, 4000 * PAGE, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
        long touched = 0;
        while (events.of(OomEvents.KILLED_PROCESS).isEmpty()) {
            assertEquals(0, sys.access(c, addr + touched++ * PAGE, true));
        }
        long rssBefore = k.tasks().get(c).mm().rss();

        List<EventCollector.Ev> verdicts = events.of(OomEvents.OOM_EVALUATE_TASK);
        assertEquals(List.of((long) a, (long) b, (long) c), verdicts.stream().map(e -> e.arg("task")).toList());
        assertEquals(List.of(303L, 303L, -1L), verdicts.stream().map(e -> e.arg("points")).toList());
        assertEquals(List.of(OomEvents.OomVerdict.CHOSEN, OomEvents.OomVerdict.CHOSEN,
                OomEvents.OomVerdict.UNKILLABLE), verdicts.stream()
                .map(e -> OomEvents.OomVerdict.values()[(int) e.arg("verdict")]).toList());
        assertEquals(OomResult.KILLED.ordinal(), events.of(OomEvents.OUT_OF_MEMORY).getFirst().result);
        // the fault that ran out got its page: no allocation failed, c has one page more
        assertTrue(events.of(PageAllocEvents.WARN_ALLOC).isEmpty());
        assertEquals(touched, rssBefore);

        assertFalse(k.tasks().get(b).alive(), "b exited");
        assertNull(k.tasks().get(b).mm());
        assertTrue(k.tasks().get(a).alive());
        assertEquals(1, k.node().vmEvents(VmEvent.OOM_KILL));
        InvariantChecker.checkMappings(k);
        // c goes on growing into b's freed memory (part of it cached on the per-CPU list, which the
        // watermark checks do not count); when it runs out again, a is the only one left to kill
        while (events.of(OomEvents.KILLED_PROCESS).size() == 1) {
            assertEquals(0, sys.access(c, addr + touched++ * PAGE, true));
        }
        assertEquals(a, events.of(OomEvents.KILLED_PROCESS).get(1).arg("victim"));
        assertFalse(k.tasks().get(a).alive());
    }

    /**
     * The report's lines as the kernel prints them: the header, the task table (b is 300 pages
     * of anonymous memory plus the 33 of its stack VMA, 3 page tables), the victim line.
     */
    @Test
    void theReportIsInTheKernelsWords() {
        Kernel k = TestMachines.boot(16 << 20);
        Syscalls sys = k.syscalls();
        int b = (int) sys.spawn("b");
        int c = (int) sys.spawn("keeper");
        sys.setOomScoreAdj(b, 7);
        sys.setOomScoreAdj(c, -1000);
        grow(sys, b, 300);
        EventCollector events = EventCollector.on(k);
        long addr = sys.mmap(c, 0, 4000 * PAGE, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
        for (long i = 0; events.of(OomEvents.KILLED_PROCESS).isEmpty(); i++) {
            sys.access(c, addr + i * PAGE, true);
        }
        assertEquals("keeper invoked oom-killer: gfp_mask=0x100dca(GFP_HIGHUSER_MOVABLE|__GFP_ZERO),"
                + " order=0, oom_score_adj=-1000", says(events, OomEvents.DUMP_HEADER));
        assertEquals("[      1]     0     1      333      300      300        0         0    12288        0"
                + "             7 b", says(events, OomEvents.DUMP_TASK));
        assertEquals("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
                + "task_memcg=/,task=b,pid=1,uid=0", says(events, OomEvents.DUMP_OOM_VICTIM));
        assertEquals("Out of memory: Killed process 1 (b) total-vm:1332kB, anon-rss:1200kB, file-rss:0kB,"
                + " shmem-rss:0kB, UID:0 pgtables:12kB oom_score_adj:7", says(events, OomEvents.KILLED_PROCESS));
        assertEquals("oom_reaper: reaped process 1 (b), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB"
                + " (MMF_OOM_SKIP: the OOM killer passes over this mm from now on)", says(events, OomEvents.REAPED));
    }

    /**
     * The allocating task as its own victim: it is marked and its allocation retried with the
     * OOM reserve (ALLOC_OOM), which serves it; SIGKILL is delivered as the access returns, and
     * the task exits there. Its later calls find no process.
     */
    @Test
    void theAllocatingTaskKilledExitsWhenItsAccessReturns() {
        Kernel k = TestMachines.boot(16 << 20);
        Syscalls sys = k.syscalls();
        int p = (int) sys.spawn("p");
        EventCollector events = EventCollector.on(k);
        long addr = sys.mmap(p, 0, 4000 * PAGE, Mman.PROT_READ | Mman.PROT_WRITE,
                Mman.MAP_PRIVATE | Mman.MAP_ANONYMOUS, -1, 0);
        long last = 0;
        for (long i = 0; k.tasks().get(p).alive(); i++) {
            last = sys.access(p, addr + i * PAGE, true);
        }
        assertEquals(0, last, "the fault that ran out was served from the reserve");
        assertEquals(p, events.of(OomEvents.MARK_VICTIM).getFirst().arg("victim"));
        assertTrue(events.of(OomEvents.OOM_REAP_TASK).isEmpty(), "no reaper: the victim exits itself");
        assertEquals(1, events.of(dev.folioscope.kernel.trace.TaskEvents.EXIT).size());
        assertEquals(-22, sys.access(p, addr, true), "-EINVAL: no such process any more");
        InvariantChecker.checkMappings(k);
    }

    private static String says(EventCollector events, OomEvents type) {
        EventCollector.Ev e = events.of(type).getFirst();
        return EventPrinter.says(new EventPrinter.Values(e.type, e.cpu, 0, e.args, e.result));
    }

    /**
     * /proc/PID/oom_score: (1000 + badness × 1000 / totalpages) × 2 / 3, and 0 for -1000;
     * oom_score_adj as written.
     */
    @Test
    void procOomScore() {
        Kernel k = TestMachines.boot(16 << 20);
        Syscalls sys = k.syscalls();
        int p = (int) sys.spawn("p");
        int q = (int) sys.spawn("q");
        sys.setOomScoreAdj(p, 250);
        sys.setOomScoreAdj(q, -1000);
        grow(sys, p, 300);
        long t = k.oomTotalPages();
        long badness = 303 + 250 * (t / 1000);
        assertEquals((1000 + badness * 1000 / t) * 2 / 3 + "\n", PidFile.OOM_SCORE.render(k, k.tasks().get(p).mm()));
        assertEquals("0\n", PidFile.OOM_SCORE.render(k, k.tasks().get(q).mm()));
        assertEquals("250\n", PidFile.OOM_SCORE_ADJ.render(k, k.tasks().get(p).mm()));
        assertEquals(-22, sys.setOomScoreAdj(p, 1001), "-EINVAL outside -1000..1000");
    }
}
