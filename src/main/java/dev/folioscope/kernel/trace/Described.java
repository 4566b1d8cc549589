package dev.folioscope.kernel.trace;

/** An enum whose constants, stored in ENUM event fields, each say in a sentence what they mean. */
public interface Described {
    String text();
}
