package dev.folioscope.kernel.trace;

import static dev.folioscope.kernel.trace.FieldType.*;

/**
 * Events of mm/oom_kill.c. The kernel's OOM report (dump_header, dump_tasks, dump_oom_victim and
 * the "Killed process" line) is carried by the events whose sentences are its lines, word for word.
 */
public enum OomEvents implements EventType {
    OUT_OF_MEMORY(Schema.call("out_of_memory", "mm/oom_kill.c").f("gfp_flags", GFP).f("order", ORDER)
            .f("migratetype", MIGRATETYPE).returns(OomResult.class)
            .says("The allocator has tried everything else: the OOM killer is consulted ({result:text}).")),
    DUMP_HEADER(Schema.point("dump_header", "mm/oom_kill.c").f("comm", COMM).f("comm_tail", COMM)
            .f("gfp_mask", GFP).f("order", ORDER).f("oom_score_adj", INT)
            .says("{comm}{comm_tail} invoked oom-killer: gfp_mask={gfp_mask:hex}({gfp_mask}), order={order},"
                    + " oom_score_adj={oom_score_adj}")),
    SHOW_MEM(Schema.point("__show_mem", "mm/show_mem.c").f("active_anon", INT).f("inactive_anon", INT)
            .f("active_file", INT).f("inactive_file", INT).f("unevictable", INT).f("dirty", INT)
            .f("writeback", INT).f("mapped", INT).f("shmem", INT).f("pagetables", INT).f("free", INT)
            .f("free_pcp", INT)
            .says("Mem-Info: active_anon:{active_anon} inactive_anon:{inactive_anon} isolated_anon:0"
                    + " active_file:{active_file} inactive_file:{inactive_file} isolated_file:0"
                    + " unevictable:{unevictable} dirty:{dirty} writeback:{writeback}"
                    + " slab_reclaimable:0 slab_unreclaimable:0 mapped:{mapped} shmem:{shmem}"
                    + " pagetables:{pagetables} sec_pagetables:0 bounce:0 kernel_misc_reclaimable:0"
                    + " free:{free} free_pcp:{free_pcp} free_cma:0")),
    DUMP_TASKS(Schema.point("dump_tasks", "mm/oom_kill.c")
            .says("Tasks state (memory values in pages): [  pid  ]   uid  tgid total_vm      rss rss_anon rss_file"
                    + " rss_shmem pgtables_bytes swapents oom_score_adj name")),
    DUMP_TASK(Schema.point("dump_task", "mm/oom_kill.c").f("task", PID).f("total_vm", INT).f("rss", INT)
            .f("rss_anon", INT).f("rss_file", INT).f("rss_shmem", INT).f("pgtables_bytes", INT)
            .f("swapents", INT).f("oom_score_adj", INT).f("comm", COMM).f("comm_tail", COMM)
            .says("[{task:7}]     0 {task:5} {total_vm:8} {rss:8} {rss_anon:8} {rss_file:8} {rss_shmem:9}"
                    + " {pgtables_bytes:8} {swapents:8}         {oom_score_adj:5} {comm}{comm_tail}")),
    OOM_EVALUATE_TASK(Schema.point("oom_evaluate_task", "mm/oom_kill.c").f("task", PID).f("points", INT)
            .f("verdict", OomVerdict.class)
            .says("{task}: {verdict:text}{points? (badness {points})|}.")),
    DUMP_OOM_VICTIM(Schema.point("dump_oom_victim", "mm/oom_kill.c").f("victim", PID).f("comm", COMM)
            .f("comm_tail", COMM)
            .says("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,"
                    + "task_memcg=/,task={comm}{comm_tail},pid={victim:1},uid=0")),
    MARK_VICTIM(Schema.point("mark_victim", "mm/oom_kill.c").f("victim", PID)
            .says("{victim} gets SIGKILL and is marked an OOM victim (TIF_MEMDIE): its own allocations may now"
                    + " dip into the reserves (ALLOC_OOM).")),
    KILLED_PROCESS(Schema.point("__oom_kill_process", "mm/oom_kill.c").f("victim", PID).f("comm", COMM)
            .f("comm_tail", COMM).f("total_vm_kb", INT).f("anon_rss_kb", INT).f("file_rss_kb", INT)
            .f("shmem_rss_kb", INT).f("pgtables_kb", INT).f("oom_score_adj", INT)
            .says("Out of memory: Killed process {victim:1} ({comm}{comm_tail}) total-vm:{total_vm_kb}kB,"
                    + " anon-rss:{anon_rss_kb}kB, file-rss:{file_rss_kb}kB, shmem-rss:{shmem_rss_kb}kB, UID:0"
                    + " pgtables:{pgtables_kb}kB oom_score_adj:{oom_score_adj}")),
    OOM_REAP_TASK(Schema.call("oom_reap_task_mm", "mm/oom_kill.c").f("victim", PID).returns(BOOL)
            .says("The oom_reaper unmaps {victim}'s anonymous and private mappings from the top of its address"
                    + " space down, freeing their pages before the victim itself has exited.")),
    REAPED(Schema.point("oom_reap_task_mm", "mm/oom_kill.c").f("victim", PID).f("comm", COMM)
            .f("comm_tail", COMM).f("anon_rss_kb", INT).f("file_rss_kb", INT).f("shmem_rss_kb", INT)
            .says("oom_reaper: reaped process {victim:1} ({comm}{comm_tail}), now anon-rss:{anon_rss_kb}kB,"
                    + " file-rss:{file_rss_kb}kB, shmem-rss:{shmem_rss_kb}kB (MMF_OOM_SKIP: the OOM killer"
                    + " passes over this mm from now on)")),
    SET_OOM_SCORE_ADJ(Schema.point("__set_oom_adj", "fs/proc/base.c").f("task", PID).f("oom_score_adj", INT)
            .says("/proc/{task:1}/oom_score_adj is set to {oom_score_adj}."));

    private final Schema schema;

    OomEvents(Schema schema) {
        this.schema = schema;
    }

    @Override
    public Schema schema() {
        return schema;
    }

    /** What out_of_memory did: whether it reports progress (the allocation is retried) and why. */
    public enum OomResult implements Described {
        KILLED("a victim was killed and its memory freed: progress, the allocation is retried"),
        NO_FS("no __GFP_FS: the OOM killer does not act for this request but reports progress, so a real"
                + " kernel would retry until someone frees memory"),
        CURRENT_EXITING("the allocating task is already an OOM victim: it is let through to the reserves"
                + " (progress) so that it can exit quickly"),
        VICTIM_IN_FLIGHT("an earlier victim has not exited yet: the killer waits for it (progress)"),
        NO_KILLABLE("no killable process: a real kernel panics here (\"System is deadlocked on memory\")");

        private final String text;

        OomResult(String text) {
            this.text = text;
        }

        @Override
        public String text() {
            return text;
        }
    }

    /** How oom_evaluate_task judged a task. */
    public enum OomVerdict implements Described {
        UNKILLABLE("oom_score_adj is -1000 (OOM_SCORE_ADJ_MIN): never chosen"),
        LOWER("its badness is lower than the task chosen so far"),
        CHOSEN("chosen so far: its badness is at least the highest seen (a later task wins a tie)"),
        VICTIM_IN_FLIGHT("an OOM victim not yet reaped: the selection is aborted, to wait for it");

        private final String text;

        OomVerdict(String text) {
            this.text = text;
        }

        @Override
        public String text() {
            return text;
        }
    }
}
