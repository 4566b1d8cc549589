package dev.folioscope.web.debugger;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.popover.Popover;
import com.vaadin.flow.component.popover.PopoverPosition;

/**
 * "Model notes": what the simulated kernel leaves out, so that nobody mistakes a simplification
 * for kernel behaviour. Mirrors the list in the README.
 */
final class ModelNotes {
    static final String[] NOTES = {
        "Reclaim scans the classic two-list LRU (no lru_gen), frees clean page-cache folios and swaps anonymous"
                + " ones out, unmapping them through the rmap first. Not yet: slab shrinkers, memory cgroups, and reclaim throttling other than kswapd's stall on"
                + " writeback.",
        "Swap: one swap file on the disk (type 0, priority -2) with 6.18's order-0 cluster allocator; no"
                + " discard, no zswap, no swapoff. Swap-ins read ahead by VMA (swap_vma_readahead), windows of at"
                + " most 2^vm.page-cluster pages (3 by default, 2 below 16 MiB of RAM, as swap_setup picks); a"
                + " VMA made by a split starts without readahead history.",
        "Writes complete with a deterministic latency: the disk completes what was submitted during an"
                + " operation at the next scheduling point, before kswapd runs, and what one kswapd pass submitted"
                + " before its next pass. As in 6.18,"
                + " reclaim never writes file folios: it marks them PG_reclaim and wakes the flusher, which writes"
                + " every dirty page at the next scheduling point. balance_dirty_pages runs after every page a"
                + " write dirties: above the background threshold the flusher writes down to it at the next"
                + " scheduling point; above the free-run ceiling the writer is throttled once, for a background"
                + " pass and its completion (the kernel sleeps for bandwidth-sized pauses). No periodic writeback"
                + " of expired pages; written folios' mappings are not write-protected (folio_mkclean).",
        "Workingset: reclaim leaves shadow entries in the page cache and the swap cache and refaults are"
                + " detected as in 6.18, but a shadow keeps 29 bits of the clock (6.18 keeps 36) and the shadow-node"
                + " shrinker is not modelled (workingset_nodes stays 0): a shadow stays until its slot is filled,"
                + " invalidated or, in swap, freed.",
        "Files are whole pages on one ext4-like disk, without contents; a disk read completes at once, so a"
                + " fault that read a page is retried at once (VM_FAULT_RETRY); the mappings of a file share one"
                + " readahead state (reads and writes keep one per open); readahead sizes its windows as 6.18 does"
                + " but fills them with order-0 folios where ext4 would use larger ones.",
        "A file's mappings (i_mmap) are found by scanning the processes' VMAs, not an interval tree; a shmem"
                + " object goes when the system call that unmapped its last mapping returns.",
        "Order-0 folios only: no THP or large folios.",
        "An mlocked VMA's new folio waits in the lru_add batch rather than mlock's own batch; unmapping does"
                + " not munlock (munlock_vma_folio), so a folio stays mlocked until munlock or its free; GUP's"
                + " FOLL_TOUCH sets PG_referenced without folio_mark_accessed's activation.",
        "Processes are single-threaded and run as root; exec maps only a stack and an empty heap (no ELF"
                + " segments); soft-dirty off, as on the development machine.",
        "kswapd runs when the operation that woke it returns; its HZ/10 nap always times out.",
        "Direct compaction scans the whole zone from both ends on every run (no cached scanner positions, skip"
                + " bits, fast_find_migrateblock or fast_isolate_freepages), does not capture the page it frees,"
                + " and skips unevictable folios (as with compact_unevictable_allowed 0); anonymous, swap-cache and"
                + " page-cache folios are migrated, a folio under writeback is not.",
        "Time passes only in idle steps: kcompactd's half-second timer (for a noted request, or proactive"
                + " compaction when the fragmentation score is above its mark) fires there; otherwise kcompactd"
                + " runs when kswapd wakes it, after kswapd at the next scheduling point.",
        "The OOM killer sees every request as CONSTRAINT_NONE (no memory cgroups, cpusets or mempolicies;"
                + " panic_on_oom and oom_kill_allocating_task are 0, not settable); there is no init or kernel"
                + " thread, so pid 1 may be killed, and no two processes share an mm. A victim other than the"
                + " allocating task is reaped by the oom_reaper and exits at once (the kernel's reaper waits two"
                + " seconds); the allocating task as victim exits when its access or call returns, its exit_mmap's"
                + " own reaping pass folded into the unmapping. The report prints __show_mem's summary only.",
        "Where no process can be killed a real kernel panics (\"System is deadlocked on memory\"): the"
                + " allocation fails; requests the kernel would retry until someone frees memory (__GFP_NOFAIL,"
                + " no __GFP_FS, an earlier OOM victim not yet gone) fail too.",
        "Time passes only in idle steps: the vmstat worker (decay_pcp_high) runs once per idle second per CPU.",
        "Each CPU's cache slice is taken as large enough for PCPF_FREE_HIGH_BATCH, as on the 6.18 machines.",
        "No CMA, no memory isolation or hotplug, one NUMA node (node 0).",
        "NR_FREE_PAGES moves with every free-list change, so it always equals the sum over free_area.",
        "A zone's reserved pages sit at its start and its holes at its end.",
        "The VM event counters of /proc/vmstat are one machine-wide array, not per-CPU counters summed; those"
                + " of mechanisms not modelled (THP, unevictable, the shadow-node shrinker...) stay 0, and direct"
                + " reclaim is never throttled.",
    };

    private ModelNotes() {
    }

    /** The toolbar button that opens the notes. */
    static Button button() {
        Button b = new Button("Model notes", VaadinIcon.INFO_CIRCLE_O.create());
        b.setId("fs-model-notes");
        b.addThemeVariants(ButtonVariant.TERTIARY, ButtonVariant.SMALL);
        b.setTooltipText("What the simulated kernel does not model (yet)");
        Popover popover = new Popover();
        popover.setTarget(b);
        popover.setPosition(PopoverPosition.BOTTOM_END);
        popover.addClassName("fs-notes");
        UnorderedList list = new UnorderedList();
        for (String n : NOTES) {
            list.add(new ListItem(n));
        }
        Div content = new Div(new Span("Model notes: Linux 6.18 memory management, simplified"), list,
                new Paragraph("Everything else (watermarks, lowmem_reserve, zonelist fallback, per-CPU lists and"
                        + " their self-tuning high, migratetype fallback, buddy split and merge, high-atomic"
                        + " reserves, the slow path's order, watermark boost and its decay by kswapd; VMAs and"
                        + " their split and merge, the memory system calls and overcommit, page tables, anonymous"
                        + " faults, fork and copy-on-write, rmap, LRU batches; /proc formats) follows mm/ of 6.18;"
                        + " twelve real-kernel conformance cases match line for line."));
        content.addClassName("fs-notes-content");
        popover.add(content);
        return b;
    }
}
