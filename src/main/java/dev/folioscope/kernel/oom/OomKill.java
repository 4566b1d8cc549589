package dev.folioscope.kernel.oom;

import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.PageRangeOps;
import dev.folioscope.kernel.mmap.Vma;
import dev.folioscope.kernel.mmap.VmFlags;
import dev.folioscope.kernel.mmzone.LruList;
import dev.folioscope.kernel.mmzone.NodeStat;
import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.VmEvent;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.pagealloc.Gfp;
import dev.folioscope.kernel.pagealloc.OutOfMemory;
import dev.folioscope.kernel.task.Syscalls;
import dev.folioscope.kernel.task.Task;
import dev.folioscope.kernel.task.Tasks;
import dev.folioscope.kernel.trace.FieldType;
import dev.folioscope.kernel.trace.OomEvents;
import dev.folioscope.kernel.trace.OomEvents.OomResult;
import dev.folioscope.kernel.trace.OomEvents.OomVerdict;
import dev.folioscope.kernel.trace.Trace;
import java.util.List;

/**
 * mm/oom_kill.c: the OOM killer of Linux 6.18 for a machine without memory cgroups, cpusets or
 * mempolicies (every request is CONSTRAINT_NONE), with vm.panic_on_oom and
 * vm.oom_kill_allocating_task at their defaults of 0 and vm.oom_dump_tasks at 1.
 *
 * <p>Where the model stops short (also in the model notes): processes are single-threaded and
 * share no mm, so the kill has no other process to signal; there is no init or kernel thread
 * (pid 1 is the first process a scenario makes, and may be killed). A victim other than the
 * allocating task runs its exit at once: the oom_reaper reaps it (the kernel's reaper runs two
 * seconds later, or exit_mmap does the same work first), then it exits. The allocating task
 * chosen as victim exits when its access or system call returns, as SIGKILL is delivered then.
 */
public final class OomKill implements OutOfMemory {
    private static final long PAGE_SIZE = 4096;

    private final Tasks tasks;
    private final Syscalls syscalls;
    private final PageRangeOps pages;
    private final PglistData node;
    private final Trace trace;

    public OomKill(Tasks tasks, Syscalls syscalls, PageRangeOps pages, PglistData node, Trace trace) {
        this.tasks = tasks;
        this.syscalls = syscalls;
        this.pages = pages;
        this.node = node;
        this.trace = trace;
    }

    @Override
    public boolean currentIsOomVictim() {
        Task current = tasks.get(trace.pid());
        return current != null && current.alive() && current.oomVictim();
    }

    @Override
    public OomResult outOfMemory(int gfp, int order, int migratetype) {
        trace.enter(OomEvents.OUT_OF_MEMORY, gfp, order, migratetype);
        OomResult r = decide(gfp, order);
        trace.exit(r.ordinal());
        return r;
    }

    // mm/oom_kill.c: out_of_memory
    private OomResult decide(int gfp, int order) {
        if (currentIsOomVictim()) {
            // task_will_free_mem(current): already marked, let it through so that it can exit
            return OomResult.CURRENT_EXITING;
        }
        if ((gfp & Gfp.__GFP_FS) == 0) {
            return OomResult.NO_FS;
        }
        // constrained_alloc: CONSTRAINT_NONE; check_panic_on_oom: panic_on_oom is 0;
        // oom_kill_allocating_task is 0, so the victim is selected
        long totalpages = pages.totalramPages() + pages.totalSwapPages();
        Selection s = selectBadProcess(totalpages);
        if (s.abort()) {
            return OomResult.VICTIM_IN_FLIGHT;
        }
        if (s.chosen() == null) {
            dumpHeader(gfp, order);
            return OomResult.NO_KILLABLE;
        }
        oomKillProcess(gfp, order, s.chosen());
        return OomResult.KILLED;
    }

    /** oc->chosen: the victim, or none; {@code abort} for (void *)-1UL, an earlier victim still on its way out. */
    private record Selection(Task chosen, boolean abort) {
    }

    /**
     * oom_badness: the pages the task's mm holds — resident (get_mm_rss), swapped out
     * (MM_SWAPENTS) and its page tables (mm_pgtables_bytes / PAGE_SIZE) — plus oom_score_adj in
     * thousandths of {@code totalpages} (rounded down before multiplying, as the kernel does);
     * Long.MIN_VALUE for a task that may not be chosen (oom_score_adj -1000, or no mm).
     */
    public static long oomBadness(Task t, long totalpages) {
        // mm/oom_kill.c: oom_badness
        if (!t.alive() || t.oomScoreAdj() == Task.OOM_SCORE_ADJ_MIN) {
            return Long.MIN_VALUE;
        }
        Mm mm = t.mm();
        long points = mm.rss() + mm.rssStat(Mm.MM_SWAPENTS) + mm.pgtablesBytes() / PAGE_SIZE;
        return points + t.oomScoreAdj() * (totalpages / 1000);
    }

    /**
     * select_bad_process → oom_evaluate_task over every process in the task list's order: the
     * highest badness wins, a later task winning a tie; a victim not yet gone aborts the search.
     */
    private Selection selectBadProcess(long totalpages) {
        Task chosen = null;
        long chosenPoints = Long.MIN_VALUE;
        for (Task t : tasks.alive()) {
            if (t.oomVictim()) {
                trace.point(OomEvents.OOM_EVALUATE_TASK, t.pid(), -1, OomVerdict.VICTIM_IN_FLIGHT.ordinal());
                return new Selection(null, true);
            }
            long points = oomBadness(t, totalpages);
            OomVerdict v = points == Long.MIN_VALUE ? OomVerdict.UNKILLABLE
                    : points < chosenPoints ? OomVerdict.LOWER : OomVerdict.CHOSEN;
            if (v == OomVerdict.CHOSEN) {
                chosen = t;
                chosenPoints = points;
            }
            trace.point(OomEvents.OOM_EVALUATE_TASK, t.pid(), v == OomVerdict.UNKILLABLE ? -1 : points,
                    v.ordinal());
        }
        return new Selection(chosen, false);
    }

    /**
     * dump_header: the first line of the report, __show_mem's summary (its per-node and per-zone
     * lines are left out), then dump_tasks.
     */
    private void dumpHeader(int gfp, int order) {
        Task current = tasks.get(trace.pid());
        String comm = current == null ? "swapper/" + trace.cpu() : current.comm();
        trace.point(OomEvents.DUMP_HEADER, FieldType.commPart(comm, 0), FieldType.commPart(comm, 1), gfp, order,
                current == null ? 0 : current.oomScoreAdj());
        showMem();
        dumpTasks();
    }

    /** __show_mem: the global counters of its first lines, in pages. */
    private void showMem() {
        var lru = node.lruvec();
        long free = 0;
        long freePcp = 0;
        for (Zone z : node.zones()) {
            free += z.freePages();
            for (int cpu = 0; cpu < z.pagesetCount(); cpu++) {
                freePcp += z.pcp(cpu).count;
            }
        }
        trace.point(OomEvents.SHOW_MEM, new long[] {lru.size(LruList.ACTIVE_ANON), lru.size(LruList.INACTIVE_ANON),
                lru.size(LruList.ACTIVE_FILE), lru.size(LruList.INACTIVE_FILE), lru.size(LruList.UNEVICTABLE),
                node.stat(NodeStat.NR_FILE_DIRTY), node.stat(NodeStat.NR_WRITEBACK), node.stat(NodeStat.NR_FILE_MAPPED),
                node.stat(NodeStat.NR_SHMEM),
                node.stat(NodeStat.NR_PAGETABLE), free, freePcp});
    }

    /** dump_tasks: a line per process that still has its mm. */
    private void dumpTasks() {
        trace.point(OomEvents.DUMP_TASKS);
        for (Task t : tasks.alive()) {
            Mm mm = t.mm();
            trace.point(OomEvents.DUMP_TASK, new long[] {t.pid(), mm.totalVm(), mm.rss(),
                    mm.rssStat(Mm.MM_ANONPAGES), mm.rssStat(Mm.MM_FILEPAGES), mm.rssStat(Mm.MM_SHMEMPAGES),
                    mm.pgtablesBytes(), mm.rssStat(Mm.MM_SWAPENTS), t.oomScoreAdj(), FieldType.commPart(t.comm(), 0),
                    FieldType.commPart(t.comm(), 1)});
        }
    }

    /**
     * oom_kill_process → __oom_kill_process: the report, the oom_kill count, SIGKILL and
     * mark_oom_victim, the "Killed process" line; then queue_oom_reaper.
     */
    private void oomKillProcess(int gfp, int order, Task victim) {
        dumpHeader(gfp, order);
        long c0 = FieldType.commPart(victim.comm(), 0);
        long c1 = FieldType.commPart(victim.comm(), 1);
        trace.point(OomEvents.DUMP_OOM_VICTIM, victim.pid(), c0, c1);
        node.countVmEvents(VmEvent.OOM_KILL, 1);
        syscalls.markOomVictim(victim.pid());
        Mm mm = victim.mm();
        trace.point(OomEvents.KILLED_PROCESS, new long[] {victim.pid(), c0, c1, kb(mm.totalVm()),
                kb(mm.rssStat(Mm.MM_ANONPAGES)), kb(mm.rssStat(Mm.MM_FILEPAGES)), kb(mm.rssStat(Mm.MM_SHMEMPAGES)),
                mm.pgtablesBytes() >> 10, victim.oomScoreAdj()});
        if (victim.pid() != trace.pid()) {
            int running = trace.pid();
            trace.setPid(victim.pid());
            oomReapTaskMm(victim);
            syscalls.exitKilled(victim.pid());
            trace.setPid(running);
        }
    }

    private static long kb(long pages) {
        return pages << 2;
    }

    /**
     * oom_reap_task_mm → __oom_reap_task_mm: from the top of the address space down, every VMA
     * that is anonymous or private (not VM_SHARED) and neither hugetlb nor VM_PFNMAP has its pages
     * unmapped; then MMF_OOM_SKIP. Events carry the victim's pid, whose addresses they name.
     */
    private void oomReapTaskMm(Task victim) {
        trace.enter(OomEvents.OOM_REAP_TASK, victim.pid());
        Mm mm = victim.mm();
        List<Vma> vmas = mm.vmas();
        for (int i = vmas.size() - 1; i >= 0; i--) {
            Vma v = vmas.get(i);
            if ((v.flags() & (VmFlags.VM_HUGETLB | VmFlags.VM_PFNMAP)) == 0
                    && (v.isAnonymous() || (v.flags() & VmFlags.VM_SHARED) == 0)) {
                pages.zapRange(mm, v, v.start(), v.end());
            }
        }
        trace.point(OomEvents.REAPED, victim.pid(), FieldType.commPart(victim.comm(), 0),
                FieldType.commPart(victim.comm(), 1), kb(mm.rssStat(Mm.MM_ANONPAGES)),
                kb(mm.rssStat(Mm.MM_FILEPAGES)), kb(mm.rssStat(Mm.MM_SHMEMPAGES)));
        trace.exit(1);
    }
}
