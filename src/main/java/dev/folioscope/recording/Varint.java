package dev.folioscope.recording;

/**
 * LEB128 varints of zigzag-encoded longs: small magnitudes of either sign take one byte, which
 * is what most event fields are. The one encoding of the event index and of recording files.
 */
final class Varint {
    /** The most bytes a 64-bit varint takes. */
    static final int MAX_BYTES = 10;

    private Varint() {
    }

    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static long unzigzag(long z) {
        return (z >>> 1) ^ -(z & 1);
    }

    /** Writes {@code z} (already zigzagged, or unsigned) at {@code at}; returns where it ends. */
    static int put(byte[] buf, int at, long z) {
        while ((z & ~0x7fL) != 0) {
            buf[at++] = (byte) ((z & 0x7f) | 0x80);
            z >>>= 7;
        }
        buf[at++] = (byte) z;
        return at;
    }
}
