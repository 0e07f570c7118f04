package io.coditect.store;

import com.apple.foundationdb.tuple.ByteArrayUtil;

/**
 * The value format of {@link Transaction#max}: FoundationDB's atomic operations work on
 * little-endian unsigned integers, the format of the tuple layer's {@link ByteArrayUtil#encodeInt}.
 */
public final class AtomicNumbers {
    private AtomicNumbers() {
    }

    public static byte[] encode(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("atomic numbers are unsigned, not " + value);
        }
        return ByteArrayUtil.encodeInt(value);
    }

    /**
     * The number a stored value holds. As FoundationDB does for its atomic operations, a shorter
     * value counts as padded with zero bytes and bytes past the eighth are ignored.
     */
    public static long decode(byte[] value) {
        long result = 0;
        for (int index = Math.min(value.length, Long.BYTES) - 1; index >= 0; index--) {
            result = (result << 8) | (value[index] & 0xFF);
        }
        return result;
    }
}
