package io.coditect.workspace.kubernetes;

import io.coditect.workspace.Observation;
import io.coditect.workspace.Phase;
import io.coditect.workspace.Progress;
import io.coditect.workspace.Provisioner;
import io.coditect.workspace.ProvisioningException;
import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceStatus;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The gateway role's workspaces: per workspace a headless Service and a StatefulSet of one agent
 * pod with its volume, built by {@link WorkspaceHeadlessService} and {@link WorkspaceStatefulSet}
 * and sent through {@link WorkspaceCluster}. Stop scales to 0 (the volume stays), start scales to 1,
 * delete removes the StatefulSet, the Service and the volume. A create that fails removes what it
 * made before it reports the failure.
 */
@ApplicationScoped
@Typed(KubernetesProvisioner.class)
public class KubernetesProvisioner implements Provisioner {
    private static final Logger LOG = Logger.getLogger(KubernetesProvisioner.class.getName());

    private final WorkspaceCluster cluster;
    private final KubernetesSettings settings;
    private ClusterWatch watch;

    /** For the CDI client proxy only. */
    protected KubernetesProvisioner() {
        this.cluster = null;
        this.settings = null;
    }

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

    /** Scales to 1; a workspace whose objects are gone (a failed create, a manual delete) is made again. */
    @Override
    public Phase start(Workspace workspace) {
        boolean scaled;
        try {
            scaled = cluster.statefulSets().scale(workspace.id(), 1);
        } catch (KubernetesClientException e) {
            throw ClusterErrors.of("scale StatefulSet " + workspace.id() + " to 1", e);
        }
        return scaled ? Phase.starting(Progress.SCHEDULING) : recreate(workspace);
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
            // The retention policy deletes the claim too, where the cluster supports it; this makes sure.
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
