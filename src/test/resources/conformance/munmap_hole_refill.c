/* munmap of a hole in the middle of a VMA leaves two VMAs and frees the hole's pages;
 * mmap MAP_FIXED of the hole with the same protection merges the three back into one.
 * Then a hole refilled with a different protection stays a separate VMA, and a MAP_FIXED
 * mmap over touched pages replaces them. */
#include "kstate.h"

int main(void) {
    kstate_init();
    char *a = mmap(kstate_at(16), 8 * PS, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    for (int i = 0; i < 8; i++) a[i * PS] = 1;               /* pages 16-23 */
    kstate_dump("after-touch");
    if (munmap(a + 3 * PS, 2 * PS)) kstate_die("munmap");    /* pages 19-20 */
    kstate_dump("after-munmap-hole");
    if (mmap(a + 3 * PS, 2 * PS, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) kstate_die("mmap");
    kstate_dump("after-refill-same-prot");                   /* one VMA 16-24 */
    a[3 * PS] = 2;                                           /* fresh page at 19 */
    kstate_dump("after-write-in-refill");
    if (munmap(a + 5 * PS, PS)) kstate_die("munmap");        /* page 21 */
    if (mmap(a + 5 * PS, PS, PROT_READ,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) kstate_die("mmap");
    kstate_dump("after-refill-other-prot");                  /* 16-21 rw, 21-22 r, 22-24 rw */
    if (mmap(a + 6 * PS, 2 * PS, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) kstate_die("mmap");
    kstate_dump("after-mmap-fixed-over-touched");            /* pages 22-23 gone */
    return 0;
}
