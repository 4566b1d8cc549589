/*
 * kstate.h - record what a real Linux kernel does, as golden data for the simulator.
 *
 * A case program maps named regions inside a private PROT_NONE reservation
 * (so its VMAs never merge with anything the C runtime maps), performs a
 * sequence of syscalls and memory accesses, and calls kstate_dump(label) at
 * the points worth comparing. Each dump prints, for the case's regions only:
 *   - the VMAs (offsets in pages from the reservation base, permissions)
 *     with the main /proc/self/smaps counters of each VMA;
 *   - one line per page: pagemap bits, the page's flags from /proc/kpageflags
 *     (names as in include/uapi/linux/kernel-page-flags.h, lower case),
 *     /proc/kpagecount, and a "frame" number: frames are numbered in order of
 *     first appearance in this process's output, so two lines with the same
 *     frame share one physical page (the raw pfn differs from run to run).
 * Reading pfns and kpageflags needs root (CAP_SYS_ADMIN).
 *
 * This is the project's copy of the kit's harness (shared/conformance/kstate.h).
 * The dump format is the kit's, byte for byte; new output appears only where a
 * case asks for it. Changes and additions:
 *
 *  - No stdio, no malloc: all output goes through write(2) from static
 *    buffers, and /proc files are read with read(2) into static buffers that
 *    kstate_init prefaults (together with 64 KiB of stack). So the C library
 *    never moves the program break (the brk case) and a dump never faults in
 *    new memory or allocates page tables (the VmPTE lines). Cases print extra
 *    lines with kstate_line(), never with printf.
 *  - The window is aligned to 2 MiB (one PMD): the page-table index of a
 *    window offset is then the same in every run, which fault-around (an
 *    aligned 16-page block of the page table) depends on.
 *  - kstate_dump_window(label, base, npages): the same dump for any other
 *    window, offsets counted in pages from `base` (the brk case dumps the heap
 *    relative to the initial sbrk(0); the page-table case its 2 GiB window).
 *    A VMA is printed if it lies inside the window.
 *  - kstate_show_prot_none = 1: also print VMAs with permissions ---p (by
 *    default they are hidden, since the reservation itself is ---p).
 *  - kstate_show_vmpte = 1: each dump ends with one line "vmpte N kB", where N
 *    is /proc/self/status VmPTE now minus VmPTE at the end of kstate_init:
 *    the page-table pages (PTE, PMD and PUD tables, 4 kB each) the case has
 *    added since. (The absolute value depends on where ASLR put the C runtime.)
 *  - kstate_file(tag, npages): a file of npages pages on a page-cache
 *    filesystem (directory $KSTATE_FILE_DIR, default /tmp; tmpfs and ramfs are
 *    refused) where byte k of page i is 'a' + i % 26. The file is written,
 *    fsync'ed, unlinked (the returned O_RDWR fd keeps it alive) and dropped
 *    from the page cache with posix_fadvise(POSIX_FADV_DONTNEED); cachestat(2)
 *    must then report no cached page, so file cases start from a cold cache;
 *    it ends with kstate_drain() like kstate_init.
 *  - A case that defines KSTATE_NEEDS_SWAP before including this file needs an
 *    active swap device: kstate_init dies if /proc/swaps lists none (record.sh
 *    enables a swap file for such cases).
 *  - kstate_init ends with a warm-up (one dump with its output thrown away, one fork
 *    and wait) and kstate_drain(): lru_add_drain() of CPU 0, reached through
 *    madvise(MADV_FREE) on an untouched page outside the window. The case then starts
 *    with empty per-CPU LRU batches, and the C library's own first writes (which
 *    allocate anonymous pages that would fill those batches) are already done.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdarg.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sys/vfs.h>
#include <sys/syscall.h>
#include <sched.h>

#define PS 4096L
#define RESERVE_PAGES 1024L
#define KSTATE_ALIGN (2L << 20)

static char *kstate_base;            /* start of the reservation */
static const char *kstate_who = "parent";
static uint64_t kstate_frames[4096]; /* pfn of frame i */
static int kstate_nframes;
static int kstate_show_prot_none;    /* 1: print ---p VMAs too */
static int kstate_show_vmpte;        /* 1: end each dump with "vmpte N kB" */
static long kstate_vmpte_base;       /* VmPTE (kB) at the end of kstate_init */

static char kstate_in[256 * 1024];   /* a whole /proc file */
static char kstate_out[64 * 1024];   /* output not yet written */
static size_t kstate_outlen;
static uint64_t kstate_pm[512];      /* one pagemap chunk */

static int kstate_quiet;             /* 1: output is thrown away (warm-up) */

static void kstate_flush(void) {
    size_t off = 0;
    if (kstate_quiet) { kstate_outlen = 0; return; }
    while (off < kstate_outlen) {
        ssize_t n = write(1, kstate_out + off, kstate_outlen - off);
        if (n <= 0) _exit(3);
        off += (size_t)n;
    }
    kstate_outlen = 0;
}

static __attribute__((format(printf, 1, 2))) void kstate_out_f(const char *fmt, ...) {
    if (kstate_outlen > sizeof kstate_out - 1024) kstate_flush();
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(kstate_out + kstate_outlen, sizeof kstate_out - kstate_outlen, fmt, ap);
    va_end(ap);
    if (n > 0) kstate_outlen += (size_t)n;
}

/* Print one line of the case's own (a newline is added). */
#define kstate_line(...) do { kstate_out_f(__VA_ARGS__); kstate_out_f("\n"); kstate_flush(); } while (0)

static void kstate_die(const char *what) {
    char msg[256];
    int n = snprintf(msg, sizeof msg, "kstate: %s failed\n", what);
    write(2, msg, (size_t)n);
    exit(1);
}

/* Read a whole /proc file into kstate_in; returns its length. */
static size_t kstate_slurp(const char *path) {
    int fd = open(path, O_RDONLY);
    if (fd < 0) kstate_die(path);
    size_t len = 0;
    for (;;) {
        ssize_t n = read(fd, kstate_in + len, sizeof kstate_in - 1 - len);
        if (n < 0) kstate_die(path);
        if (n == 0) break;
        len += (size_t)n;
        if (len == sizeof kstate_in - 1) kstate_die("kstate_in too small for /proc file");
    }
    close(fd);
    kstate_in[len] = 0;
    return len;
}

static long kstate_vmpte_kb(void) {
    kstate_slurp("/proc/self/status");
    char *p = strstr(kstate_in, "\nVmPTE:");
    if (!p) kstate_die("VmPTE");
    return strtol(p + 7, NULL, 10);
}

static __attribute__((noinline)) void kstate_prefault_stack(void) {
    volatile char pad[64 * 1024];
    for (size_t i = 0; i < sizeof pad; i += 512) pad[i] = 0;
}

static void kstate_warm_up_and_drain(void);

/* Reserve the address window that all regions of the case live in. */
static void kstate_init(void) {
    /* One CPU: per-CPU batches (e.g. folios waiting to be added to an LRU list)
     * then fill and drain in program order, which keeps the output repeatable. */
    cpu_set_t one; CPU_ZERO(&one); CPU_SET(0, &one); sched_setaffinity(0, sizeof one, &one);
    memset(kstate_in, 0, sizeof kstate_in);
    memset(kstate_out, 0, sizeof kstate_out);
    memset(kstate_frames, 0, sizeof kstate_frames);
    memset(kstate_pm, 0, sizeof kstate_pm);
    kstate_prefault_stack();
#ifdef KSTATE_NEEDS_SWAP
    /* /proc/swaps is one header line, then one line per active device. */
    const char *nl = memchr(kstate_in, '\n', kstate_slurp("/proc/swaps"));
    if (!nl || !nl[1]) kstate_die("no active swap device");
#endif
    long len = RESERVE_PAGES * PS;
    char *r = mmap(NULL, len + KSTATE_ALIGN, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (r == MAP_FAILED) kstate_die("reserve");
    kstate_base = (char *)(((uintptr_t)r + KSTATE_ALIGN - 1) & ~(uintptr_t)(KSTATE_ALIGN - 1));
    if (kstate_base > r) munmap(r, (size_t)(kstate_base - r));
    if (r + len + KSTATE_ALIGN > kstate_base + len)
        munmap(kstate_base + len, (size_t)(r + len + KSTATE_ALIGN - (kstate_base + len)));
    kstate_warm_up_and_drain();
    kstate_vmpte_base = kstate_vmpte_kb();
}

/* Address of page `page` of the window; regions are mapped MAP_FIXED there. */
static __attribute__((unused)) char *kstate_at(long page) { return kstate_base + page * PS; }

static int kstate_frame(uint64_t pfn) {
    for (int i = 0; i < kstate_nframes; i++) if (kstate_frames[i] == pfn) return i;
    if (kstate_nframes == (int)(sizeof kstate_frames / sizeof kstate_frames[0])) kstate_die("frame table");
    kstate_frames[kstate_nframes] = pfn;
    return kstate_nframes++;
}

static const char *kstate_flag_names[64] = {
    [0] = "locked", [2] = "referenced", [3] = "uptodate", [4] = "dirty", [5] = "lru",
    [6] = "active", [7] = "slab", [8] = "writeback", [9] = "reclaim", [10] = "buddy",
    [11] = "mmap", [12] = "anon", [13] = "swapcache", [14] = "swapbacked",
    [15] = "compound_head", [16] = "compound_tail", [17] = "huge", [18] = "unevictable",
    [21] = "ksm", [22] = "thp", [24] = "zero_page", [25] = "idle", [26] = "pgtable",
    [33] = "mlocked", [34] = "mappedtodisk_or_anon_exclusive", [35] = "private",
};

/* The dump of the `npages` pages from `base` (offsets in pages from base). */
static void kstate_dump_window(const char *label, const void *base, long npages) {
    uintptr_t lo = (uintptr_t)base, hi = lo + (uintptr_t)npages * PS;
    kstate_out_f("== %s (%s)\n", label, kstate_who);
    kstate_slurp("/proc/self/smaps");
    int inside = 0;
    for (char *line = kstate_in, *next; *line; line = next) {
        char *nl = strchr(line, '\n');
        if (nl) { *nl = 0; next = nl + 1; } else next = line + strlen(line);
        unsigned long s, e; char perms[8];
        char *dash = strchr(line, '-'), *space = strchr(line, ' ');
        if (sscanf(line, "%lx-%lx %7s", &s, &e, perms) == 3 && dash && space && dash < space) {
            inside = s >= lo && e <= hi && (kstate_show_prot_none || strcmp(perms, "---p") != 0);
            if (inside) kstate_out_f("vma %ld-%ld %s\n", (long)((s - lo) / PS), (long)((e - lo) / PS), perms);
            continue;
        }
        if (!inside) continue;
        static const char *keys[] = {"Rss:", "Pss:", "Shared_Clean:", "Shared_Dirty:",
            "Private_Clean:", "Private_Dirty:", "Referenced:", "Anonymous:", "Swap:",
            "AnonHugePages:", "Locked:", NULL};
        for (int k = 0; keys[k]; k++)
            if (!strncmp(line, keys[k], strlen(keys[k]))) {
                long kb = 0; sscanf(line + strlen(keys[k]), "%ld", &kb);
                kstate_out_f("  %s %ld kB\n", keys[k], kb);
            }
    }
    int pm = open("/proc/self/pagemap", O_RDONLY), kf = open("/proc/kpageflags", O_RDONLY),
        kc = open("/proc/kpagecount", O_RDONLY);
    if (pm < 0 || kf < 0 || kc < 0) kstate_die("open pagemap/kpageflags/kpagecount (root?)");
    for (long p0 = 0; p0 < npages; p0 += 512) {
        long n = npages - p0 < 512 ? npages - p0 : 512;
        if (pread(pm, kstate_pm, (size_t)n * 8, (off_t)((lo / PS + p0) * 8)) != n * 8) kstate_die("pagemap");
        for (long i = 0; i < n; i++) {
            long p = p0 + i;
            uint64_t e = kstate_pm[i], flags = 0, count = 0;
            int present = (int)(e >> 63), swapped = (int)((e >> 62) & 1);
            if (!present && !swapped) continue;
            uint64_t pfn = e & ((1ULL << 55) - 1);
            kstate_out_f("page %ld present=%d swapped=%d exclusive=%d file_or_shared=%d", p, present, swapped,
                         (int)((e >> 56) & 1), (int)((e >> 61) & 1));
            if (present && pfn) {
                pread(kf, &flags, 8, (off_t)(pfn * 8));
                pread(kc, &count, 8, (off_t)(pfn * 8));
                kstate_out_f(" frame=%d mapcount=%llu flags=", kstate_frame(pfn), (unsigned long long)count);
                int first = 1;
                for (int b = 0; b < 64; b++)
                    if (kstate_flag_names[b] && (flags >> b & 1)) { kstate_out_f("%s%s", first ? "" : ",", kstate_flag_names[b]); first = 0; }
                if (first) kstate_out_f("-");
            }
            kstate_out_f("\n");
        }
    }
    close(pm); close(kf); close(kc);
    if (kstate_show_vmpte) kstate_out_f("vmpte %ld kB\n", kstate_vmpte_kb() - kstate_vmpte_base);
    kstate_flush();
}

static __attribute__((unused)) void kstate_dump(const char *label) { kstate_dump_window(label, kstate_base, RESERVE_PAGES); }

/* lru_add_drain() of this CPU (the case runs on CPU 0 only): empties its per-CPU LRU
 * batches, reached through madvise(MADV_FREE) on an untouched page outside the window. */
static void kstate_drain(void) {
    static char *drain_page;
    if (!drain_page) {
        drain_page = mmap(NULL, PS, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (drain_page == MAP_FAILED) kstate_die("mmap");
    }
    if (madvise(drain_page, PS, MADV_FREE)) kstate_die("madvise(MADV_FREE)");
}

/* End of kstate_init: one dump whose output is thrown away and one fork, so that every
 * page the dump code and fork write (C library data, stack) has been faulted in before
 * the case starts; then kstate_drain(), so the case starts with empty LRU batches. */
static void kstate_warm_up_and_drain(void) {
    kstate_quiet = 1;
    kstate_dump_window("warm-up", kstate_base, RESERVE_PAGES);
    kstate_quiet = 0;
    kstate_nframes = 0;
    pid_t pid = fork();                  /* fork writes C library data of its own */
    if (pid < 0) kstate_die("fork");
    if (pid == 0) _exit(0);
    waitpid(pid, NULL, 0);
    kstate_drain();
}

/* fork() that labels the child's dumps. */
static __attribute__((unused)) pid_t kstate_fork(void) {
    kstate_flush();
    pid_t pid = fork();
    if (pid < 0) kstate_die("fork");
    if (pid == 0) kstate_who = "child";
    return pid;
}

/* A cold page-cache file of npages pages; see the header comment. */
static __attribute__((unused)) int kstate_file(const char *tag, long npages) {
    static char page[PS];
    struct { uint64_t off, len; } range = {0, 0};                  /* struct cachestat_range */
    struct { uint64_t cache, dirty, writeback, evicted, recently_evicted; } cs;  /* struct cachestat */
    const char *dir = getenv("KSTATE_FILE_DIR");
    char path[512];
    snprintf(path, sizeof path, "%s/kstate-%s-%ld", dir ? dir : "/tmp", tag, (long)getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0) kstate_die(path);
    unlink(path);
    struct statfs fs;
    if (fstatfs(fd, &fs) != 0) kstate_die("fstatfs");
    if (fs.f_type == 0x01021994 /* TMPFS_MAGIC */ || fs.f_type == (typeof(fs.f_type))0x858458f6 /* RAMFS_MAGIC */)
        kstate_die("file on tmpfs/ramfs; set KSTATE_FILE_DIR to a disk filesystem");
    for (long i = 0; i < npages; i++) {
        memset(page, 'a' + (int)(i % 26), sizeof page);
        if (pwrite(fd, page, PS, (off_t)(i * PS)) != PS) kstate_die("pwrite");
    }
    if (fsync(fd) != 0) kstate_die("fsync");
    for (int tries = 0;; tries++) {
        posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
        if (syscall(451 /* __NR_cachestat */, fd, &range, &cs, 0) != 0) kstate_die("cachestat");
        if (cs.cache == 0) break;
        if (tries == 100) kstate_die("dropping the file from the page cache");
        usleep(10000);
    }
    kstate_drain();
    return fd;
}
