/* brk: growing the break creates the heap VMA (rw-p) at the initial break and then
 * extends it; an unaligned break is rounded up to a page for the VMA; shrinking unmaps
 * the pages above the new break; shrinking back to the start removes the VMA.
 * The heap lies outside the window, so this case dumps the 64 pages from the initial
 * sbrk(0) with kstate_dump_window (offsets in pages from the initial break). kstate.h
 * uses no malloc/stdio, so nothing but this case moves the break (the first dump shows
 * no VMA). The "brk" lines give the requested break and the raw brk(2) result as offsets
 * in bytes. Needs ASLR (randomize_va_space 2): without it the heap starts right after the
 * bss and its VMA could merge with the bss VMA, which starts below the dumped window. */
#include "kstate.h"

static char *b0;

static void set_brk(long off) {
    long r = syscall(SYS_brk, b0 + off);
    kstate_line("brk %+ld -> %+ld", off, (long)((char *)r - b0));
}

int main(void) {
    kstate_init();
    kstate_slurp("/proc/sys/kernel/randomize_va_space");
    if (kstate_in[0] != '2') kstate_die("randomize_va_space is not 2");
    b0 = sbrk(0);
    if ((uintptr_t)b0 % PS) kstate_die("initial break not page-aligned");
    kstate_dump_window("before", b0, 64);
    set_brk(3 * PS + 100);                                   /* VMA 0-4 */
    b0[0] = 1;                                               /* page 0 */
    b0[2 * PS] = 1;                                          /* page 2 */
    volatile char c = b0[3 * PS]; (void)c;                   /* page 3: zero page */
    kstate_dump_window("after-grow-and-touch", b0, 64);
    set_brk(8 * PS);                                         /* extends: VMA 0-8 */
    b0[7 * PS] = 1;                                          /* page 7 */
    kstate_dump_window("after-grow-again", b0, 64);
    set_brk(2 * PS + 1);                                     /* VMA 0-3: pages 3 and 7 go */
    kstate_dump_window("after-shrink", b0, 64);
    set_brk(-PS);                                            /* below the start: refused */
    set_brk(0);                                              /* VMA gone */
    kstate_dump_window("after-shrink-to-start", b0, 64);
    return 0;
}
