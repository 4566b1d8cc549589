package dev.folioscope.kernel.page;

import java.util.Arrays;

/**
 * An array of list heads (struct list_head) whose entries are pages linked through their list
 * links in {@link MemMap}, the way the buddy lists thread page->buddy_list and the per-CPU lists
 * page->pcp_list (one union in struct page: a page is on one list at most). Each list keeps its
 * first and last pfn and its length.
 */
public final class PageLists {
    private final int[] head;
    private final int[] tail;
    private final int[] length;

    /** {@code n} empty lists. */
    public PageLists(int n) {
        head = new int[n];
        tail = new int[n];
        length = new int[n];
        Arrays.fill(head, MemMap.NO_PFN);
        Arrays.fill(tail, MemMap.NO_PFN);
    }

    private PageLists(PageLists o) {
        head = o.head.clone();
        tail = o.tail.clone();
        length = o.length.clone();
    }

    /** A copy of the heads; the links themselves live in (and are forked with) the MemMap. */
    public PageLists copy() {
        return new PageLists(this);
    }

    public int first(int list) {
        return head[list];
    }

    public int last(int list) {
        return tail[list];
    }

    public int length(int list) {
        return length[list];
    }

    public boolean isEmpty(int list) {
        return head[list] == MemMap.NO_PFN;
    }

    /** list_add (at the head) or list_add_tail of {@code pfn} to {@code list}. */
    public void add(MemMap mem, int list, int pfn, boolean atTail) {
        if (head[list] == MemMap.NO_PFN) {
            mem.setNext(pfn, MemMap.NO_PFN);
            mem.setPrev(pfn, MemMap.NO_PFN);
            head[list] = pfn;
            tail[list] = pfn;
        } else if (atTail) {
            mem.setPrev(pfn, tail[list]);
            mem.setNext(pfn, MemMap.NO_PFN);
            mem.setNext(tail[list], pfn);
            tail[list] = pfn;
        } else {
            mem.setNext(pfn, head[list]);
            mem.setPrev(pfn, MemMap.NO_PFN);
            mem.setPrev(head[list], pfn);
            head[list] = pfn;
        }
        length[list]++;
    }

    /** list_del of {@code pfn}, which is on {@code list}. */
    public void del(MemMap mem, int list, int pfn) {
        int n = mem.next(pfn);
        int p = mem.prev(pfn);
        if (p == MemMap.NO_PFN) {
            head[list] = n;
        } else {
            mem.setNext(p, n);
        }
        if (n == MemMap.NO_PFN) {
            tail[list] = p;
        } else {
            mem.setPrev(n, p);
        }
        mem.setNext(pfn, MemMap.NO_PFN);
        mem.setPrev(pfn, MemMap.NO_PFN);
        length[list]--;
    }

    /** Folds every head, tail and length into {@code h} (FNV-1a). */
    public long digest(long h) {
        for (int[] a : new int[][] {head, tail, length}) {
            for (int v : a) {
                h = (h ^ v) * 0x100000001b3L;
            }
        }
        return h;
    }
}
