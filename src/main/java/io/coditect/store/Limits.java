package io.coditect.store;

import java.util.Arrays;

/**
 * The sizes every backend enforces alike, checked before anything reaches the backend, so a
 * transaction that works on the embedded store works on FoundationDB too. One instance counts the
 * bytes one transaction writes (keys and values, as FoundationDB counts its mutations).
 */
public final class Limits {
    private long writtenBytes;

    public static void checkKey(byte[] key) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("store keys must not be empty");
        }
        if (key.length > KeyValueStore.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("store key of " + key.length + " bytes is over the limit of "
                    + KeyValueStore.MAX_KEY_BYTES);
        }
    }

    /** A key to write: also outside FoundationDB's system keys ({@code 0xFF...}), which need special rights. */
    public static void checkWritableKey(byte[] key) {
        checkKey(key);
        if (key[0] == (byte) 0xFF) {
            throw new IllegalArgumentException("store keys must not start with 0xFF (FoundationDB's system keys)");
        }
    }

    public static void checkValue(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("store values must not be null");
        }
        if (value.length > KeyValueStore.MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("store value of " + value.length + " bytes is over the limit of "
                    + KeyValueStore.MAX_VALUE_BYTES + "; use ChunkedValue");
        }
    }

    /** Checks one set and counts it against the transaction's budget. */
    public void set(byte[] key, byte[] value) {
        checkWritableKey(key);
        checkValue(value);
        count(key.length + value.length);
    }

    /**
     * Checks one versionstamped set ({@link Transaction#setVersionstampedKey}) and counts it: the
     * key as it will be stored, without the 4-byte offset, and the 10-byte stamp inside it.
     *
     * @return the offset of the stamp in the stored key
     */
    public int setVersionstamped(byte[] keyWithOffset, byte[] value) {
        if (keyWithOffset == null || keyWithOffset.length < Versionstamps.OFFSET_BYTES + Versionstamps.STAMP_BYTES) {
            throw new IllegalArgumentException("a versionstamped key needs a stamp and its offset");
        }
        int offset = Versionstamps.offset(keyWithOffset);
        int keyLength = keyWithOffset.length - Versionstamps.OFFSET_BYTES;
        if (offset < 0 || offset > keyLength - Versionstamps.STAMP_BYTES) {
            throw new IllegalArgumentException("the versionstamp offset " + offset + " is outside the key");
        }
        byte[] stored = Arrays.copyOf(keyWithOffset, keyLength);
        checkWritableKey(stored);
        checkValue(value);
        count(keyLength + value.length);
        return offset;
    }

    public void clear(byte[] key) {
        checkWritableKey(key);
        count(key.length);
    }

    public void clearRange(byte[] begin, byte[] end) {
        checkKey(begin);
        checkKey(end);
        count(begin.length + end.length);
    }

    private void count(int bytes) {
        writtenBytes += bytes;
        if (writtenBytes > KeyValueStore.MAX_TRANSACTION_BYTES) {
            throw new IllegalArgumentException("store transaction writes " + writtenBytes
                    + " bytes, over the limit of " + KeyValueStore.MAX_TRANSACTION_BYTES + "; split it");
        }
    }
}
