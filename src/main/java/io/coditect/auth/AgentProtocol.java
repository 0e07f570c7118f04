package io.coditect.auth;

import java.util.Optional;

/**
 * The version of the gateway–agent protocol (docs/protocol.md, "Gateway and agent (internal)"):
 * the agent API's paths, bodies, frames and service credential. A gateway sends it on every call
 * and upgrade as {@link #HEADER}; an agent serves only its own version, so a gateway and an agent
 * from releases that do not fit together are told so instead of misreading each other. Raise it
 * with any change an agent of the previous release would not understand.
 */
public final class AgentProtocol {
    public static final int VERSION = 3;
    public static final String HEADER = "Coditect-Agent-Protocol";
    /** The error code of the refusal, from the agent (400) and from the gateway to its client (503). */
    public static final String VERSION_MISMATCH = "agent_version_mismatch";

    private AgentProtocol() {
    }

    /** Why an agent refuses a request whose {@link #HEADER} is {@code sent} (null: absent); empty when it fits. */
    public static Optional<String> refusal(String sent) {
        if (sent != null && sent.strip().equals(String.valueOf(VERSION))) {
            return Optional.empty();
        }
        return Optional.of("This agent speaks agent protocol " + VERSION + "; the gateway sent "
                + (sent == null ? "no " + HEADER + " header" : "protocol '" + sent.strip() + "'")
                + ". The gateway and the workspace's agent come from releases that do not fit together.");
    }
}
