package dev.folioscope.kernel.rmap;

import dev.folioscope.kernel.base.KernelState;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * mm/rmap.c: every anon_vma of the machine and every VMA's anon_vma_chain, so that an anonymous
 * folio (whose mapping names one anon_vma) leads back to every VMA that may map it: the VMAs
 * chained to that anon_vma. VMAs and anon_vmas are numbers here (the model's ids), and the
 * anon_vma's interval tree is the sorted list of the VMAs chained to it.
 *
 * <p>Lifetimes follow the kernel's: an anon_vma is born with one reference (anon_vma_alloc), a
 * child anon_vma made by fork pins its root, and unlink_anon_vmas drops the reference of every
 * anon_vma left with no VMA; at zero it is freed, releasing its root's pin. The number of
 * anon_vmas and chains is small next to the pages, so a fork copies the maps whole.
 */
public final class AnonVmas implements KernelState<AnonVmas> {
    /**
     * struct anon_vma.
     *
     * @param root the oldest ancestor (itself for a root)
     * @param parent the anon_vma it was forked from (itself for a root)
     * @param refcount references: its own, and one per child anon_vma it is the root of
     * @param numChildren anon_vmas whose parent it is and that still have VMAs
     * @param numActiveVmas VMAs whose vma->anon_vma is this one
     */
    public record AnonVma(int id, int root, int parent, int refcount, int numChildren, int numActiveVmas) {
        AnonVma with(int refcount, int numChildren, int numActiveVmas) {
            return new AnonVma(id, root, parent, refcount, numChildren, numActiveVmas);
        }
    }

    private final TreeMap<Integer, AnonVma> anonVmas;
    /** vma id → its anon_vma_chain, head first (the same_vma list). */
    private final TreeMap<Integer, int[]> chains;
    /** anon_vma id → the VMAs chained to it, ascending (its rb_root). */
    private final TreeMap<Integer, int[]> members;
    private int nextId;

    public AnonVmas() {
        anonVmas = new TreeMap<>();
        chains = new TreeMap<>();
        members = new TreeMap<>();
        nextId = 1;
    }

    private AnonVmas(AnonVmas o) {
        anonVmas = new TreeMap<>(o.anonVmas);
        chains = new TreeMap<>(o.chains);
        members = new TreeMap<>(o.members);
        nextId = o.nextId;
    }

    @Override
    public AnonVmas fork() {
        return new AnonVmas(this);
    }

    /** The anon_vma of that id, or null if there is none (never made, or freed). */
    public AnonVma get(int id) {
        return anonVmas.get(id);
    }

    /** The anon_vmas alive, by id. */
    public Map<Integer, AnonVma> all() {
        return java.util.Collections.unmodifiableMap(anonVmas);
    }

    /** A VMA's anon_vma_chain, head first (empty when it has none). */
    public int[] chain(int vma) {
        return chains.getOrDefault(vma, new int[0]).clone();
    }

    /** The VMAs chained to an anon_vma, ascending: where rmap_walk_anon looks for a folio's mappings. */
    public int[] vmasOf(int anonVma) {
        return members.getOrDefault(anonVma, new int[0]).clone();
    }

    /**
     * __anon_vma_prepare for a VMA without an anon_vma: reuses {@code mergeable} (the anon_vma
     * find_mergeable_anon_vma found on a neighbour, 0 for none) or allocates one, and links the
     * VMA to it.
     *
     * @return the VMA's anon_vma
     */
    public int prepare(int vma, int mergeable) {
        int id = mergeable;
        if (id == 0) {
            id = alloc(0);
        }
        link(vma, id);
        AnonVma a = anonVmas.get(id);
        anonVmas.put(id, a.with(a.refcount(), a.numChildren(), a.numActiveVmas() + 1));
        return id;
    }

    /**
     * anon_vma_clone: {@code dst} gets links to every anon_vma of {@code src}'s chain; when
     * {@code dst} has no anon_vma yet ({@code dstAnonVma} 0) and {@code src} has one, it may reuse
     * an anon_vma of the chain that has no VMA of its own and fewer than two children (the
     * kernel's reuse of anon_vmas emptied by exits).
     *
     * @return {@code dst}'s anon_vma afterwards (0 for none)
     */
    public int clone(int dst, int dstAnonVma, int src, int srcAnonVma) {
        int chosen = dstAnonVma;
        int[] chain = chains.getOrDefault(src, new int[0]);
        for (int i = chain.length - 1; i >= 0; i--) {
            AnonVma a = anonVmas.get(chain[i]);
            link(dst, a.id());
            if (chosen == 0 && srcAnonVma != 0 && a.numChildren() < 2 && a.numActiveVmas() == 0) {
                chosen = a.id();
            }
        }
        if (chosen != 0) {
            AnonVma a = anonVmas.get(chosen);
            anonVmas.put(chosen, a.with(a.refcount(), a.numChildren(), a.numActiveVmas() + 1));
        }
        return chosen;
    }

    /**
     * anon_vma_fork: the child's copy of a parent VMA with an anon_vma is linked to all of the
     * parent's anon_vmas, then (unless clone reused one) gets its own, a child of the parent's.
     *
     * @return the child VMA's anon_vma
     */
    public int fork(int childVma, int parentVma, int parentAnonVma) {
        int reused = clone(childVma, 0, parentVma, parentAnonVma);
        if (reused != 0) {
            return reused;
        }
        AnonVma parent = anonVmas.get(parentAnonVma);
        int id = alloc(parent.id());
        AnonVma root = anonVmas.get(parent.root());
        anonVmas.put(root.id(), root.with(root.refcount() + 1, root.numChildren(), root.numActiveVmas()));
        AnonVma a = anonVmas.get(id);
        anonVmas.put(id, a.with(a.refcount(), a.numChildren(), 1));
        link(childVma, id);
        parent = anonVmas.get(parentAnonVma);
        anonVmas.put(parent.id(), parent.with(parent.refcount(), parent.numChildren() + 1, parent.numActiveVmas()));
        return id;
    }

    /**
     * unlink_anon_vmas: the VMA (with anon_vma {@code anonVma}, 0 for none) leaves every anon_vma
     * of its chain; those left with no VMA drop a reference and stop counting as their parent's
     * child, and are freed at zero.
     */
    public void unlink(int vma, int anonVma) {
        int[] chain = chains.remove(vma);
        if (chain == null) {
            return;
        }
        java.util.List<Integer> emptied = new java.util.ArrayList<>();
        for (int id : chain) {
            int[] m = members.get(id);
            int[] rest = Arrays.stream(m).filter(v -> v != vma).toArray();
            if (rest.length == 0) {
                members.remove(id);
                AnonVma a = anonVmas.get(id);
                if (a.parent() != a.id()) {
                    AnonVma p = anonVmas.get(a.parent());
                    anonVmas.put(p.id(), p.with(p.refcount(), p.numChildren() - 1, p.numActiveVmas()));
                }
                emptied.add(id);
            } else {
                members.put(id, rest);
            }
        }
        if (anonVma != 0) {
            AnonVma a = anonVmas.get(anonVma);
            anonVmas.put(anonVma, a.with(a.refcount(), a.numChildren(), a.numActiveVmas() - 1));
        }
        for (int id : emptied) {
            put(id);
        }
    }

    /** put_anon_vma → __put_anon_vma: at zero the anon_vma goes, and its root's pin with it. */
    private void put(int id) {
        AnonVma a = anonVmas.get(id);
        if (a.refcount() > 1) {
            anonVmas.put(id, a.with(a.refcount() - 1, a.numChildren(), a.numActiveVmas()));
            return;
        }
        anonVmas.remove(id);
        if (a.root() != id) {
            put(a.root());
        }
    }

    /** anon_vma_alloc: refcount 1, its own root unless forked from {@code parent}. */
    private int alloc(int parent) {
        int id = nextId++;
        int root = parent == 0 ? id : anonVmas.get(parent).root();
        anonVmas.put(id, new AnonVma(id, root, parent == 0 ? id : parent, 1, 0, 0));
        return id;
    }

    /** anon_vma_chain_link: at the head of the VMA's chain, into the anon_vma's tree. */
    private void link(int vma, int anonVma) {
        int[] chain = chains.getOrDefault(vma, new int[0]);
        int[] grown = new int[chain.length + 1];
        grown[0] = anonVma;
        System.arraycopy(chain, 0, grown, 1, chain.length);
        chains.put(vma, grown);
        int[] m = members.getOrDefault(anonVma, new int[0]);
        int[] more = Arrays.copyOf(m, m.length + 1);
        more[m.length] = vma;
        Arrays.sort(more);
        members.put(anonVma, more);
    }

    @Override
    public long digest(long h) {
        h = mix(h, nextId);
        for (AnonVma a : anonVmas.values()) {
            for (long v : new long[] {a.id(), a.root(), a.parent(), a.refcount(), a.numChildren(), a.numActiveVmas()}) {
                h = mix(h, v);
            }
        }
        for (Map.Entry<Integer, int[]> e : chains.entrySet()) {
            h = mix(h, e.getKey());
            for (int v : e.getValue()) {
                h = mix(h, v);
            }
        }
        return h;
    }

    private static long mix(long h, long v) {
        return (h ^ v) * 0x100000001b3L;
    }

    /** An upper estimate: about 100 bytes per anon_vma, chain and tree entry. */
    @Override
    public long bytesNotIn(AnonVmas older) {
        return 64 + 100L * (anonVmas.size() + chains.size() + members.size());
    }
}
