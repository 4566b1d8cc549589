/* madvise(MADV_DONTFORK) and madvise(MADV_WIPEONFORK) on parts of a VMA split it; in the
 * child the DONTFORK part has no VMA at all and the WIPEONFORK part has a VMA with no
 * pages (a read there maps the zero page), while the rest is shared copy-on-write. */
#include "kstate.h"

int main(void) {
    kstate_init();
    char *a = mmap(kstate_at(16), 12 * PS, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    for (int i = 0; i < 12; i++) a[i * PS] = 1;              /* pages 16-27 */
    if (madvise(a + 4 * PS, 4 * PS, MADV_DONTFORK)) kstate_die("madvise");     /* 20-23 */
    if (madvise(a + 8 * PS, 4 * PS, MADV_WIPEONFORK)) kstate_die("madvise");   /* 24-27 */
    kstate_dump("after-madvise");                /* 16-20, 20-24, 24-28 */

    int done[2];
    if (pipe(done)) kstate_die("pipe");
    pid_t pid = kstate_fork();
    if (pid == 0) {
        kstate_dump("child-after-fork");         /* 16-20 shared, no 20-24, 24-28 empty */
        volatile char c = a[8 * PS];             /* zero page at 24 */
        if (c != 0) _exit(1);
        kstate_dump("child-after-read-wiped");
        char b = 0;
        if (write(done[1], &b, 1) != 1) _exit(1);
        _exit(0);
    }
    char b;
    if (read(done[0], &b, 1) != 1) kstate_die("read");
    waitpid(pid, NULL, 0);
    kstate_dump("parent-after-child-exit");
    return 0;
}
