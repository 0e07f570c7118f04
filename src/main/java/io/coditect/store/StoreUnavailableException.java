package io.coditect.store;

/** The store cannot be reached or did not finish a transaction in time; the caller may retry. */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
