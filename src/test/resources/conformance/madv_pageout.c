/* madvise(MADV_PAGEOUT) on private anonymous pages, with a swap device (record.sh enables
 * a swap file when the case asks for one and none is active: KSTATE_NEEDS_SWAP).
 * Pages 16-21 are written; MADV_PAGEOUT on pages 16-19 puts them in the swap cache,
 * replaces their PTEs by swap entries and writes them out (Swap: 16 kB). The pages stay
 * in the swap cache until reclaim frees them, so touching one again is a swap-cache hit:
 * a read maps it and keeps its swap slot; a write maps it and frees the slot. A page
 * mapped by two processes (after fork) is left alone: MADV_PAGEOUT skips folios that
 * may be mapped more than once. */
#define KSTATE_NEEDS_SWAP
#include "kstate.h"

int main(void) {
    kstate_init();
    char *a = mmap(kstate_at(16), 8 * PS, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (a == MAP_FAILED) kstate_die("mmap");
    for (int i = 0; i < 6; i++) a[i * PS] = 1;   /* pages 16-21 */
    kstate_drain();                              /* the new folios reach the LRU lists */
    kstate_dump("after-touch");
    if (madvise(a, 4 * PS, MADV_PAGEOUT)) kstate_die("madvise(MADV_PAGEOUT)");   /* 16-19 */
    usleep(200000);                              /* let the swap writes complete */
    kstate_dump("after-pageout");
    volatile char c = a[0];                      /* page 16: read, swap-cache hit */
    if (c != 1) kstate_die("contents");
    kstate_dump("after-read-swapped-page");
    a[1 * PS] = 2;                               /* page 17: write, swap-cache hit */
    kstate_dump("after-write-swapped-page");
    pid_t pid = kstate_fork();
    if (pid == 0) {
        if (madvise(a + 4 * PS, 2 * PS, MADV_PAGEOUT)) kstate_die("madvise");  /* 20-21 shared */
        kstate_dump("child-after-pageout-of-shared");
        _exit(0);
    }
    waitpid(pid, NULL, 0);
    return 0;
}
