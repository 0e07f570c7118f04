package io.coditect.deploy;

import java.util.Map;

/** The labels the manifests and the workspace provisioner agree on. */
final class Labels {
    static final Map<String, String> GATEWAY = Map.of(
            "app.kubernetes.io/name", "coditect",
            "app.kubernetes.io/component", "gateway");
    static final String WORKSPACE_APP = "workspace";

    private Labels() {
    }
}
