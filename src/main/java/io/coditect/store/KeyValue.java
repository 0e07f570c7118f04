package io.coditect.store;

/** One stored pair, as returned by a range read. */
public record KeyValue(byte[] key, byte[] value) {
}
