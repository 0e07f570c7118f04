package io.coditect.store;

/**
 * The store cannot be reached, is known to be down, or did not finish a transaction in time; the
 * caller may retry later. The transaction may have committed all the same (an ambiguous commit):
 * retry through an idempotent transaction, never by undoing what it would have written.
 */
public class StoreUnavailableException extends RuntimeException {
    public StoreUnavailableException(String message) {
        super(message);
    }

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
