package io.coditect.workspace.kubernetes;

import io.coditect.workspace.Workspace;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.Map;

/**
 * The desired StatefulSet of a workspace, as a pure function of the workspace and the settings
 * (the way a Java Operator SDK dependent resource's {@code desired()} is): no API calls here.
 *
 * <p>One replica of the agent pod ({@link WorkspacePod}) on a spot node, with the workspace's files
 * on a volume from a claim template mounted at {@code /workspace}. The claim is kept when the
 * StatefulSet is scaled to zero (stopping) and also when it is deleted: only a workspace delete
 * removes it, so a StatefulSet deleted by hand or by a mistake never takes the user's files along.
 */
public final class WorkspaceStatefulSet {
    public static final String VOLUME = "workspace-storage";

    private WorkspaceStatefulSet() {
    }

    public static StatefulSet desired(Workspace workspace, KubernetesSettings settings) {
        return new StatefulSetBuilder()
                .withNewMetadata()
                    .withName(workspace.id())
                    .withNamespace(settings.namespace())
                    .withLabels(WorkspaceLabels.of(workspace))
                .endMetadata()
                .withNewSpec()
                    .withReplicas(1)
                    .withServiceName(WorkspaceHeadlessService.nameOf(workspace.id()))
                    .withNewSelector().withMatchLabels(WorkspaceLabels.selector(workspace)).endSelector()
                    .withNewPersistentVolumeClaimRetentionPolicy()
                        .withWhenDeleted("Retain")
                        .withWhenScaled("Retain")
                    .endPersistentVolumeClaimRetentionPolicy()
                    .withTemplate(WorkspacePod.template(workspace, settings))
                    .addNewVolumeClaimTemplate()
                        .withNewMetadata().withName(VOLUME).withLabels(WorkspaceLabels.selector(workspace)).endMetadata()
                        .withNewSpec()
                            .withAccessModes("ReadWriteOnce")
                            .withStorageClassName(settings.storageClass())
                            .withNewResources()
                                .withRequests(Map.of("storage", new Quantity(settings.storageSize())))
                            .endResources()
                        .endSpec()
                    .endVolumeClaimTemplate()
                .endSpec()
                .build();
    }

    /**
     * The StatefulSet {@code existing} of a workspace that is starting: one replica of today's pod
     * (agent image, settings, hardening) and today's claim policy, and its labels. Everything
     * Kubernetes does not let change (selector, service name, claim templates) and what it keeps
     * (the resource version that makes the update conditional) stay as they are.
     */
    public static StatefulSet started(StatefulSet existing, Workspace workspace, KubernetesSettings settings) {
        StatefulSet desired = desired(workspace, settings);
        return new StatefulSetBuilder(existing)
                .editMetadata().withLabels(desired.getMetadata().getLabels()).endMetadata()
                .editSpec()
                    .withReplicas(1)
                    .withPersistentVolumeClaimRetentionPolicy(desired.getSpec().getPersistentVolumeClaimRetentionPolicy())
                    .withTemplate(desired.getSpec().getTemplate())
                .endSpec()
                .build();
    }

    /** The claim the StatefulSet controller makes for the workspace's one pod: {@code <template>-<set>-0}. */
    public static String claimName(String workspaceId) {
        return VOLUME + "-" + workspaceId + "-0";
    }

    /** The one pod of the workspace: the StatefulSet's ordinal 0. */
    public static String podName(String workspaceId) {
        return workspaceId + "-0";
    }
}
