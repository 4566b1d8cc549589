/* mremap: growing in place when the following range is free (same VMA, same frames),
 * shrinking, moving with MREMAP_MAYMOVE|MREMAP_FIXED to another offset of the window
 * (the VMA and its page-table entries move, the frames stay), and growing when the
 * following range is taken (the VMA moves: MREMAP_MAYMOVE lets the kernel pick an address
 * anywhere, so this case moves it back into the window with MREMAP_FIXED instead).
 * The window is a PROT_NONE reservation, so "free" means a hole punched into it with
 * munmap first (pages 20-28 here).
 * Also whether a moved VMA merges with a neighbour: a faulted VMA (with anon_vma) keeps
 * its vm_pgoff and does not; an unfaulted one gets a new pgoff and does. */
#include "kstate.h"

int main(void) {
    kstate_init();
    char *a = mmap(kstate_at(16), 4 * PS, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    for (int i = 0; i < 4; i++) a[i * PS] = (char)(i + 1);   /* pages 16-19 */
    if (munmap(kstate_at(20), 8 * PS)) kstate_die("munmap");    /* free range after the VMA */
    kstate_dump("after-touch");
    if (mremap(a, 4 * PS, 8 * PS, 0) != a) kstate_die("mremap grow");
    a[6 * PS] = 7;                                           /* page 22, in the grown part */
    kstate_dump("after-grow-in-place");                      /* 16-24 */
    if (mremap(a, 8 * PS, 6 * PS, 0) != a) kstate_die("mremap shrink");
    kstate_dump("after-shrink");                             /* 16-22, page 22 gone */
    char *b = mremap(a, 6 * PS, 6 * PS, MREMAP_MAYMOVE | MREMAP_FIXED, kstate_at(100));
    if (b != kstate_at(100)) kstate_die("mremap move");
    kstate_dump("after-move");                               /* 100-106, same frames */
    if (b[3 * PS] != 4) kstate_die("contents");

    /* Grow when the next range is taken: a neighbour at 106-108 blocks in-place growth. */
    if (mmap(kstate_at(106), 2 * PS, PROT_READ,
             MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) == MAP_FAILED) kstate_die("mmap");
    if (mremap(b, 6 * PS, 8 * PS, 0) != MAP_FAILED) kstate_die("mremap grew over a neighbour");
    char *c = mremap(b, 6 * PS, 8 * PS, MREMAP_MAYMOVE | MREMAP_FIXED, kstate_at(200));
    if (c != kstate_at(200)) kstate_die("mremap grow-move");
    kstate_dump("after-grow-by-move");                       /* 200-208, 106-108 stays */

    /* Merging after a move: 300-304 is a faulted VMA; move a faulted VMA next to it... */
    char *d = mmap(kstate_at(300), 4 * PS, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    d[0] = 1;
    if (mremap(c, 8 * PS, 8 * PS, MREMAP_MAYMOVE | MREMAP_FIXED, kstate_at(304)) != kstate_at(304))
        kstate_die("mremap move next to");
    kstate_dump("after-move-faulted-next-to-faulted");       /* 300-304 and 304-312: no merge */
    /* ...and an unfaulted VMA next to an unfaulted one. */
    char *e = mmap(kstate_at(400), 4 * PS, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    char *f = mmap(kstate_at(500), 4 * PS, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (e == MAP_FAILED || f == MAP_FAILED) kstate_die("mmap");
    if (mremap(f, 4 * PS, 4 * PS, MREMAP_MAYMOVE | MREMAP_FIXED, kstate_at(404)) != kstate_at(404))
        kstate_die("mremap move unfaulted");
    kstate_dump("after-move-unfaulted-next-to-unfaulted");   /* 400-408: merged */
    return 0;
}
