package dev.folioscope.kernel.swap;

import dev.folioscope.kernel.base.KernelState;
import java.util.Arrays;

/**
 * The machine's one disk, which holds both the ext4 files and the swap file: the writes submitted
 * to it and not completed yet, oldest first (the block layer's requests, one folio each), and its
 * struct bdi_writeback's pending work — whether the flusher was woken to write every dirty page
 * (WB_start_all, from wakeup_flusher_threads), and whether to write in the background down to
 * the background threshold (wb_start_background_writeback, from balance_dirty_pages).
 */
public final class Bdi implements KernelState<Bdi> {
    private int[] inflight;
    private int count;
    private boolean startAll;
    private boolean background;

    public Bdi() {
        inflight = new int[16];
    }

    private Bdi(Bdi o) {
        inflight = Arrays.copyOf(o.inflight, Math.max(16, o.count));
        count = o.count;
        startAll = o.startAll;
        background = o.background;
    }

    @Override
    public Bdi fork() {
        return new Bdi(this);
    }

    /** The folios whose writes are in flight, in submission order. */
    public int[] inflight() {
        return Arrays.copyOf(inflight, count);
    }

    /** Whether the flusher has start-all work queued (WB_start_all). */
    public boolean startAll() {
        return startAll;
    }

    void setStartAll(boolean pending) {
        startAll = pending;
    }

    /** Whether the flusher has background work queued. */
    public boolean background() {
        return background;
    }

    void setBackground(boolean pending) {
        background = pending;
    }

    void submit(int pfn) {
        if (count == inflight.length) {
            inflight = Arrays.copyOf(inflight, count * 2);
        }
        inflight[count++] = pfn;
    }

    /** Takes every write in flight off the queue, oldest first. */
    int[] takeAll() {
        int[] taken = inflight();
        count = 0;
        return taken;
    }

    @Override
    public long digest(long h) {
        h = (h ^ count) * 0x100000001b3L;
        for (int i = 0; i < count; i++) {
            h = (h ^ inflight[i]) * 0x100000001b3L;
        }
        h = (h ^ (startAll ? 1 : 0)) * 0x100000001b3L;
        return (h ^ (background ? 1 : 0)) * 0x100000001b3L;
    }

    @Override
    public long bytesNotIn(Bdi older) {
        return 32 + 16 + 4L * inflight.length;
    }
}
