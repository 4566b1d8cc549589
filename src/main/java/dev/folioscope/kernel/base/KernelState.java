package dev.folioscope.kernel.base;

/**
 * One piece of a kernel's state (mem_map, the node and its zones, the running task...). Every
 * piece is listed in the kernel's state registry, which is how checkpoints copy it, digests
 * cover it and the memory budget counts it: state outside the registry would be silently left
 * out of all three, which a test forbids.
 *
 * @param <S> the implementing type
 */
public interface KernelState<S extends KernelState<S>> {
    /**
     * A writable copy that evolves independently of this one.
     *
     * <p>Context: on a snapshot, any thread, and the snapshot is not written; otherwise its owner.
     */
    S fork();

    /**
     * A read-only copy as this state is now, for a checkpoint; this state stays writable. State
     * that is small and copied whole may return a {@link #fork()}; it is then only read.
     */
    default S snapshot() {
        return fork();
    }

    /** Mixes every field into a 64-bit FNV-1a digest {@code h}: equal states digest equally. */
    long digest(long h);

    /**
     * The bytes this copy holds that {@code older}, an earlier snapshot of the same history, does
     * not share (all of them when {@code older} is null): exact for shared structures, an upper
     * estimate for small state copied whole.
     */
    long bytesNotIn(S older);
}
