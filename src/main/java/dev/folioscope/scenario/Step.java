package dev.folioscope.scenario;

import java.util.List;

/**
 * One entry of a scenario's {@code steps:} list: one record per kind, each declared with its keys,
 * parser and operations in the registry {@link StepKinds}.
 *
 * <p>{@code line} is the 1-based line of the step in the scenario file, shown beside the step's
 * event in the debugger; {@code note} is the author's explanation of what to look at, or
 * {@code null}. {@code cpu} is the CPU the step's task runs on (smp_processor_id): the per-CPU
 * page lists it allocates from and frees to are that CPU's.
 */
public sealed interface Step {
    int line();

    String note();

    /** The CPU the step's task runs on; idle time and drains start on CPU 0. */
    default int cpu() {
        return 0;
    }

    /** The step's kind in the {@link StepKinds} registry. */
    default StepKind<?> kind() {
        return StepKinds.of(this);
    }

    /** What the step does, in a few words, as the debugger shows it: "alloc first: 1 × order 0, GFP_KERNEL". */
    default String describe() {
        return kind().describeStep(this);
    }

    /** {@code alloc}: {@code count} calls of alloc_pages(gfp, order), the blocks filed under {@code label}. */
    record Alloc(String label, int order, int count, int gfp, String gfpText, int cpu, String note, int line)
            implements Step {
    }

    /**
     * {@code free}: free_pages for blocks filed under {@code label}, oldest first; all of them when
     * {@code count} is {@code null}.
     */
    record Free(String label, Integer count, int cpu, String note, int line) implements Step {
    }

    /**
     * {@code random}: {@code ops} operations drawn from the scenario's seeded generator. Each is a
     * free of a random live block of this step (with probability {@code freePercent}/100 when any
     * is live) or an allocation whose order and gfp are drawn by weight. Allocated blocks are filed
     * under {@code label}.
     */
    record Random(String label, int ops, List<Weighted> orders, List<Weighted> gfps, int freePercent, int cpu,
            String note, int line) implements Step {
        public Random {
            orders = List.copyOf(orders);
            gfps = List.copyOf(gfps);
        }
    }

    /**
     * {@code idle}: the machine does nothing for {@code seconds} seconds. Once a second the vmstat
     * worker runs on every CPU (vmstat_update), which decays each per-CPU pageset's high towards
     * high_min and frees what lies above it (decay_pcp_high).
     */
    record Idle(int seconds, String note, int line) implements Step {
    }

    /**
     * {@code drain_all_pages}: every CPU's per-CPU page lists are emptied into the buddy lists, as
     * the kernel does before compaction, memory offlining, or when an allocation still fails after
     * direct reclaim (drain_all_pages).
     */
    record DrainAllPages(String note, int line) implements Step {
    }

    /**
     * A choice and its weight; for orders {@code value} is the order, for gfps the mask and
     * {@code text} its spelling in the file.
     */
    record Weighted(int value, String text, int weight) {
    }

    // ---- format version 2: processes and their memory system calls ----------------------

    /** The name of the built-in region at the scenario's window: {@code window+16} is page 16 of it. */
    String WINDOW = "window";

    /** The name of the built-in region at the start of a process's heap (mm->start_brk). */
    String HEAP = "heap";

    /**
     * {@code spawn}: a new process named {@code process}, as init starts one (fork and execve),
     * whose /proc/PID/oom_score_adj is then set to {@code oomScoreAdj} unless that is 0.
     */
    record Spawn(String process, int oomScoreAdj, int cpu, String note, int line) implements Step {
    }

    /** {@code fork}: fork(2) by {@code process}; the child is named {@code child}. */
    record Fork(String process, String child, int cpu, String note, int line) implements Step {
    }

    /** {@code exit}: exit(2) of {@code process}; its name cannot be used again. */
    record Exit(String process, int cpu, String note, int line) implements Step {
    }

    /** {@code exec}: execve(2) of an empty program by {@code process}: a new mm, without its regions. */
    record Exec(String process, int cpu, String note, int line) implements Step {
    }

    /**
     * {@code mmap}: mmap(2) of {@code length} bytes by {@code process}, at {@code at}
     * ({@code null}: the kernel picks, a hint of 0): anonymous memory, or pages of the file
     * {@code file} from page {@code offset} (opened read-write for the call and closed after);
     * the mapping becomes the region {@code as} of the process, if named.
     */
    record Mmap(String process, String as, Address at, long length, int prot, int flags, String file, long offset,
            int cpu, String note, int line) implements Step {
    }

    /**
     * {@code kstate}: the conformance kit's kstate_dump({@code label}) by {@code process}: the
     * scenario window's VMAs, smaps counters and pages as text, which the process writes to its
     * standard output, a file on disk.
     */
    record Kstate(String process, String label, int cpu, String note, int line) implements Step {
    }

    /** {@code file}: a file of {@code pages} pages on the machine's disk, named {@code file}, not cached. */
    record File(String file, long pages, String note, int line) implements Step {
    }

    /**
     * {@code read}: pread(2) by {@code process} of {@code pages} of the file {@code file},
     * through the page cache (the file is opened for the call and closed after).
     */
    record Read(String process, String file, Pages pages, int cpu, String note, int line) implements Step {
    }

    /** {@code write}: pwrite(2) by {@code process} of {@code pages} of the file {@code file}, like {@link Read}. */
    record Write(String process, String file, Pages pages, int cpu, String note, int line) implements Step {
    }

    /**
     * {@code fadvise}: posix_fadvise(2) by {@code process} on the file {@code file}, for {@code pages}
     * of it or (null) the whole file, as len 0 asks.
     */
    record Fadvise(String process, String file, Pages pages, dev.folioscope.kernel.filemap.Fadvise.Advice advice,
            int cpu, String note, int line) implements Step {
    }

    /** {@code munmap}: munmap(2) of {@code span}. */
    record Munmap(Span span, int cpu, String note, int line) implements Step, Spanned {
    }

    /** {@code mprotect}: mprotect(2) of {@code span} to {@code prot}. */
    record Mprotect(Span span, int prot, int cpu, String note, int line) implements Step, Spanned {
    }

    /** {@code madvise}: madvise(2) of {@code span} with {@code advice}. */
    record Madvise(Span span, int advice, int cpu, String note, int line) implements Step, Spanned {
    }

    /** {@code mlock}: mlock(2) of {@code span}. */
    record Mlock(Span span, int cpu, String note, int line) implements Step, Spanned {
    }

    /** {@code munlock}: munlock(2) of {@code span}. */
    record Munlock(Span span, int cpu, String note, int line) implements Step, Spanned {
    }

    /**
     * {@code mremap}: mremap(2) of the whole region {@code region} of {@code process} to
     * {@code length} bytes, moved to {@code to} with MREMAP_FIXED; the region follows the mapping.
     */
    record Mremap(String process, String region, long length, int flags, Address to, int cpu, String note,
            int line) implements Step {
    }

    /** {@code brk}: brk(2) of {@code process} to {@code to} bytes from the start of its heap (may be negative). */
    record Brk(String process, long to, int cpu, String note, int line) implements Step {
    }

    /**
     * {@code touch}: a user-mode load, or store when {@code write}, by {@code process} at each page
     * of {@code pages} of {@code region}, in order: a page fault where the PTE does not allow it.
     */
    record Touch(String process, String region, List<Pages> pages, boolean write, int cpu, String note, int line)
            implements Step {
        public Touch {
            pages = List.copyOf(pages);
        }

        /** How many accesses the step makes. */
        public long count() {
            return pages.stream().mapToLong(Pages::count).sum();
        }
    }

    /**
     * An address as a scenario writes it: page {@code page} of the region {@code region} of the
     * step's process ({@link #WINDOW}, {@link #HEAP} or one it mapped), or, with no region, the
     * address {@code page} × 4096.
     */
    record Address(String region, long page) {
        @Override
        public String toString() {
            if (region == null) {
                return "0x" + Long.toHexString(page * 4096);
            }
            return page == 0 ? region : region + "+" + page;
        }
    }

    /** Pages {@code first} to {@code last} of a region, both included. */
    record Pages(long first, long last) {
        public long count() {
            return last - first + 1;
        }

        @Override
        public String toString() {
            return first == last ? Long.toString(first) : first + "-" + last;
        }
    }

    /** A step of a memory system call on a {@link Span}. */
    interface Spanned {
        Span span();
    }

    /**
     * What a memory system call works on: pages of the region {@code region} of {@code process},
     * or the whole region when {@code pages} is {@code null}.
     */
    record Span(String process, String region, Pages pages) {
        @Override
        public String toString() {
            return process + " " + region + (pages == null ? "" : pages.count() == 1 ? " page " + pages
                    : " pages " + pages);
        }
    }
}
