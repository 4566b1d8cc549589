package dev.folioscope.scenario;

/**
 * The workload's pseudo-random generator: SplitMix64, whose whole state is one long, so that a
 * checkpoint copies it for free and the same seed gives the same choices on every machine and JDK
 * (java.util.Random's algorithm is fixed too, but its state cannot be copied).
 */
final class SplitMix64 {
    private long state;

    SplitMix64(long seed) {
        state = seed;
    }

    SplitMix64 copy() {
        return new SplitMix64(state);
    }

    long nextLong() {
        long z = (state += 0x9e3779b97f4a7c15L);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** A uniform int in [0, bound), bound > 0, without modulo bias worth caring about at these sizes. */
    int nextInt(int bound) {
        return (int) nextLong((long) bound);
    }

    /** A uniform long in [0, bound), bound > 0, without modulo bias worth caring about at these sizes. */
    long nextLong(long bound) {
        return Long.remainderUnsigned(nextLong(), bound);
    }
}
