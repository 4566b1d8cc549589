package dev.folioscope.kernel.proc;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.swap.SwapInfo;

/**
 * /proc/swaps (mm/swapfile.c: swap_show): a header, then one line per active swap device. The
 * model's one device is a swap file, shown as {@code /swapfile}, swapped on without a priority, so
 * it has the first automatic one, -2. Size and Used are in KiB: si->pages (the header slot left
 * out) and the slots in use.
 */
public final class Swaps {
    /** The path the model's swap file is shown at. */
    static final String SWAP_FILE = "/swapfile";
    /** swapon's first automatic priority (--least_priority from -1). */
    private static final int PRIORITY = -2;
    private static final long K = 4;

    private Swaps() {
    }

    public static String render(Kernel k) {
        StringBuilder sb = new StringBuilder("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n");
        SwapInfo si = k.swapInfo();
        if (si.pages() == 0) {
            return sb.toString();
        }
        long bytes = si.pages() * K;
        long inuse = si.inusePages() * K;
        // "%*s%s\t%lu\t%s%lu\t%s%d\n": the path padded to 40 columns, then the type and the sizes
        sb.append(SWAP_FILE).append(" ".repeat(Math.max(1, 40 - SWAP_FILE.length()))).append("file\t\t")
                .append(bytes).append('\t').append(bytes < 10_000_000 ? "\t" : "")
                .append(inuse).append('\t').append(inuse < 10_000_000 ? "\t" : "")
                .append(PRIORITY).append('\n');
        return sb.toString();
    }
}
