/**
 * The VMA layer of Linux 6.18 (mm/mmap.c, mm/vma.c, mm/mprotect.c, mm/mremap.c, mm/mlock.c,
 * mm/madvise.c, x86-64): {@link dev.folioscope.kernel.mmap.Mm} (mm_struct) holds its
 * {@link dev.folioscope.kernel.mmap.Vma}s in a persistent {@link dev.folioscope.kernel.mmap.VmaTree};
 * {@link dev.folioscope.kernel.mmap.MmapSyscalls} runs the memory system calls on it.
 *
 * <p>Rules of this package:
 * <ul>
 * <li>VMAs are immutable values named by id; a change replaces the tree's value under the same
 * id, as the kernel changes a struct in place. A split's new piece gets a new id; the original
 * keeps the part __split_vma leaves it. Every tree change emits its point event
 * (kernel.trace.MmapEvents) right after it.</li>
 * <li>Merge compatibility is the kernel's: equal flags but VM_SOFTDIRTY, same file, same anon
 * name, contiguous vm_pgoff, and anon_vmas equal or one absent where the present one has a
 * single anon_vma_chain entry (a forked VMA has more); prev and next must agree when both merge.</li>
 * <li>Counters move as vm_stat_account and the kernel's munmap do: total_vm plus one of
 * exec_vm, stack_vm, data_vm; locked_vm with VM_LOCKED; vm_committed_as with VM_ACCOUNT.</li>
 * <li>The page layer is reached only through {@link dev.folioscope.kernel.mmap.PageRangeOps},
 * at the points the kernel reaches it, with the tree as the kernel has it then.</li>
 * <li>Deterministic: no hashing, no clocks; ids come from {@link dev.folioscope.kernel.mmap.MmapState}.</li>
 * </ul>
 */
package dev.folioscope.kernel.mmap;
