package io.coditect.workspace.kubernetes;

import io.coditect.workspace.Observation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Informers on the workspaces' StatefulSets and pods (by label). Any change to either recomputes
 * that workspace's phase from both caches with {@link PodPhases} and reports it. The phases are
 * computed on one thread, at the time of reporting, so the last report of a workspace always
 * reflects the latest state the informers know, whatever order their events came in.
 *
 * <p>Nothing is reported until both caches have listed the cluster, then every workspace in them
 * once: a gateway that starts while its pod list is late (a slow or briefly failing API server)
 * would otherwise see the StatefulSets without their pods and record every running workspace as
 * starting, in the store all replicas share, refusing its users until the pods arrive.
 */
final class ClusterWatch implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ClusterWatch.class.getName());
    private static final long RESYNC_MILLIS = Duration.ofMinutes(10).toMillis();

    private final WorkspaceCluster cluster;
    private final Consumer<Observation> observer;
    private final ExecutorService reporter = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "coditect-workspace-status");
        thread.setDaemon(true);
        return thread;
    });
    private final SharedIndexInformer<StatefulSet> statefulSets;
    private final SharedIndexInformer<Pod> pods;

    ClusterWatch(WorkspaceCluster cluster, Consumer<Observation> observer) {
        this.cluster = cluster;
        this.observer = observer;
        this.statefulSets = cluster.statefulSets().informer(RESYNC_MILLIS);
        this.pods = cluster.pods().informer(RESYNC_MILLIS);
        statefulSets.addEventHandler(new Changes<>()).exceptionHandler(ClusterWatch::retry);
        pods.addEventHandler(new Changes<>()).exceptionHandler(ClusterWatch::retry);
    }

    /**
     * Keeps trying (with the informer's back-off) whatever went wrong, also before the first list
     * succeeded: the default gives up then, and a gateway that started while the API server was away
     * would never see a status change.
     */
    private static boolean retry(boolean started, Throwable failure) {
        LOG.log(Level.WARNING, () -> "Watching the workspaces failed (" + failure + "); trying again");
        return true;
    }

    /** Starts both informers without waiting: a gateway starts even while the API server is away. */
    void start() {
        CompletionStage<Void> statefulSetsListed = statefulSets.start();
        CompletionStage<Void> podsListed = pods.start();
        statefulSetsListed.whenComplete((ok, failure) -> logStart("StatefulSets", failure));
        podsListed.whenComplete((ok, failure) -> logStart("pods", failure));
        statefulSetsListed.thenCombine(podsListed, (sets, workspacePods) -> null)
                .thenRun(() -> submit(this::reportAll));
    }

    @Override
    public void close() {
        statefulSets.stop();
        pods.stop();
        reporter.shutdownNow();
    }

    private void submit(Runnable task) {
        if (!reporter.isShutdown()) {
            reporter.execute(task);
        }
    }

    private boolean listed() {
        return statefulSets.hasSynced() && pods.hasSynced();
    }

    /** Every workspace either cache knows, once both have listed the cluster. */
    private void reportAll() {
        Stream.concat(statefulSets.getStore().list().stream(), pods.getStore().list().stream())
                .map(ClusterWatch::workspaceId).filter(Objects::nonNull).distinct().forEach(this::report);
    }

    private static String workspaceId(HasMetadata object) {
        return object.getMetadata().getLabels() == null ? null
                : object.getMetadata().getLabels().get(WorkspaceLabels.WORKSPACE_ID);
    }

    private void report(String workspaceId) {
        if (!listed()) {
            return;
        }
        try {
            StatefulSet statefulSet = statefulSets.getStore().getByKey(key(workspaceId));
            Pod pod = pods.getStore().getByKey(key(WorkspaceStatefulSet.podName(workspaceId)));
            observer.accept(new Observation(workspaceId, PodPhases.phaseOf(statefulSet, pod)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, e, () -> "Could not record the status of workspace " + workspaceId);
        }
    }

    private String key(String name) {
        return cluster.namespace() + "/" + name;
    }

    private static void logStart(String what, Throwable failure) {
        if (failure == null) {
            LOG.info(() -> "Watching the workspaces' " + what);
        } else {
            LOG.log(Level.WARNING, failure, () -> "Watching the workspaces' " + what + " failed to start");
        }
    }

    /** Reports the workspace of any object that was added, changed or deleted. */
    private final class Changes<T extends HasMetadata> implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T object) {
            changed(object);
        }

        @Override
        public void onUpdate(T before, T after) {
            changed(after);
        }

        @Override
        public void onDelete(T object, boolean finalStateUnknown) {
            changed(object);
        }

        private void changed(T object) {
            String workspaceId = workspaceId(object);
            if (workspaceId != null) {
                submit(() -> report(workspaceId));
            }
        }
    }
}
