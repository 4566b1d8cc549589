package dev.folioscope.kernel.mmap;

/**
 * The file an mmap call maps, as far as the VMA layer needs it: the page-cache layer owns files
 * and names them by id; the task layer resolves the fd to one of these. Modelled as a regular
 * file on a disk filesystem (ext4-like: its get_unmapped_area is thp_get_unmapped_area).
 *
 * @param id the page-cache layer's file id (stored as the VMA's file)
 * @param sizePages the file's size in pages, for the page layer (mmap itself maps past EOF)
 * @param readable opened with FMODE_READ
 * @param writable opened with FMODE_WRITE
 * @param noexec on a noexec mount (path_noexec)
 */
public record MappedFile(int id, long sizePages, boolean readable, boolean writable, boolean noexec) {
    /** A file opened O_RDWR on an ordinary mount. */
    public static MappedFile readWrite(int id, long sizePages) {
        return new MappedFile(id, sizePages, true, true, false);
    }

    /** A file opened O_RDONLY on an ordinary mount. */
    public static MappedFile readOnly(int id, long sizePages) {
        return new MappedFile(id, sizePages, true, false, false);
    }
}
