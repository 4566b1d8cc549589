package dev.folioscope.scenario;

import java.util.Arrays;

/** The blocks a label holds, oldest first: {pfn, order} pairs in two growable arrays. */
final class BlockList {
    private int[] pfns = new int[8];
    private int[] orders = new int[8];
    private int start;
    private int end;

    BlockList copy() {
        BlockList c = new BlockList();
        c.pfns = Arrays.copyOfRange(pfns, start, Math.max(end, start + 1));
        c.orders = Arrays.copyOfRange(orders, start, Math.max(end, start + 1));
        c.end = end - start;
        return c;
    }

    int size() {
        return end - start;
    }

    void add(int pfn, int order) {
        if (end == pfns.length) {
            int n = Math.max(8, size() * 2);
            pfns = Arrays.copyOfRange(pfns, start, start + n);
            orders = Arrays.copyOfRange(orders, start, start + n);
            end -= start;
            start = 0;
        }
        pfns[end] = pfn;
        orders[end++] = order;
    }

    int pfn(int i) {
        return pfns[start + i];
    }

    int order(int i) {
        return orders[start + i];
    }

    /** Removes the oldest block. */
    void removeFirst() {
        start++;
    }

    /** Removes block i by moving the newest into its place (order of the rest is not kept). */
    void swapRemove(int i) {
        pfns[start + i] = pfns[end - 1];
        orders[start + i] = orders[end - 1];
        end--;
    }

    void forEach(java.util.function.Consumer<int[]> action) {
        for (int i = start; i < end; i++) {
            action.accept(new int[] {pfns[i], orders[i]});
        }
    }
}
