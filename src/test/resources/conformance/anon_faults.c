/* Anonymous private memory: write faults allocate exclusive anonymous pages; read faults
 * on untouched pages map the shared zero page; a write to a zero-page PTE allocates a
 * fresh page (COW from the zero page); a read of an already-written page changes nothing. */
#include "kstate.h"

int main(void) {
    kstate_init();
    char *a = mmap(kstate_at(16), 8 * PS, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    kstate_dump("after-mmap");                   /* a VMA, no pages */
    for (int i = 0; i < 4; i++) a[i * PS] = 1;   /* write faults: pages 16-19 */
    kstate_dump("after-write-faults");
    volatile char c = a[5 * PS];                 /* read faults: pages 21 and 22 */
    c = a[6 * PS];
    c = a[0];                                    /* read of a written page: no change */
    (void)c;
    kstate_dump("after-read-faults");
    a[5 * PS] = 2;                               /* write on the zero page: fresh page */
    kstate_dump("after-write-on-zero-page");
    return 0;
}
