package dev.folioscope.kernel.vmstat;

import dev.folioscope.kernel.mmzone.PglistData;
import dev.folioscope.kernel.mmzone.Zone;
import dev.folioscope.kernel.pagealloc.PageAlloc;
import dev.folioscope.kernel.trace.VmstatEvents;
import dev.folioscope.kernel.trace.Trace;

/**
 * mm/vmstat.c: the per-CPU vmstat worker. Every sysctl_stat_interval (one second) it runs on each
 * CPU (vmstat_update → refresh_cpu_vm_stats with its pagesets) and decays that CPU's pagesets.
 * The model keeps vmstat counters exact at all times, so folding per-CPU differences is not needed;
 * what remains is the pageset decay.
 */
public final class Vmstat {
    private final PglistData node;
    private final Trace trace;
    private final PageAlloc pageAlloc;

    public Vmstat(PglistData node, Trace trace, PageAlloc pageAlloc) {
        this.node = node;
        this.trace = trace;
        this.pageAlloc = pageAlloc;
    }

    /**
     * vmstat_update on {@code cpu}: decay_pcp_high for each populated zone's pageset of that CPU.
     *
     * <p>Context: runs on {@code cpu} (its events are stamped with it); the task's CPU is left as it was.
     *
     * @return the work found (pagesets still above high_min, pages returned)
     */
    public int update(int cpu) {
        trace.stampCpu(cpu);
        trace.enter(VmstatEvents.VMSTAT_UPDATE);
        int changes = 0;
        for (Zone z : node.zones()) {
            if (z.isPopulated()) {
                changes += pageAlloc.decayPcpHigh(z, cpu);
            }
        }
        trace.exit(changes);
        trace.unstampCpu();
        return changes;
    }
}
