package dev.folioscope.kernel.filemap;

import dev.folioscope.kernel.base.KernelState;
import java.util.List;
import java.util.TreeMap;

/**
 * Every file the machine has, by inode number: the disk files a scenario declares and the shmem
 * objects shared anonymous mappings create. Inodes are few and copied whole on a fork; each
 * one's page index is shared until written.
 */
public final class PageCache implements KernelState<PageCache> {
    /** The most files a machine may have. */
    public static final int MAX_FILES = 4096;
    /** The largest file, in pages (4 GiB): the index space each inode reserves. */
    public static final int MAX_FILE_PAGES = 1 << 20;

    private final TreeMap<Integer, Inode> inodes;
    private int nextIno;

    public PageCache() {
        inodes = new TreeMap<>();
        nextIno = 1;
    }

    private PageCache(PageCache o, boolean snapshot) {
        inodes = new TreeMap<>();
        for (Inode i : o.inodes.values()) {
            inodes.put(i.ino(), snapshot ? i.snapshot() : i.fork());
        }
        nextIno = o.nextIno;
    }

    @Override
    public PageCache fork() {
        return new PageCache(this, false);
    }

    @Override
    public PageCache snapshot() {
        return new PageCache(this, true);
    }

    /**
     * A new inode of {@code sizePages} pages, none of them cached.
     *
     * @return the inode, or null when the machine has {@link #MAX_FILES} files already
     */
    Inode create(String name, boolean shmem, long sizePages) {
        if (inodes.size() >= MAX_FILES) {
            return null;
        }
        Inode inode = new Inode(nextIno++, name, shmem, sizePages, MAX_FILE_PAGES);
        inodes.put(inode.ino(), inode);
        return inode;
    }

    /** iput of the last reference: the inode goes (its folios must be gone already). */
    void evict(int ino) {
        inodes.remove(ino);
    }

    /** The inode of that number, or null. */
    public Inode get(int ino) {
        return inodes.get(ino);
    }

    /** The disk file of that name, or null. */
    public Inode byName(String name) {
        for (Inode i : inodes.values()) {
            if (!i.shmem() && i.name().equals(name)) {
                return i;
            }
        }
        return null;
    }

    /** Every inode, by number. */
    public List<Inode> all() {
        return List.copyOf(inodes.values());
    }

    @Override
    public long digest(long h) {
        h = (h ^ nextIno) * 0x100000001b3L;
        for (Inode i : inodes.values()) {
            h = i.digest(h);
        }
        return h;
    }

    @Override
    public long bytesNotIn(PageCache older) {
        long n = 64;
        for (Inode i : inodes.values()) {
            n += i.bytesNotIn(older == null ? null : older.inodes.get(i.ino()));
        }
        return n;
    }
}
