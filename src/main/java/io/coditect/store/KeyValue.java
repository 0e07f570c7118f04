package io.coditect.store;

import com.apple.foundationdb.tuple.ByteArrayUtil;
import java.util.Arrays;

/** One stored pair, as returned by a range read; equal when the bytes are equal. */
public record KeyValue(byte[] key, byte[] value) {
    @Override
    public boolean equals(Object other) {
        return other instanceof KeyValue that && Arrays.equals(key, that.key) && Arrays.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return ByteArrayUtil.printable(key) + "=" + value.length + " bytes";
    }
}
