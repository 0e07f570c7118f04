package io.coditect.store;

/** The outcome of probing a store backend: whether it answered, and what was looked at. */
public record StoreHealth(boolean up, String backend, String detail) {
    public static StoreHealth up(String backend, String detail) {
        return new StoreHealth(true, backend, detail);
    }

    public static StoreHealth down(String backend, String detail) {
        return new StoreHealth(false, backend, detail);
    }
}
