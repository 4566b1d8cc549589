/* Read faults on a 32-page file (ext4, cold page cache) mapped MAP_SHARED at window
 * pages 32-63 and MAP_PRIVATE at pages 64-95 (both 2 MiB-aligned offsets, so the
 * fault-around blocks are the same 16-page halves of each mapping in every run).
 * The first read fault (page 40, file page 8) reads the file in and maps its
 * fault-around block; a read in the other half maps that half; the private mapping of
 * the now cached file is mapped around its faulting page as well. */
#include "kstate.h"

int main(void) {
    kstate_init();
    int fd = kstate_file("fault-around", 32);
    char *s = mmap(kstate_at(32), 32 * PS, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
    char *p = mmap(kstate_at(64), 32 * PS, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0);
    if (s == MAP_FAILED || p == MAP_FAILED) kstate_die("mmap");
    kstate_dump("after-mmap");
    volatile char c = s[8 * PS];                 /* cold cache: read fault, file page 8 */
    if (c != 'a' + 8) kstate_die("contents");
    kstate_dump("after-shared-read-cold");
    c = s[24 * PS];                              /* other half: file page 24 */
    kstate_dump("after-shared-read-other-half");
    c = p[3 * PS];                               /* private mapping, warm cache: file page 3 */
    (void)c;
    kstate_dump("after-private-read-warm");
    return 0;
}
