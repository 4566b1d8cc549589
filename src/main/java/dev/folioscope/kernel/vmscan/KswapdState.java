package dev.folioscope.kernel.vmscan;

import dev.folioscope.kernel.base.KernelState;

/**
 * kswapd's stack while it is inside a run: where kswapd() and balance_pgdat stand between two
 * shrink_node passes. The model runs kswapd at a scheduling point, and each pass of a run is an
 * operation of its own ({@link Vmscan#runKswapd}), so that a recording can checkpoint inside a long
 * run. Nothing else runs between the passes, so the events are those of one uninterrupted run.
 */
public final class KswapdState implements KernelState<KswapdState> {
    /** The run in progress; null while kswapd sleeps or has not started the run it was woken for. */
    Run run;

    /** kswapd()'s and balance_pgdat's locals that live across a pass. */
    static final class Run {
        /** kswapd()'s highest_zoneidx, the balance runs so far, and the order the current run balances for. */
        int highest;
        int runs;
        int allocOrder;
        /** balance_pgdat's arguments, its boosts, and its loops' position (its scan_control null until it starts). */
        int balanceHighest;
        long[] zoneBoosts = new long[0];
        long nrBoostReclaim;
        boolean boosted;
        ScanControl sc;
        boolean wasBalanced;
        boolean restart;
        /** Inside balance_pgdat's loop over the priorities. */
        boolean inPriorityLoop;

        Run copy() {
            Run r = new Run();
            r.highest = highest;
            r.runs = runs;
            r.allocOrder = allocOrder;
            r.balanceHighest = balanceHighest;
            r.zoneBoosts = zoneBoosts.clone();
            r.nrBoostReclaim = nrBoostReclaim;
            r.boosted = boosted;
            r.sc = sc == null ? null : sc.copy();
            r.wasBalanced = wasBalanced;
            r.restart = restart;
            r.inPriorityLoop = inPriorityLoop;
            return r;
        }

        long digest(long h) {
            for (long v : new long[] {highest, runs, allocOrder, balanceHighest, nrBoostReclaim, boosted ? 1 : 0,
                wasBalanced ? 1 : 0, restart ? 1 : 0, inPriorityLoop ? 1 : 0}) {
                h = (h ^ v) * 0x100000001b3L;
            }
            for (long v : zoneBoosts) {
                h = (h ^ v) * 0x100000001b3L;
            }
            return sc == null ? h : sc.digest(h);
        }
    }

    /** Whether kswapd is inside a run: the scheduling point that runs it is not over. */
    public boolean inRun() {
        return run != null;
    }

    @Override
    public KswapdState fork() {
        KswapdState s = new KswapdState();
        s.run = run == null ? null : run.copy();
        return s;
    }

    /**
     * Nothing when kswapd is between runs, so that a kernel at rest digests as it always did. (A
     * pass's operation ends with its event, after everything the pass changed here.)
     */
    @Override
    public long digest(long h) {
        return run == null ? h : run.digest(h);
    }

    /** A run's locals are a few hundred bytes, copied whole. */
    @Override
    public long bytesNotIn(KswapdState older) {
        return run == null ? 16 : 512;
    }
}
