/* madvise(MADV_FREE) on private anonymous pages: they stay mapped (no memory pressure
 * here), lose dirty and swapbacked once the per-CPU lazyfree batch is drained; a write
 * afterwards re-dirties the page (the PTE) so reclaim would keep it. Untouched and
 * zero-page PTEs are left alone. A second MADV_FREE call drains the first call's batch. */
#include "kstate.h"

int main(void) {
    kstate_init();
    char *a = mmap(kstate_at(16), 8 * PS, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    for (int i = 0; i < 4; i++) a[i * PS] = 1;   /* pages 16-19 */
    volatile char c = a[5 * PS]; (void)c;        /* page 21: zero page */
    kstate_dump("after-touch");
    if (madvise(a, 6 * PS, MADV_FREE)) kstate_die("madvise");    /* pages 16-21 */
    kstate_dump("after-madv-free");
    a[1 * PS] = 2;                               /* re-dirty page 17 */
    kstate_dump("after-write-to-freed-page");
    if (madvise(a + 7 * PS, PS, MADV_FREE)) kstate_die("madvise");  /* page 23: drains */
    kstate_dump("after-second-madv-free");
    return 0;
}
