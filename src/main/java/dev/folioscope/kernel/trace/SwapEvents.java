package dev.folioscope.kernel.trace;

import static dev.folioscope.kernel.trace.FieldType.*;

/** Events of mm/swap.c: the per-CPU folio batches that feed the LRU lists. */
public enum SwapEvents implements EventType {
    /** A new folio queued for an LRU list in the running CPU's lru_add batch (which holds a reference). */
    FOLIO_ADD_LRU(Schema.point("folio_add_lru", "mm/swap.c").f("folio", FOLIO).f("batch_count", INT)
            .says("Folio {folio} waits in CPU {cpu}'s lru_add batch ({batch_count} of 31); it gets PG_lru when the"
                    + " batch is moved to the LRU lists.")),
    /** A batch emptied onto the LRU lists. */
    FOLIO_BATCH_MOVE_LRU(Schema.call("folio_batch_move_lru", "mm/swap.c").f("count", INT).returns(INT)
            .says("CPU {cpu}'s lru_add batch moves its {count} folio(s) to the LRU lists and drops the references"
                    + " it held.")),
    /** One folio put on its LRU list (the mm_lru_insertion tracepoint). */
    LRU_ADD(Schema.point("lru_add", "mm/swap.c").f("folio", FOLIO).f("lru", LRU_LIST)
            .says("Folio {folio} goes to the head of the {lru} list and gets PG_lru.")),
    /** The last reference to a folio is dropped: it leaves its LRU list and goes back to the page allocator. */
    FOLIO_PUT(Schema.call("__folio_put", "mm/swap.c").f("folio", FOLIO).returns(FOLIO)
            .says("The last reference to folio {folio} is gone: it leaves its LRU list and is freed.")),
    /** A reference to a folio is dropped and others remain. */
    FOLIO_PUT_REF(Schema.point("folio_put", "include/linux/mm.h").f("folio", FOLIO).f("refcount", INT)
            .says("A reference to folio {folio} is dropped: {refcount} remain.")),
    /** lru_add_drain_cpu: the batches of a CPU are emptied (by an operation that needs folios on the LRU). */
    LRU_ADD_DRAIN(Schema.call("lru_add_drain_cpu", "mm/swap.c").f("drain_cpu", CPU).returns(INT)
            .says("CPU {drain_cpu}'s LRU batches are drained: {result} folio(s) reach the LRU lists.")),
    /** MADV_FREE queued a clean anonymous folio in the running CPU's lru_lazyfree batch (which holds a reference). */
    FOLIO_MARK_LAZYFREE(Schema.point("folio_mark_lazyfree", "mm/swap.c").f("folio", FOLIO).f("batch_count", INT)
            .says("Folio {folio} waits in CPU {cpu}'s lru_lazyfree batch ({batch_count} of 31); it stays"
                    + " swap-backed until the batch moves.")),
    /** The lru_lazyfree batch emptied: its folios move to the inactive file list. */
    LAZYFREE_BATCH_MOVE_LRU(Schema.call("folio_batch_move_lru", "mm/swap.c").f("count", INT).returns(INT)
            .says("CPU {cpu}'s lru_lazyfree batch moves its {count} folio(s) and drops the references it held.")),
    /** One folio made lazily freeable. */
    LRU_LAZYFREE(Schema.point("lru_lazyfree", "mm/swap.c").f("folio", FOLIO).f("lru", LRU_LIST)
            .says("Folio {folio} loses PG_swapbacked, PG_referenced and PG_active and goes to the {lru} list:"
                    + " reclaim may free it without swap unless it is written again.")),
    /** A folio was used (read, or its young PTE zapped): referenced, or on a second use activated. */
    FOLIO_MARK_ACCESSED(Schema.point("folio_mark_accessed", "mm/swap.c").f("folio", FOLIO).f("activated", BOOL)
            .says("Folio {folio} is marked accessed: {activated?it was referenced already, so it is activated (in the"
                    + " lru_activate batch, or at once if still waiting in lru_add)|PG_referenced is set; a second use"
                    + " would activate it}.")),
    /** A folio on an inactive list queued in the running CPU's lru_activate batch (which holds a reference). */
    FOLIO_ACTIVATE(Schema.point("folio_activate", "mm/swap.c").f("folio", FOLIO).f("batch_count", INT)
            .says("Folio {folio} waits in CPU {cpu}'s lru_activate batch ({batch_count} of 31) to move to an active"
                    + " list.")),
    /** The lru_activate batch emptied: its folios move to the active lists. */
    ACTIVATE_BATCH_MOVE_LRU(Schema.call("folio_batch_move_lru", "mm/swap.c").f("count", INT).returns(INT)
            .says("CPU {cpu}'s lru_activate batch moves its {count} folio(s) and drops the references it held.")),
    /** MADV_COLD queued an active folio in the running CPU's lru_deactivate batch (which holds a reference). */
    FOLIO_DEACTIVATE(Schema.point("folio_deactivate", "mm/swap.c").f("folio", FOLIO).f("batch_count", INT)
            .says("Folio {folio} waits in CPU {cpu}'s lru_deactivate batch ({batch_count} of 31) to move to its"
                    + " inactive list.")),
    /** The lru_deactivate batch emptied: its folios move to the inactive lists. */
    DEACTIVATE_BATCH_MOVE_LRU(Schema.call("folio_batch_move_lru", "mm/swap.c").f("count", INT).returns(INT)
            .says("CPU {cpu}'s lru_deactivate batch moves its {count} folio(s) and drops the references it held.")),
    /** One folio deactivated (lru_deactivate, which counts pgdeactivate). */
    /** An invalidation left a folio in the page cache: queued in the lru_deactivate_file batch (which holds a reference). */
    /** folio_rotate_reclaimable: queued in the lru_move_tail batch. */
    FOLIO_ROTATE_RECLAIMABLE(Schema.point("folio_rotate_reclaimable", "mm/swap.c").f("folio", FOLIO)
            .f("batch_count", INT)
            .says("Folio {folio} was written with PG_reclaim set: it waits in CPU {cpu}'s lru_move_tail batch"
                    + " ({batch_count} of 31) to move to the tail of its inactive list.")),
    /** The lru_move_tail batch emptied. */
    MOVE_TAIL_BATCH_MOVE_LRU(Schema.call("folio_batch_move_lru", "mm/swap.c").f("count", INT).returns(INT)
            .says("CPU {cpu}'s lru_move_tail batch moves its {count} folio(s) and drops the references it held.")),
    /** One folio moved by lru_move_tail. */
    LRU_MOVE_TAIL(Schema.point("lru_move_tail", "mm/swap.c").f("folio", FOLIO).f("lru", LRU_LIST)
            .says("Folio {folio} loses PG_active and moves to the tail of the {lru} list, where reclaim looks first"
                    + " (pgrotated).")),
    FOLIO_DEACTIVATE_FILE(Schema.point("deactivate_file_folio", "mm/swap.c").f("folio", FOLIO).f("batch_count", INT)
            .says("Folio {folio} could not be dropped: it waits in CPU {cpu}'s lru_deactivate_file batch"
                    + " ({batch_count} of 31) to speed up its reclaim.")),
    /** The lru_deactivate_file batch emptied. */
    DEACTIVATE_FILE_BATCH_MOVE_LRU(Schema.call("folio_batch_move_lru", "mm/swap.c").f("count", INT).returns(INT)
            .says("CPU {cpu}'s lru_deactivate_file batch moves its {count} folio(s) and drops the references it"
                    + " held.")),
    /** One folio moved by lru_deactivate_file (a mapped folio stays where it is). */
    LRU_DEACTIVATE_FILE(Schema.point("lru_deactivate_file", "mm/swap.c").f("folio", FOLIO).f("lru", LRU_LIST)
            .f("tail", BOOL)
            .says("Folio {folio} loses PG_active and PG_referenced and moves to the {tail?tail of the {lru} list,"
                    + " where reclaim looks first|head of the {lru} list with PG_reclaim: it is dirty, so reclaim"
                    + " will find it once written}.")),
    LRU_DEACTIVATE(Schema.point("lru_deactivate", "mm/swap.c").f("folio", FOLIO).f("lru", LRU_LIST)
            .says("Folio {folio} loses PG_active and PG_referenced and moves to the head of the {lru} list.")),
    /** One folio moved to the head of its active list (the mm_lru_activate tracepoint). */
    LRU_ACTIVATE(Schema.point("lru_activate", "mm/swap.c").f("folio", FOLIO).f("lru", LRU_LIST)
            .says("Folio {folio} gets PG_active and moves to the head of the {lru} list."));

    private final Schema schema;

    SwapEvents(Schema schema) {
        this.schema = schema;
    }

    @Override
    public Schema schema() {
        return schema;
    }
}
