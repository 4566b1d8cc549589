/* mlock of part of a VMA splits it and populates the locked part (write-faulted, since
 * the mapping is private and writable); munlock merges it back. MAP_POPULATE fills a
 * writable private mapping with anonymous pages but a read-only one with zero pages;
 * MAP_LOCKED populates and locks. */
#include "kstate.h"

int main(void) {
    kstate_init();
    char *a = mmap(kstate_at(16), 8 * PS, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    a[0] = 1;                                                /* page 16 */
    if (mlock(a + 2 * PS, 4 * PS)) kstate_die("mlock");       /* pages 18-21 */
    kstate_dump("after-mlock");                              /* 16-18, 18-22 locked, 22-24 */
    if (munlock(a + 2 * PS, 4 * PS)) kstate_die("munlock");
    kstate_dump("after-munlock");                            /* one VMA again, pages stay */

    if (mmap(kstate_at(32), 4 * PS, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_POPULATE, -1, 0) == MAP_FAILED) kstate_die("mmap");
    if (mmap(kstate_at(40), 4 * PS, PROT_READ,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_POPULATE, -1, 0) == MAP_FAILED) kstate_die("mmap");
    kstate_dump("after-map-populate");                       /* 32-36 anon pages, 40-44 zero page */

    if (mmap(kstate_at(48), 4 * PS, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | MAP_LOCKED, -1, 0) == MAP_FAILED) kstate_die("mmap");
    kstate_dump("after-map-locked");                         /* 48-52 populated and locked */
    if (munlock(kstate_at(48), 4 * PS)) kstate_die("munlock");
    kstate_dump("after-munlock-map-locked");
    return 0;
}
