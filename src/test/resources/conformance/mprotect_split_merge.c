/* mprotect of the middle of a VMA splits it into three; restoring the protection merges
 * the three back into one. Also: an mprotect over the whole first piece plus part of the
 * middle one (two VMAs touched by one call), and read-only pages keep their frames. */
#include "kstate.h"

int main(void) {
    kstate_init();
    char *a = mmap(kstate_at(16), 8 * PS, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    for (int i = 0; i < 8; i += 2) a[i * PS] = 1;          /* pages 16, 18, 20, 22 */
    kstate_dump("after-touch");
    if (mprotect(a + 2 * PS, 3 * PS, PROT_READ)) kstate_die("mprotect");   /* pages 18-20 */
    kstate_dump("after-mprotect-read-middle");               /* 16-18 rw, 18-21 r, 21-24 rw */
    volatile char c = a[3 * PS]; (void)c;                    /* read fault in the r-- piece */
    kstate_dump("after-read-in-readonly-piece");
    if (mprotect(a + 2 * PS, 3 * PS, PROT_READ | PROT_WRITE)) kstate_die("mprotect");
    kstate_dump("after-mprotect-restore");                   /* one VMA 16-24 again */
    if (mprotect(a, 3 * PS, PROT_READ)) kstate_die("mprotect");  /* head piece: split in two */
    kstate_dump("after-mprotect-read-head");
    if (mprotect(a + 2 * PS, 2 * PS, PROT_READ)) kstate_die("mprotect");  /* extends the r-- head */
    kstate_dump("after-mprotect-read-overlapping");
    if (mprotect(a, 8 * PS, PROT_READ | PROT_WRITE)) kstate_die("mprotect");
    a[3 * PS] = 2;                                           /* write over the zero page */
    kstate_dump("after-mprotect-restore-all-and-write");
    return 0;
}
