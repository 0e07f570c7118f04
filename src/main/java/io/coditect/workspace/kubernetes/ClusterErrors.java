package io.coditect.workspace.kubernetes;

import io.coditect.workspace.ProvisioningException;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Turns what the Kubernetes API server (or the way to it) answered into a failure the caller can
 * act on: try again shortly (timeouts, 429, 5xx, an edit conflict), or not until an operator has
 * fixed something (403, 401, 422, a name that is taken, a missing namespace).
 */
final class ClusterErrors {
    private ClusterErrors() {
    }

    /** {@code action} completes "could not ...", e.g. "create StatefulSet ws-x". */
    static ProvisioningException of(String action, KubernetesClientException e) {
        int code = e.getCode();
        String detail = e.getStatus() != null && e.getStatus().getMessage() != null
                ? e.getStatus().getMessage() : e.getMessage();
        String reason = e.getStatus() == null ? null : e.getStatus().getReason();
        if (code <= 0) {
            return new ProvisioningException("The Kubernetes API server did not answer in time, or could not be"
                    + " reached: could not " + action + ". Try again shortly.", true, e);
        }
        if (code == 429 || code >= 500) {
            return new ProvisioningException("The Kubernetes API server could not " + action + " right now (HTTP "
                    + code + "). Try again shortly.", true, e);
        }
        if (code == 409 && !"AlreadyExists".equals(reason)) {
            return new ProvisioningException("The Kubernetes API server saw a conflicting change and could not "
                    + action + ". Try again.", true, e);
        }
        if (code == 401 || code == 403) {
            return new ProvisioningException("The Kubernetes API server refused to let the gateway " + action
                    + " (HTTP " + code + "): its service account lacks a permission; an operator must grant it.",
                    false, e);
        }
        return new ProvisioningException("The Kubernetes API server refused to " + action + " (HTTP " + code + "): "
                + detail, false, e);
    }
}
