/* Page-table pages (VmPTE) as a mapping is touched across 2 MiB (PMD) and 1 GiB (PUD)
 * boundaries, and freed again. A 2 GiB + 2 MiB PROT_NONE MAP_NORESERVE window is
 * reserved at 0x200000000000 (32 TiB, the start of a 512 GiB PGD slot nothing else
 * uses), so the first touch needs a new PUD table, PMD table and PTE table. Inside it a
 * 2 GiB rw-p MAP_NORESERVE anonymous mapping; one page is touched per step. The dumps
 * show that window (offsets in pages from 0x200000000000) and end with
 * "vmpte N kB" = page-table kB added since kstate_init. With 4-level paging. */
#include "kstate.h"

#define BIG_BASE ((char *)0x200000000000UL)
#define BIG_PAGES ((2L << 30) / PS + 512)
#define MB2 ((2L << 20) / PS)                    /* pages per PMD entry */
#define GB1 ((1L << 30) / PS)                    /* pages per PUD entry */

int main(void) {
    kstate_init();
    kstate_show_vmpte = 1;
    char *w = mmap(BIG_BASE, BIG_PAGES * PS, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
    if (w != BIG_BASE) kstate_die("reserve at 0x200000000000");
    char *m = mmap(w, 2 * GB1 * PS, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
    if (m != w) kstate_die("mmap");
    kstate_dump_window("after-mmap", w, BIG_PAGES);                  /* vmpte 0 */
    m[0] = 1;
    kstate_dump_window("after-first-touch", w, BIG_PAGES);           /* PUD+PMD+PTE: 12 */
    m[1 * PS] = 1;
    m[(MB2 - 1) * PS] = 1;
    kstate_dump_window("after-touch-same-pte-table", w, BIG_PAGES);  /* still 12 */
    m[MB2 * PS] = 1;
    kstate_dump_window("after-touch-next-2m", w, BIG_PAGES);         /* +PTE: 16 */
    for (long i = 2; i < 8; i++) m[i * MB2 * PS] = 1;
    kstate_dump_window("after-touch-8-2m-regions", w, BIG_PAGES);    /* 8 PTE tables: 40 */
    volatile char c = m[8 * MB2 * PS]; (void)c;                       /* zero page needs a table too */
    kstate_dump_window("after-read-9th-2m", w, BIG_PAGES);           /* 44 */
    m[(GB1 - 1) * PS] = 1;                                          /* last page of the 1st GiB */
    m[GB1 * PS] = 1;                                                /* first page of the 2nd GiB */
    kstate_dump_window("after-touch-across-1g", w, BIG_PAGES);      /* +PTE, +PMD+PTE: 56 */
    if (madvise(m + 2 * MB2 * PS, 6 * MB2 * PS, MADV_DONTNEED)) kstate_die("madvise");
    kstate_dump_window("after-dontneed-2m-regions-2-7", w, BIG_PAGES);
    if (munmap(m + GB1 * PS, GB1 * PS)) kstate_die("munmap");        /* the 2nd GiB */
    kstate_dump_window("after-munmap-2nd-1g", w, BIG_PAGES);
    if (munmap(m, GB1 * PS)) kstate_die("munmap");                   /* the rest */
    kstate_dump_window("after-munmap-all", w, BIG_PAGES);
    return 0;
}
