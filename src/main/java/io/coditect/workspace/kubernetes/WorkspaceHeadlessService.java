package io.coditect.workspace.kubernetes;

import io.coditect.workspace.Workspace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;

/**
 * The desired headless Service of a workspace (pure, no API calls): it gives the pod its stable
 * DNS name, {@code <id>-0.<id>.<namespace>.svc}, which gateways connect to on the agent's port.
 */
public final class WorkspaceHeadlessService {
    private WorkspaceHeadlessService() {
    }

    public static Service desired(Workspace workspace, KubernetesSettings settings) {
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(nameOf(workspace.id()))
                    .withNamespace(settings.namespace())
                    .withLabels(WorkspaceLabels.of(workspace))
                .endMetadata()
                .withNewSpec()
                    .withClusterIP("None")
                    .withSelector(WorkspaceLabels.selector(workspace))
                    .addNewPort()
                        .withName(WorkspacePod.PORT_NAME)
                        .withPort(WorkspacePod.AGENT_PORT)
                        .withNewTargetPort(WorkspacePod.PORT_NAME)
                        .withProtocol("TCP")
                    .endPort()
                .endSpec()
                .build();
    }

    /** The Service is named after the workspace, like its StatefulSet. */
    public static String nameOf(String workspaceId) {
        return workspaceId;
    }
}
