/* fork and copy-on-write of anonymous private memory. The child's first write to a page
 * shared with the parent copies it; a page the child touches first is fresh. While the
 * child lives, a parent write copies too (the page is shared); once the child has exited,
 * a parent write reuses its page (same frame, anon_exclusive set again). */
#include "kstate.h"

int main(void) {
    kstate_init();
    char *a = mmap(kstate_at(16), 8 * PS, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    for (int i = 0; i < 4; i++) a[i * PS] = 1;   /* write faults: pages 16-19 */
    volatile char c = a[5 * PS]; (void)c;        /* read fault: page 21, zero page */
    kstate_dump("after-touch");

    int go[2], done[2];
    if (pipe(go) || pipe(done)) kstate_die("pipe");
    char b = 0;
    pid_t pid = kstate_fork();
    if (pid == 0) {
        kstate_dump("child-after-fork");
        a[1 * PS] = 2;                           /* COW break in the child: page 17 */
        a[6 * PS] = 2;                           /* fresh page in the child: page 22 */
        kstate_dump("child-after-write");
        if (write(done[1], &b, 1) != 1 || read(go[0], &b, 1) != 1) _exit(1);
        kstate_dump("child-after-parent-write");
        _exit(0);
    }
    if (read(done[0], &b, 1) != 1) kstate_die("read");
    a[3 * PS] = 3;                               /* parent write while shared: page 19 copied */
    kstate_dump("parent-write-while-child-alive");
    if (write(go[1], &b, 1) != 1) kstate_die("write");
    waitpid(pid, NULL, 0);
    kstate_dump("parent-after-child-exit");
    a[2 * PS] = 5;                               /* was shared, now only ours: reused */
    a[1 * PS] = 5;                               /* the child copied its own: reused */
    kstate_dump("parent-after-write");
    return 0;
}
