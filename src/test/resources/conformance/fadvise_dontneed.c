/* posix_fadvise(POSIX_FADV_DONTNEED) drops clean, unmapped page-cache folios and keeps
 * mapped ones. A cold 32-page file is read whole with pread(2) (every folio referenced);
 * file pages 0-15 are mapped MAP_SHARED at window pages 32-47 and read there; DONTNEED
 * on the whole file then drops pages 16-31 only. Mapping 16-31 at window pages 48-63 and
 * reading page 20 is a major fault that reads the dropped pages in again (read-around),
 * so they come back without PG_referenced, unlike pages 0-15, and fault-around maps the
 * new 16-page block. */
#include "kstate.h"

int main(void) {
    kstate_init();
    static char buf[32 * PS];
    int fd = kstate_file("dontneed", 32);
    if (pread(fd, buf, sizeof buf, 0) != (ssize_t)sizeof buf) kstate_die("pread");
    char *lo = mmap(kstate_at(32), 16 * PS, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0);
    if (lo == MAP_FAILED) kstate_die("mmap");
    volatile char c = lo[0];
    kstate_drain();
    kstate_dump("after-pread-and-map-low-half");
    if (posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED)) kstate_die("posix_fadvise");
    char *hi = mmap(kstate_at(48), 16 * PS, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 16 * PS);
    if (hi == MAP_FAILED) kstate_die("mmap");
    c = hi[4 * PS];                              /* file page 20: dropped, read again */
    if (c != 'a' + 20) kstate_die("contents");
    kstate_drain();
    kstate_dump("after-dontneed-and-read-high-half");
    return 0;
}
