package dev.folioscope.kernel.proc;

import dev.folioscope.kernel.Kernel;
import dev.folioscope.kernel.filemap.Inode;
import dev.folioscope.kernel.mmap.Mm;
import dev.folioscope.kernel.mmap.Vma;
import dev.folioscope.kernel.mmap.VmFlags;

/**
 * /proc/PID/maps (fs/proc/task_mmu.c: show_map_vma): one line per VMA, "start-end perms offset
 * dev inode ", then for a VMA with a name spaces up to the header's width (seq_pad) and one
 * more, so the name starts at column 74. Anonymous memory has device 00:00 and inode 0; a disk
 * file shows the device of the machine's one disk (fd:00, a virtio disk as on the development
 * machines) and its inode, named by its path, /NAME; a shared anonymous mapping shows its shmem
 * object on the internal shm mount (00:01) as /dev/zero (deleted).
 */
public final class Maps {
    /** seq_setwidth(m, 25 + sizeof(void *) * 6 - 1) on a 64-bit kernel. */
    private static final int HEADER_WIDTH = 25 + 8 * 6 - 1;

    private Maps() {
    }

    public static String render(Kernel k, Mm mm) {
        StringBuilder sb = new StringBuilder();
        for (Vma v : mm.vmas()) {
            sb.append(line(k, mm, v)).append('\n');
        }
        return sb.toString();
    }

    /** One VMA's line, without its newline. */
    public static String line(Kernel k, Mm mm, Vma v) {
        if (v.isAnonymous()) {
            String prefix = headerPrefix(v.start(), v.end(), v.flags(), 0, "00:00", 0);
            String name = mm.vmaName(v);
            return name == null || name.isEmpty() ? prefix : named(prefix, name);
        }
        Inode inode = k.pageCache().get(v.file());
        String prefix = headerPrefix(v.start(), v.end(), v.flags(), v.pgoff() << 12, inode.shmem() ? "00:01" : "fd:00",
                inode.ino());
        return named(prefix, inode.shmem() ? inode.name() : "/" + inode.name());
    }

    /** show_vma_header_prefix: "start-end perms offset dev inode ", {@code pgoff} in bytes. */
    static String headerPrefix(long start, long end, long flags, long pgoff, String dev, long ino) {
        return hex8(start) + '-' + hex8(end) + ' ' + VmFlags.perms(flags) + ' ' + hex8(pgoff) + ' ' + dev + ' ' + ino
                + ' ';
    }

    /** seq_pad(m, ' ') after {@code prefix}, then {@code name}. */
    static String named(String prefix, String name) {
        StringBuilder sb = new StringBuilder(prefix);
        while (sb.length() < HEADER_WIDTH) {
            sb.append(' ');
        }
        return sb.append(' ').append(name).toString();
    }

    private static String hex8(long v) {
        String h = Long.toHexString(v);
        return h.length() >= 8 ? h : "0".repeat(8 - h.length()) + h;
    }
}
