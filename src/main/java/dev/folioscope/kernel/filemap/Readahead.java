package dev.folioscope.kernel.filemap;

/**
 * struct file_ra_state: where the last readahead window started, its size, how much of it was
 * read ahead of need (the PG_readahead marker sits that far before its end), the folio order
 * the next window would use, and the byte position just after the last read.
 *
 * @param prevPos -1 before the first read (a fresh open)
 */
public record Readahead(long start, int size, int asyncSize, int order, long prevPos) {
    /** The state of a newly opened file. */
    public static final Readahead NEW = new Readahead(0, 0, 0, 0, -1);

    Readahead window(long start, int size, int asyncSize, int order) {
        return new Readahead(start, size, asyncSize, order, prevPos);
    }

    Readahead readTo(long prevPos) {
        return new Readahead(start, size, asyncSize, order, prevPos);
    }

    public long digest(long h) {
        h = (h ^ start ^ (long) size << 32) * 0x100000001b3L;
        h = (h ^ asyncSize ^ (long) order << 32) * 0x100000001b3L;
        return (h ^ prevPos) * 0x100000001b3L;
    }
}
