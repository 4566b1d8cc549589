package dev.folioscope.kernel.task;

import dev.folioscope.kernel.base.KernelState;
import dev.folioscope.kernel.mmap.Mm;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The task list: every process by pid, alive or exited (an exited one keeps its pid and name, as
 * a zombie does, so that the recording can still name it), and the next pid to give. A fork of
 * the kernel copies each live mm (an Mm copies in O(1): its VMA tree is persistent).
 */
public final class Tasks implements KernelState<Tasks> {
    private final TreeMap<Integer, Task> tasks;
    private int nextPid;

    public Tasks() {
        tasks = new TreeMap<>();
        nextPid = 1;
    }

    private Tasks(Tasks o) {
        tasks = new TreeMap<>();
        for (Task t : o.tasks.values()) {
            tasks.put(t.pid(), new Task(t.pid(), t.comm(), t.parent(), t.mm() == null ? null : t.mm().fork(), t.fds(),
                    t.oomScoreAdj(), t.oomVictim()));
        }
        nextPid = o.nextPid;
    }

    @Override
    public Tasks fork() {
        return new Tasks(this);
    }

    /** alloc_pid: the next pid. */
    int allocPid() {
        return nextPid++;
    }

    void put(Task t) {
        tasks.put(t.pid(), t);
    }

    /** The task with that pid, or null. */
    public Task get(int pid) {
        return tasks.get(pid);
    }

    /** Every task, by pid. */
    public List<Task> all() {
        return List.copyOf(tasks.values());
    }

    /** The live tasks, by pid. */
    public List<Task> alive() {
        List<Task> out = new ArrayList<>();
        for (Task t : tasks.values()) {
            if (t.alive()) {
                out.add(t);
            }
        }
        return out;
    }

    /** The live task whose mm holds the VMA of that id, or null. */
    public Task ownerOfVma(int vmaId) {
        for (Task t : tasks.values()) {
            if (t.alive() && t.mm().vmaById(vmaId) != null) {
                return t;
            }
        }
        return null;
    }

    @Override
    public long digest(long h) {
        h = (h ^ nextPid) * 0x100000001b3L;
        for (Task t : tasks.values()) {
            h = (h ^ t.pid()) * 0x100000001b3L;
            h = (h ^ t.parent()) * 0x100000001b3L;
            h = (h ^ t.comm().hashCode()) * 0x100000001b3L;
            if (t.oomScoreAdj() != 0 || t.oomVictim()) {
                // only when set, so that the digests of processes that never had them stay as they were
                h = (h ^ t.oomScoreAdj() ^ (t.oomVictim() ? 1L << 32 : 0)) * 0x100000001b3L;
            }
            h = t.mm() == null ? h * 0x100000001b3L : t.mm().digest(h);
            for (var fd : t.fds().entrySet()) {
                h = (h ^ fd.getKey() ^ (long) fd.getValue().ino() << 32) * 0x100000001b3L;
                h = (h ^ (fd.getValue().writable() ? 1 : 0)) * 0x100000001b3L;
                h = fd.getValue().ra().digest(h);
            }
        }
        return h;
    }

    @Override
    public long bytesNotIn(Tasks older) {
        long n = 64;
        for (Task t : tasks.values()) {
            n += 96 + 48L * t.fds().size() + (t.mm() == null ? 0 : t.mm().bytesNotIn(null));
        }
        return n;
    }
}
