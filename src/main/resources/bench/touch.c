/* The host kernel's side of `folioscope bench --faults N`: map N anonymous pages, write one byte
 * to each (N write faults through do_anonymous_page), and print the faults per second. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1048576L;
    long ps = 4096;
    char *a = mmap(NULL, n * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (a == MAP_FAILED) { perror("mmap"); return 1; }
    madvise(a, n * ps, MADV_NOHUGEPAGE);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long i = 0; i < n; i++) a[i * ps] = 1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
    printf("%ld %.6f %.0f\n", n, s, n / s);
    return 0;
}
