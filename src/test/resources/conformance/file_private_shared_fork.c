/* A 32-page file mapped MAP_SHARED (window pages 32-63) and MAP_PRIVATE (64-95).
 * A write to a private file page copies it out of the page cache into an anonymous
 * page (COW); a write to a shared page dirties the page-cache page in place. After fork
 * the child's shared mapping starts empty (a VMA without anon_vma has its page tables not
 * copied) while the private mapping (which has an anon_vma now) is copied, file pages
 * included. The child then faults the shared mapping, writes a private page that still
 * maps the page cache (a second COW) and one that the parent had copied (copy again). */
#include "kstate.h"

int main(void) {
    kstate_init();
    int fd = kstate_file("private-shared", 32);
    char *s = mmap(kstate_at(32), 32 * PS, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED, fd, 0);
    char *p = mmap(kstate_at(64), 32 * PS, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, fd, 0);
    if (s == MAP_FAILED || p == MAP_FAILED) kstate_die("mmap");
    volatile char c = s[8 * PS];                 /* warm the cache, map 32-47 */
    c = p[8 * PS];                               /* map 64-79 from the cache */
    (void)c;
    kstate_dump("after-read-faults");
    p[9 * PS] = 'P';                             /* COW from the page cache: page 73 */
    kstate_dump("after-private-write");
    s[10 * PS] = 'S';                            /* dirty shared page: page 42 */
    kstate_dump("after-shared-write");
    if (p[10 * PS] != 'S') kstate_die("private mapping does not see the shared write");

    int done[2];
    if (pipe(done)) kstate_die("pipe");
    pid_t pid = kstate_fork();
    if (pid == 0) {
        kstate_dump("child-after-fork");
        c = s[8 * PS];                           /* refault the shared mapping: 32-47 */
        p[11 * PS] = 'c';                        /* page-cache page -> anonymous copy: 75 */
        p[9 * PS] = 'c';                         /* anon page shared with the parent: copy */
        kstate_dump("child-after-faults");
        char b = 0;
        if (write(done[1], &b, 1) != 1) _exit(1);
        _exit(0);
    }
    char b;
    if (read(done[0], &b, 1) != 1) kstate_die("read");
    waitpid(pid, NULL, 0);
    kstate_dump("parent-after-child-exit");
    if (p[9 * PS] != 'P' || p[11 * PS] != 'a' + 11) kstate_die("contents");
    return 0;
}
