package io.coditect.store;

/** Checks the key and value sizes that every backend enforces alike. */
public final class Limits {
    private Limits() {
    }

    public static void checkKey(byte[] key) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("store keys must not be empty");
        }
        if (key.length > KeyValueStore.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("store key of " + key.length + " bytes is over the limit of "
                    + KeyValueStore.MAX_KEY_BYTES);
        }
    }

    public static void checkValue(byte[] value) {
        if (value == null) {
            throw new IllegalArgumentException("store values must not be null");
        }
        if (value.length > KeyValueStore.MAX_VALUE_BYTES) {
            throw new IllegalArgumentException("store value of " + value.length + " bytes is over the limit of "
                    + KeyValueStore.MAX_VALUE_BYTES + "; chunk it across keys");
        }
    }
}
