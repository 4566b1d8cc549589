package dev.folioscope.kernel.proc;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.oom.OomKill;
import dev.folioscope.kernel.task.Task;

/** /proc/PID/oom_score and /proc/PID/oom_score_adj (fs/proc/base.c). */
final class OomScore {
    private OomScore() {
    }

    /**
     * proc_oom_score: oom_badness scaled into 0..2000 — (1000 + badness * 1000 / totalpages) * 2 / 3,
     * in integer arithmetic — and 0 for a task the OOM killer may not choose.
     */
    static String score(Kernel k, Mm mm) {
        long totalpages = k.oomTotalPages();
        long badness = OomKill.oomBadness(owner(k, mm), totalpages);
        long points = badness == Long.MIN_VALUE ? 0 : (1000 + badness * 1000 / totalpages) * 2 / 3;
        return Long.toUnsignedString(points) + "\n";
    }

    /** oom_score_adj_read: the value as "%hd\n". */
    static String adj(Kernel k, Mm mm) {
        return owner(k, mm).oomScoreAdj() + "\n";
    }

    private static Task owner(Kernel k, Mm mm) {
        return k.tasks().get(mm.owner());
    }
}
