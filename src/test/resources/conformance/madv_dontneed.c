/* madvise(MADV_DONTNEED) on private anonymous memory: the pages (and a zero-page PTE) go,
 * the VMA stays; afterwards a read maps the zero page and a write gets a fresh page. */
#include "kstate.h"

int main(void) {
    kstate_init();
    char *a = mmap(kstate_at(16), 8 * PS, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    for (int i = 0; i < 6; i++) a[i * PS] = (char)(i + 1);   /* pages 16-21 */
    volatile char c = a[6 * PS];                             /* page 22: zero page */
    kstate_dump("after-touch");
    if (madvise(a + 2 * PS, 5 * PS, MADV_DONTNEED)) kstate_die("madvise");   /* pages 18-22 */
    kstate_dump("after-dontneed");
    c = a[2 * PS];                                           /* read: zero page at 18 */
    if (c != 0) kstate_die("contents survived MADV_DONTNEED");
    a[3 * PS] = 7;                                           /* write: fresh page at 19 */
    kstate_dump("after-read-and-write");
    return 0;
}
