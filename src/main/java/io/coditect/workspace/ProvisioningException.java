package io.coditect.workspace;

/**
 * A provisioner could not do what it was asked. {@code retryable} when the same request may work
 * shortly (a timeout, an overloaded or unreachable API server); otherwise someone must fix
 * something first (permissions, a name taken, a full disk). {@code leftovers} when part of what a
 * create made could not be removed again, so the workspace must be deleted to clean up. The
 * message is for the caller.
 */
public class ProvisioningException extends RuntimeException {
    private final boolean retryable;
    private final boolean leftovers;

    public ProvisioningException(String message, boolean retryable, Throwable cause) {
        this(message, retryable, false, cause);
    }

    public ProvisioningException(String message, boolean retryable, boolean leftovers, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
        this.leftovers = leftovers;
    }

    public boolean retryable() {
        return retryable;
    }

    public boolean leftovers() {
        return leftovers;
    }
}
