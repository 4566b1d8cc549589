package dev.folioscope.kernel.filemap;

import dev.folioscope.kernel.base.CowIntArray;

/**
 * A file as the page cache sees it: struct inode with its address_space. {@code i_pages} maps a
 * page index to the pfn of the folio caching it, or to the shadow entry an evicted folio left
 * (see kernel.swap.Workingset) — the kernel's xarray; here a copy-on-write array, so a checkpoint
 * shares the pages of every file. All folios are order 0.
 *
 * <p>A regular file lives on a disk filesystem modelled on ext4 (reads set PG_mappedtodisk, a
 * write fault attaches buffer heads, PG_private); a shmem file is the object behind a shared
 * anonymous mapping, its folios swap-backed and its contents only in memory.
 */
public final class Inode {
    /** No folio at that index. */
    public static final int NONE = -1;

    private final int ino;
    private final String name;
    private final boolean shmem;
    private long sizePages;
    private final CowIntArray pages;
    private int nrpages;
    /**
     * The struct file_ra_state of the file's mappings: the kernel keeps one per struct file, so
     * one per mmap call's open file; the model keeps one per inode, as if every mapping of the
     * file came from one open. (read and write calls keep their own, per open file descriptor.)
     */
    private Readahead ra = Readahead.NEW;
    private int mmapMiss;

    Inode(int ino, String name, boolean shmem, long sizePages, int maxPages) {
        this.ino = ino;
        this.name = name;
        this.shmem = shmem;
        this.sizePages = sizePages;
        this.pages = new CowIntArray(maxPages, NONE);
    }

    private Inode(Inode o, CowIntArray pages) {
        this.ino = o.ino;
        this.name = o.name;
        this.shmem = o.shmem;
        this.sizePages = o.sizePages;
        this.pages = pages;
        this.nrpages = o.nrpages;
        this.ra = o.ra;
        this.mmapMiss = o.mmapMiss;
    }

    Inode fork() {
        return new Inode(this, pages.fork());
    }

    Inode snapshot() {
        return new Inode(this, pages.snapshot());
    }

    public int ino() {
        return ino;
    }

    /** The file's name, or {@code /dev/zero (deleted)} for the shmem object of a shared anonymous mapping. */
    public String name() {
        return name;
    }

    /** shmem_file: the folios are swap-backed and the file has no disk behind it. */
    public boolean shmem() {
        return shmem;
    }

    /** i_size in pages (the model's files are whole pages). */
    public long sizePages() {
        return sizePages;
    }

    void setSizePages(long sizePages) {
        this.sizePages = sizePages;
    }

    /** The most pages this file may hold: its index space. */
    public int maxPages() {
        return pages.length();
    }

    /** filemap_get_folio: the folio at {@code index}, or {@link #NONE} (nothing, or a shadow entry). */
    public int folio(long index) {
        int v = entry(index);
        return v >= 0 ? v : NONE;
    }

    /** filemap_get_entry: the folio's pfn, a shadow entry (Workingset.isShadow) or {@link #NONE}. */
    public int entry(long index) {
        return index < 0 || index >= pages.length() ? NONE : pages.get((int) index);
    }

    /** Puts a folio's pfn, a shadow entry or {@link #NONE} at {@code index}. */
    void set(long index, int entry) {
        int old = pages.get((int) index);
        pages.set((int) index, entry);
        nrpages += (entry >= 0 ? 1 : 0) - (old >= 0 ? 1 : 0);
    }

    /** mapping->nrpages. */
    public int nrpages() {
        return nrpages;
    }

    /** The readahead state of the file's mappings. */
    public Readahead ra() {
        return ra;
    }

    void setRa(Readahead ra) {
        this.ra = ra;
    }

    /** file_ra_state.mmap_miss: page-cache misses of faults, less hits of fault-around. */
    public int mmapMiss() {
        return mmapMiss;
    }

    void setMmapMiss(int mmapMiss) {
        this.mmapMiss = mmapMiss;
    }

    long digest(long h) {
        h = (h ^ ino) * 0x100000001b3L;
        h = (h ^ name.hashCode()) * 0x100000001b3L;
        h = (h ^ (shmem ? 1 : 0)) * 0x100000001b3L;
        h = (h ^ sizePages) * 0x100000001b3L;
        h = (h ^ nrpages) * 0x100000001b3L;
        h = ra.digest(h);
        h = (h ^ mmapMiss) * 0x100000001b3L;
        return pages.digest(h);
    }

    long bytesNotIn(Inode older) {
        return 96 + name.length() * 2L + pages.bytesNotIn(older == null ? null : older.pages);
    }
}
