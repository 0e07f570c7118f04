package io.coditect.platform;

import java.util.Map;

/**
 * Settings of a capability that a gateway shares with the agents of its workspaces: keys an agent
 * reads too, where the deployment's value (the gateway's configuration) must hold in every
 * workspace pod rather than the agent's defaults. The Kubernetes provisioner puts them in each
 * agent's environment (docs/configuration.md, "Kubernetes").
 */
public interface SharedWithAgents {
    /** Configuration keys and their values as this server reads them, in a form the same key parses back. */
    Map<String, String> forAgents();
}
