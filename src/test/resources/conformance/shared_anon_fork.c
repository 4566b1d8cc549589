/* MAP_SHARED|MAP_ANONYMOUS memory is shmem: a read fault allocates a real (shmem) page,
 * not the zero page; fork does not copy its page tables (no anon_vma), the child faults
 * the same frames back in; a page the child writes first is seen by the parent. */
#include "kstate.h"

int main(void) {
    kstate_init();
    char *a = mmap(kstate_at(16), 8 * PS, PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (a == MAP_FAILED) kstate_die("mmap");
    volatile char c = a[0];                      /* read fault: page 16 */
    a[1 * PS] = 1;                               /* write fault: page 17 */
    kstate_dump("after-touch");

    int done[2], go[2];
    if (pipe(done) || pipe(go)) kstate_die("pipe");
    pid_t pid = kstate_fork();
    if (pid == 0) {
        kstate_dump("child-after-fork");         /* VMA, no pages */
        c = a[0];                                /* same frame as the parent's page 16 */
        a[1 * PS] = 2;                           /* same frame as the parent's page 17 */
        a[2 * PS] = 2;                           /* new page 18, shared */
        kstate_dump("child-after-faults");
        char b = 0;
        if (write(done[1], &b, 1) != 1 || read(go[0], &b, 1) != 1) _exit(1);
        _exit(0);
    }
    char b;
    if (read(done[0], &b, 1) != 1) kstate_die("read");
    kstate_dump("parent-while-child-alive");     /* page 18 not mapped in the parent yet */
    if (write(go[1], &b, 1) != 1) kstate_die("write");
    waitpid(pid, NULL, 0);
    c = a[2 * PS];                               /* the child's page */
    if (c != 2 || a[1 * PS] != 2) kstate_die("contents");
    kstate_dump("parent-after-child-exit");
    return 0;
}
