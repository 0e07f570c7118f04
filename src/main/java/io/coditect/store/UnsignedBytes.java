package io.coditect.store;

import java.util.Arrays;
import java.util.Comparator;

/** FoundationDB's key order: bytes compared as unsigned, shorter prefix first. */
public final class UnsignedBytes {
    public static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

    private UnsignedBytes() {
    }

    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /** True when {@code key} lies in the half-open range {@code [begin, end)}. */
    public static boolean inRange(byte[] key, byte[] begin, byte[] end) {
        return compare(key, begin) >= 0 && compare(key, end) < 0;
    }
}
