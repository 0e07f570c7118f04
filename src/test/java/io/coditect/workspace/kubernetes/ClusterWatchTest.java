package io.coditect.workspace.kubernetes;

import static io.coditect.workspace.kubernetes.KubernetesProvisionerTest.NAMESPACE;
import static io.coditect.workspace.kubernetes.KubernetesProvisionerTest.SETTINGS;
import static io.coditect.workspace.kubernetes.KubernetesProvisionerTest.workspace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.workspace.Observation;
import io.coditect.workspace.Phase;
import io.coditect.workspace.Progress;
import io.coditect.workspace.Workspace;
import io.coditect.workspace.WorkspaceStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * The status watch against the mock API server: the test plays the StatefulSet controller and the
 * kubelet (the mock has neither), putting pods in the states a real cluster goes through, and
 * checks the phases the provisioner reports from its informers.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class ClusterWatchTest {
    KubernetesClient mockClient;
    KubernetesMockServer server;
    KubernetesClient client;
    KubernetesProvisioner provisioner;
    final List<Observation> observations = new CopyOnWriteArrayList<>();
    final Workspace workspace = workspace("ws-watch000000a", "alice");

    @BeforeEach
    void setUp(TestInfo test) {
        if (test.getTestMethod().orElseThrow().getName().contains("apiServerAwayAtFirst")) {
            server.expect().get().withPath("/apis/apps/v1/namespaces/" + NAMESPACE
                            + "/statefulsets?labelSelector=app%3Dworkspace%2Cworkspace-id&resourceVersion=0")
                    .andReturn(503, "{}").times(6);
        }
        client = new KubernetesClientBuilder().withConfig(KubernetesProducer.clientConfig(
                mockClient.getConfiguration(), NAMESPACE, 10_000, 2)).build();
        provisioner = new KubernetesProvisioner(new WorkspaceCluster(client, SETTINGS), SETTINGS);
        provisioner.watch(observations::add);
        provisioner.create(workspace);
    }

    @Test
    void watch_apiServerAwayAtFirst_keepsTryingAndReports() {
        putPod(readyPod());

        awaitPhase(Phase.running());
    }

    @AfterEach
    void tearDown() {
        provisioner.close();
        client.close();
    }

    @Test
    void watch_startThroughReady_phasesInOrder() {
        awaitPhase(Phase.starting(Progress.SCHEDULING));

        putPod(new PodStatusBuilder().withPhase("Pending").build());
        awaitPhase(Phase.starting(Progress.SCHEDULING));

        putPod(scheduled().addNewCondition().withType("PodReadyToStartContainers").withStatus("False").endCondition()
                .build());
        awaitPhase(Phase.starting(Progress.PREPARING));

        putPod(scheduled().withContainerStatuses(new ContainerStatusBuilder().withName("workspace").withReady(false)
                .withImage(SETTINGS.image()).withImageID("")
                .withNewState().withNewWaiting().withReason("ContainerCreating").endWaiting().endState().build()).build());
        awaitPhase(Phase.starting(Progress.PULLING_IMAGE));

        putPod(scheduled().withContainerStatuses(new ContainerStatusBuilder().withName("workspace").withReady(false)
                .withImageID("registry.test/agent@sha256:1234")
                .withNewState().withNewRunning().withStartedAt("2026-11-24T10:00:05Z").endRunning().endState()
                .build()).build());
        awaitPhase(Phase.starting(Progress.STARTING_AGENT));

        putPod(scheduled().withContainerStatuses(new ContainerStatusBuilder().withName("workspace").withReady(true)
                .withImageID("registry.test/agent@sha256:1234")
                .withNewState().withNewRunning().withStartedAt("2026-11-24T10:00:05Z").endRunning().endState()
                .build()).build());
        awaitPhase(Phase.running());
    }

    /**
     * A gateway (re)started while the API server answers its pod list late: it must not report the
     * running workspace as starting from the StatefulSet alone, since that status goes to the store
     * every replica reads and refuses the workspace's users until the pods arrive.
     */
    @Test
    void watch_restartedGatewayWhosePodListIsLate_reportsRunningNeverStarting() {
        putPod(readyPod());
        awaitPhase(Phase.running());
        server.expect().get().withPath("/api/v1/namespaces/" + NAMESPACE
                        + "/pods?labelSelector=app%3Dworkspace%2Cworkspace-id&resourceVersion=0")
                .andReturn(503, "{}").times(3);
        List<Observation> seen = new CopyOnWriteArrayList<>();
        KubernetesProvisioner restarted = new KubernetesProvisioner(new WorkspaceCluster(client, SETTINGS), SETTINGS);
        try {
            restarted.watch(seen::add);

            await().atMost(Duration.ofSeconds(30)).until(() -> seen.stream()
                    .anyMatch(o -> o.workspaceId().equals(workspace.id()) && o.phase().equals(Phase.running())));
            assertThat(seen).filteredOn(o -> o.workspaceId().equals(workspace.id()))
                    .extracting(Observation::phase).containsOnly(Phase.running());
        } finally {
            restarted.close();
        }
    }

    @Test
    void watch_imagePullBackOff_failedWithReason() {
        putPod(scheduled().withContainerStatuses(new ContainerStatusBuilder().withName("workspace").withReady(false)
                .withNewState().withNewWaiting().withReason("ImagePullBackOff")
                .withMessage("Back-off pulling image \"registry.test/agent:1\"").endWaiting().endState()
                .build()).build());

        awaitPhase(Phase.failed("ImagePullBackOff: Back-off pulling image \"registry.test/agent:1\""));
    }

    @Test
    void watch_crashLoopBackOff_failedWithLastExit() {
        putPod(scheduled().withContainerStatuses(new ContainerStatusBuilder().withName("workspace").withReady(false)
                .withRestartCount(4)
                .withNewState().withNewWaiting().withReason("CrashLoopBackOff")
                .withMessage("back-off 40s restarting failed container").endWaiting().endState()
                .withNewLastState().withNewTerminated().withReason("Error").withExitCode(1).endTerminated()
                .endLastState()
                .build()).build());

        awaitPhase(Phase.failed("CrashLoopBackOff: back-off 40s restarting failed container (last exit: Error, exit code 1)"));
    }

    @Test
    void watch_unschedulable_failedWithSchedulerMessage() {
        putPod(new PodStatusBuilder().withPhase("Pending").withConditions(new PodConditionBuilder()
                .withType("PodScheduled").withStatus("False").withReason("Unschedulable")
                .withMessage("0/3 nodes are available: 3 Insufficient memory.").build()).build());

        awaitPhase(Phase.failed("Unschedulable: 0/3 nodes are available: 3 Insufficient memory."));
    }

    @Test
    void watch_stopWithPodThenPodGone_stoppingThenStopped() {
        putPod(readyPod());
        awaitPhase(Phase.running());

        provisioner.stop(workspace);
        awaitPhase(Phase.of(WorkspaceStatus.STOPPING));

        client.pods().inNamespace(NAMESPACE).withName(workspace.id() + "-0").delete();
        awaitPhase(Phase.of(WorkspaceStatus.STOPPED));
    }

    @Test
    void watch_statefulSetDeletedBehindOurBack_failed() {
        awaitPhase(Phase.starting(Progress.SCHEDULING));

        client.apps().statefulSets().inNamespace(NAMESPACE).withName(workspace.id()).delete();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(last().status())
                .isEqualTo(WorkspaceStatus.FAILED));
        assertThat(last().reason()).contains("StatefulSet was deleted");
    }

    private void awaitPhase(Phase expected) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(last()).isEqualTo(expected));
    }

    private Phase last() {
        List<Observation> mine = observations.stream().filter(o -> o.workspaceId().equals(workspace.id())).toList();
        return mine.isEmpty() ? null : mine.get(mine.size() - 1).phase();
    }

    private static PodStatusBuilder scheduled() {
        return new PodStatusBuilder().withPhase("Pending").addNewCondition().withType("PodScheduled")
                .withStatus("True").endCondition();
    }

    private static PodStatus readyPod() {
        return new PodStatusBuilder().withPhase("Running")
                .addNewCondition().withType("PodScheduled").withStatus("True").endCondition()
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .withContainerStatuses(new ContainerStatusBuilder().withName("workspace").withReady(true)
                        .withNewState().withNewRunning().endRunning().endState().build())
                .build();
    }

    /** What the StatefulSet controller and the kubelet would write: the workspace's pod, in this state. */
    private void putPod(PodStatus status) {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(workspace.id() + "-0").withNamespace(NAMESPACE)
                .withLabels(WorkspaceLabels.of(workspace)).endMetadata()
                .withNewSpec().addNewContainer().withName("workspace").withImage(SETTINGS.image()).endContainer()
                .endSpec()
                .withStatus(status)
                .build();
        client.pods().inNamespace(NAMESPACE).resource(pod).createOr(NonDeletingOperation::update);
        client.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();
    }
}
