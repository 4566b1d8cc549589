package dev.folioscope.kernel.proc;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.mmzone.Zone;
import java.util.Locale;

/** /proc/buddyinfo (mm/vmstat.c: frag_show_print): free blocks per order, per populated zone. */
final class Buddyinfo {
    private Buddyinfo() {
    }

    static String render(Kernel k) {
        StringBuilder sb = new StringBuilder();
        for (Zone z : k.node().zones()) {
            if (!z.isPopulated()) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "Node %d, zone %8s ", k.node().nodeId(), z.name()));
            for (int order = 0; order < Zone.NR_PAGE_ORDERS; order++) {
                sb.append(String.format(Locale.ROOT, "%6d ", z.nrFree(order)));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
