package io.coditect.workspace.kubernetes;

import io.coditect.platform.Immutable;
import io.coditect.workspace.Observation;
import io.coditect.workspace.Phase;
import io.coditect.workspace.Progress;
import io.coditect.workspace.Provisioner;
import io.coditect.workspace.ProvisioningException;
import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gateway role's workspaces: per workspace a headless Service and a StatefulSet of one agent
 * pod with its volume, built by {@link WorkspaceHeadlessService} and {@link WorkspaceStatefulSet}
 * and sent through {@link WorkspaceCluster}. Stop scales to 0 (the volume stays), start brings the
 * StatefulSet to the current pod and one replica, delete removes the StatefulSet, the Service and
 * the volume (the only call that removes a claim). A create that fails removes what it made before
 * it reports the failure.
 */
@Immutable
@Typed(KubernetesProvisioner.class)
public class KubernetesProvisioner implements Provisioner {
    private static final Logger LOG = Logger.getLogger(KubernetesProvisioner.class.getName());

    private final WorkspaceCluster cluster;
    private final KubernetesSettings settings;
    private ClusterWatch watch;

    @Inject
    public KubernetesProvisioner(WorkspaceCluster cluster, KubernetesSettings settings) {
        this.cluster = cluster;
        this.settings = settings;
    }

    @Override
    public Phase create(Workspace workspace) {
        String id = workspace.id();
        try {
            cluster.services().create(WorkspaceHeadlessService.desired(workspace, settings));
            cluster.statefulSets().create(WorkspaceStatefulSet.desired(workspace, settings));
        } catch (KubernetesClientException e) {
            ProvisioningException failure = ClusterErrors.of("create the Service and StatefulSet of workspace " + id, e);
            removeHalfMade(id, failure);
            throw failure;
        }
        return Phase.starting(Progress.SCHEDULING);
    }

    /**
     * Brings the workspace's StatefulSet to today's pod (agent image, settings, hardening) and claim
     * policy, with one replica, in one conditional patch: a workspace created by an older gateway
     * starts on the current agent. A StatefulSet that is gone (deleted by hand; a failed create
     * leaves no workspace) is made again when its claim is still there, which the new pod then
     * mounts. With the claim gone too, the user's files are gone: the workspace fails with the
     * reason rather than starting on an empty volume.
     */
    @Override
    public Phase start(Workspace workspace) {
        String id = workspace.id();
        StatefulSet existing;
        boolean claimKept;
        try {
            existing = cluster.statefulSets().get(id);
            claimKept = existing == null && cluster.claims().exists(WorkspaceStatefulSet.claimName(id));
        } catch (KubernetesClientException e) {
            throw ClusterErrors.of("read the StatefulSet and claim of workspace " + id, e);
        }
        if (existing == null) {
            return claimKept ? recreate(workspace) : Phase.failed(volumeLost(id));
        }
        try {
            cluster.statefulSets().renew(WorkspaceStatefulSet.started(existing, workspace, settings));
        } catch (KubernetesClientException e) {
            throw ClusterErrors.of("update StatefulSet " + id + " to the current agent and one replica", e);
        }
        return Phase.starting(Progress.SCHEDULING);
    }

    private static String volumeLost(String id) {
        LOG.warning(() -> "Workspace " + id + " cannot start: its StatefulSet and its claim "
                + WorkspaceStatefulSet.claimName(id) + " are both gone");
        return "The workspace's volume (claim " + WorkspaceStatefulSet.claimName(id) + ") no longer exists, nor does"
                + " its StatefulSet, so its files are gone; it was not started on an empty volume. An operator may"
                + " restore the volume from a snapshot under that claim name; otherwise delete the workspace.";
    }

    @Override
    public Phase stop(Workspace workspace) {
        try {
            boolean scaled = cluster.statefulSets().scale(workspace.id(), 0);
            return Phase.of(scaled ? WorkspaceStatus.STOPPING : WorkspaceStatus.STOPPED);
        } catch (KubernetesClientException e) {
            throw ClusterErrors.of("scale StatefulSet " + workspace.id() + " to 0", e);
        }
    }

    @Override
    public void delete(Workspace workspace) {
        String id = workspace.id();
        try {
            cluster.statefulSets().delete(id);
            cluster.services().delete(WorkspaceHeadlessService.nameOf(id));
            // The retention policy keeps claims, so that only this call removes a user's files.
            cluster.claims().delete(WorkspaceStatefulSet.claimName(id));
        } catch (KubernetesClientException e) {
            throw ClusterErrors.of("delete the objects of workspace " + id, e);
        }
    }

    @Override
    public synchronized void watch(Consumer<Observation> observer) {
        if (watch != null) {
            throw new IllegalStateException("the cluster is already being watched");
        }
        watch = new ClusterWatch(cluster, observer);
        watch.start();
    }

    @PreDestroy
    synchronized void close() {
        if (watch != null) {
            watch.close();
            watch = null;
        }
    }

    private Phase recreate(Workspace workspace) {
        try {
            cluster.services().delete(WorkspaceHeadlessService.nameOf(workspace.id()));
        } catch (KubernetesClientException e) {
            throw ClusterErrors.of("replace the Service of workspace " + workspace.id(), e);
        }
        return create(workspace);
    }

    /** Deletes whatever part of the workspace a failed create may have made; the StatefulSet first. */
    private void removeHalfMade(String id, ProvisioningException failure) {
        try {
            cluster.statefulSets().delete(id);
            cluster.services().delete(WorkspaceHeadlessService.nameOf(id));
        } catch (KubernetesClientException e) {
            LOG.log(Level.WARNING, e, () -> "Could not remove the half-made objects of workspace " + id);
            throw new ProvisioningException(failure.getMessage() + " Removing what was made of it failed too;"
                    + " delete the workspace to clean up.", failure.retryable(), true, failure);
        }
    }
}
