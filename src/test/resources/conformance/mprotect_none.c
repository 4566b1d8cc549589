/* mprotect(PROT_NONE) on touched anonymous pages: the VMA splits and the pages stay
 * resident (the PTEs become PROT_NONE, which pagemap still reports present); restoring
 * read/write merges the VMA back with the same frames. This case prints ---p VMAs too
 * (kstate_show_prot_none), so the window reservation's own ---p VMAs appear as well. */
#include "kstate.h"

int main(void) {
    kstate_init();
    kstate_show_prot_none = 1;
    char *a = mmap(kstate_at(16), 8 * PS, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    for (int i = 0; i < 4; i++) a[i * PS] = (char)(i + 1);   /* pages 16-19 */
    volatile char c = a[5 * PS];                              /* page 21: zero page */
    kstate_dump("after-touch");
    if (mprotect(a + 2 * PS, 4 * PS, PROT_NONE)) kstate_die("mprotect");   /* pages 18-21 */
    kstate_dump("after-mprotect-none");          /* 16-18 rw, 18-22 ---, 22-24 rw */
    if (mprotect(a + 2 * PS, 4 * PS, PROT_READ | PROT_WRITE)) kstate_die("mprotect");
    c = a[3 * PS];
    if (c != 4) kstate_die("contents");
    kstate_dump("after-mprotect-restore");       /* one VMA, same frames */
    if (mprotect(a + 6 * PS, 2 * PS, PROT_NONE)) kstate_die("mprotect");   /* untouched tail */
    kstate_dump("after-mprotect-none-untouched-tail");
    return 0;
}
