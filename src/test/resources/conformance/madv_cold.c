/* madvise(MADV_COLD) list moves. A 16-page file is read twice with pread(2), so each
 * folio is marked accessed twice and activated (through CPU 0's lru_activate batch, which
 * kstate_drain empties); the file is then mapped MAP_SHARED at window pages 32-47 and read
 * there (fault-around maps all 16). Anonymous pages 16-19 are written. MADV_COLD on file
 * pages 32-39 and anonymous pages 16-17 clears PG_referenced and the PTEs' young bits and
 * queues the active folios in the lru_deactivate batch: they stay active until the batch
 * is drained, then sit on the inactive list. */
#include "kstate.h"

int main(void) {
    kstate_init();
    static char buf[16 * PS];
    int fd = kstate_file("cold", 16);
    if (pread(fd, buf, sizeof buf, 0) != (ssize_t)sizeof buf) kstate_die("pread");
    if (pread(fd, buf, sizeof buf, 0) != (ssize_t)sizeof buf) kstate_die("pread");
    kstate_drain();
    char *f = mmap(kstate_at(32), 16 * PS, PROT_READ, MAP_SHARED | MAP_FIXED, fd, 0);
    char *a = mmap(kstate_at(16), 4 * PS, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (f == MAP_FAILED || a == MAP_FAILED) kstate_die("mmap");
    volatile char c = f[0];
    if (c != 'a') kstate_die("contents");
    for (int i = 0; i < 4; i++) a[i * PS] = 1;
    kstate_drain();
    kstate_dump("after-read-twice-and-touch");
    if (madvise(f, 8 * PS, MADV_COLD)) kstate_die("madvise(MADV_COLD)");
    if (madvise(a, 2 * PS, MADV_COLD)) kstate_die("madvise(MADV_COLD)");
    kstate_dump("after-madv-cold");
    kstate_drain();
    kstate_dump("after-drain");
    return 0;
}
