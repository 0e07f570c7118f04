package io.coditect.store.foundationdb;

import com.apple.foundationdb.FDBException;
import io.coditect.store.StoreUnavailableException;

/**
 * What a FoundationDB error that outlived the retry loop means to the caller. Codes 1000-1999 are
 * the cluster's and the transaction's (timeouts, conflicts, lost connections, an ambiguous commit,
 * the platform): the store is unavailable now, try again later (503). Codes 2000 and up are the
 * client API's (a key outside the legal range, a transaction too large, an option not allowed) and
 * internal errors: retrying cannot cure them, so they are a bug or a misconfiguration (500).
 * By code, not through {@link FDBException#isRetryable()}, which asks the native library.
 */
final class FoundationDbErrors {
    static final int TRANSACTION_TIMED_OUT = 1031;
    static final int COMMIT_UNKNOWN_RESULT = 1021;

    private FoundationDbErrors() {
    }

    static boolean isAvailabilityError(int code) {
        return code >= 1000 && code < 2000;
    }

    static RuntimeException map(FDBException failure, long timeoutMillis) {
        int code = failure.getCode();
        if (!isAvailabilityError(code)) {
            return new IllegalStateException("FoundationDB refused the transaction with error " + code + " ("
                    + failure.getMessage() + "): retrying cannot help; a bug or a misconfiguration", failure);
        }
        String what = switch (code) {
            case TRANSACTION_TIMED_OUT -> "store transaction ran longer than " + timeoutMillis + " ms";
            case COMMIT_UNKNOWN_RESULT -> "the store could not tell whether the transaction committed";
            default -> "the store failed the transaction";
        };
        return new StoreUnavailableException(what + " (FoundationDB error " + code + ": " + failure.getMessage() + ")",
                failure);
    }
}
