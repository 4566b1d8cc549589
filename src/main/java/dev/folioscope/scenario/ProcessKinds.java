package dev.folioscope.scenario;

import java.util.List;
import java.util.Map;

/**
 * The step kinds that make and end processes (format version 2): spawn, fork, exit and exec. A
 * process is named by the step that makes it; its pid is what the kernel returns (pids count
 * from 1 in the order processes are made). A name is never used twice, and an exited process
 * cannot be named again.
 */
final class ProcessKinds {
    private ProcessKinds() {
    }

    private static final String PROCESS_ONLY = "a mapping such as {process: p}";

    static final StepKind<Step.Spawn> SPAWN = new CallKind<>("spawn", Step.Spawn.class,
            "a new process, as init starts one", PROCESS_ONLY,
            List.of(new StepKind.Field("process", "process name", "yes", "", "the new process's name (and comm):"
                    + " 1 to 15 letters, digits, `_`, `.` or `-`, not the name of any process before"),
                    new StepKind.Field("oom_score_adj", "integer -1000..1000", "no", "`0`", "written to"
                            + " /proc/PID/oom_score_adj once the process runs: added to its OOM badness in"
                            + " thousandths of RAM + swap; -1000 means the OOM killer never chooses it"),
                    CallKind.CPU, PageAllocKinds.NOTE)) {
        @Override
        Step.Spawn parse(StepReader in, YamlNodes.Entries e, int line) {
            String name = in.newProcess(in.require(e, this, "process"), e.path("process"));
            int adj = (int) e.integer("oom_score_adj", -1000, 1000, 0);
            Step.Spawn s = new Step.Spawn(name, adj, in.cpu(e), in.note(e), line);
            in.spawned(name, line);
            return s;
        }

        @Override
        String process(Step.Spawn s) {
            return s.process();
        }

        /** Always: the process is new. */
        @Override
        int ops(Step.Spawn s, Run run) {
            return 1;
        }

        /** A process the kernel could not start (out of memory for its page tables) does nothing later. */
        @Override
        void run(Step.Spawn s, Run run, int op) {
            long pid = run.sys().spawn(s.process());
            if (run.failed("spawn", pid)) {
                run.put(s.process(), new Run.Process(-1, "its spawn at line " + s.line() + " returned "
                        + Run.errno(pid), -1, Map.of()));
            } else {
                run.put(s.process(), new Run.Process((int) pid, null, -1, Map.of()));
                if (s.oomScoreAdj() != 0) {
                    run.failed("write of oom_score_adj", run.sys().setOomScoreAdj((int) pid, s.oomScoreAdj()));
                }
            }
        }

        @Override
        public String describe(Step.Spawn s) {
            return "spawn " + s.process() + (s.oomScoreAdj() != 0 ? ", oom_score_adj " + s.oomScoreAdj() : "");
        }
    };

    static final StepKind<Step.Fork> FORK = new CallKind<>("fork", Step.Fork.class,
            "`fork()`: a child with the process's memory, copy-on-write",
            "a mapping such as {process: parent, child: kid}", List.of(CallKind.PROCESS,
                    new StepKind.Field("child", "process name", "yes", "", "the child's name, a new one; it has"
                            + " the parent's regions"),
                    CallKind.CPU, PageAllocKinds.NOTE)) {
        @Override
        Step.Fork parse(StepReader in, YamlNodes.Entries e, int line) {
            String parent = in.process(e, this);
            String child = in.newProcess(in.require(e, this, "child"), e.path("child"));
            in.forked(parent, child, line);
            return new Step.Fork(parent, child, in.cpu(e), in.note(e), line);
        }

        @Override
        String process(Step.Fork f) {
            return f.process();
        }

        /** The child, even one the kernel refused: the steps that name it then do nothing. */
        @Override
        void run(Step.Fork f, Run run, int op) {
            Run.Process parent = run.process(f.process());
            long pid = run.sys().fork(parent.pid());
            if (run.failed("fork", pid)) {
                run.put(f.child(), new Run.Process(-1, "its fork at line " + f.line() + " returned " + Run.errno(pid),
                        -1, Map.of()));
            } else {
                run.put(f.child(), new Run.Process((int) pid, null, parent.heapStart(), parent.regions()));
                run.kstate().forked(f.process(), f.child());
            }
        }

        @Override
        public String describe(Step.Fork f) {
            return "fork " + f.process() + ": child " + f.child();
        }
    };

    static final StepKind<Step.Exit> EXIT = new CallKind<>("exit", Step.Exit.class,
            "`exit()` of the process", PROCESS_ONLY,
            List.of(CallKind.PROCESS, CallKind.CPU, PageAllocKinds.NOTE)) {
        @Override
        Step.Exit parse(StepReader in, YamlNodes.Entries e, int line) {
            String process = in.process(e, this);
            in.exited(process, line);
            return new Step.Exit(process, in.cpu(e), in.note(e), line);
        }

        @Override
        String process(Step.Exit s) {
            return s.process();
        }

        @Override
        void run(Step.Exit s, Run run, int op) {
            run.failed("exit", run.sys().exit(pid(run, s.process())));
            run.exited(s.process());
        }

        @Override
        public String describe(Step.Exit s) {
            return "exit " + s.process();
        }
    };

    static final StepKind<Step.Exec> EXEC = new CallKind<>("exec", Step.Exec.class,
            "`execve()` of an empty program: a new mm",
            PROCESS_ONLY, List.of(CallKind.PROCESS, CallKind.CPU, PageAllocKinds.NOTE)) {
        @Override
        Step.Exec parse(StepReader in, YamlNodes.Entries e, int line) {
            String process = in.process(e, this);
            in.execed(process, line);
            return new Step.Exec(process, in.cpu(e), in.note(e), line);
        }

        @Override
        String process(Step.Exec s) {
            return s.process();
        }

        @Override
        void run(Step.Exec s, Run run, int op) {
            int pid = pid(run, s.process());
            if (!run.failed("execve", run.sys().execve(pid))) {
                run.put(s.process(), new Run.Process(pid, null, -1, Map.of()));
            }
        }

        @Override
        public String describe(Step.Exec s) {
            return "exec " + s.process();
        }
    };
}
