package dev.folioscope.kernel.swap;

import dev.folioscope.kernel.base.KernelState;
import java.util.Map;
import java.util.TreeMap;

/**
 * vma->swap_readahead_info of every VMA that has swapped in: the address of its last swap fault,
 * the readahead window it used, and the readahead hits since (SWAP_RA_VAL's three fields), by
 * VMA id. A VMA without an entry has 0, as a new VMA does. Kept beside the VMAs rather than in
 * them; a VMA made by a split starts from 0 where the kernel's copies its original's.
 */
public final class SwapRaInfo implements KernelState<SwapRaInfo> {
    /** The readahead state of one VMA. */
    public record Ra(long addr, int win, int hits) {
        static final Ra NONE = new Ra(0, 0, 0);
    }

    private final TreeMap<Integer, Ra> byVma;

    public SwapRaInfo() {
        byVma = new TreeMap<>();
    }

    private SwapRaInfo(SwapRaInfo o) {
        byVma = new TreeMap<>(o.byVma);
    }

    @Override
    public SwapRaInfo fork() {
        return new SwapRaInfo(this);
    }

    /** GET_SWAP_RA_VAL. */
    public Ra get(int vmaId) {
        return byVma.getOrDefault(vmaId, Ra.NONE);
    }

    void set(int vmaId, Ra ra) {
        byVma.put(vmaId, ra);
    }

    @Override
    public long digest(long h) {
        for (Map.Entry<Integer, Ra> e : byVma.entrySet()) {
            for (long v : new long[] {e.getKey(), e.getValue().addr(), e.getValue().win(), e.getValue().hits()}) {
                h = (h ^ v) * 0x100000001b3L;
            }
        }
        return h;
    }

    @Override
    public long bytesNotIn(SwapRaInfo older) {
        return 48 + 80L * byVma.size();
    }
}
