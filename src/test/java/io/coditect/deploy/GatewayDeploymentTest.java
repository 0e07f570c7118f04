package io.coditect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class GatewayDeploymentTest {
    /** Liberty waits up to 30 s for the server to quiesce on stop (message CWWKE1100I). */
    private static final int LIBERTY_QUIESCE_SECONDS = 30;

    private final Deployment deployment = Manifests.one("k8s/base", Deployment.class, "coditect-gateway");
    private final PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    private final Container gateway = pod.getContainers().getFirst();

    @Test
    void pods_areTheGatewayRole_selectedByTheGatewayLabels() {
        assertThat(pod.getContainers()).hasSize(1);
        assertThat(env("CODITECT_ROLE")).isEqualTo("gateway");
        assertThat(deployment.getSpec().getSelector().getMatchLabels()).isEqualTo(Labels.GATEWAY);
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(Labels.GATEWAY);
    }

    @Test
    void namespace_isThePods_throughTheDownwardApi() {
        EnvVar variable = gateway.getEnv().stream().filter(env -> env.getName().equals("POD_NAMESPACE")).findFirst()
                .orElseThrow(() -> new AssertionError("gateway has no env POD_NAMESPACE"));

        assertThat(variable.getValue()).isNull();
        assertThat(variable.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
        // Nothing pins the setting to a fixed namespace instead.
        assertThat(gateway.getEnv()).extracting(EnvVar::getName)
                .doesNotContain(ConfigKeys.environmentName("coditect.kubernetes.namespace"));
    }

    @Test
    void ephemeralStorage_isRequestedAndLimited_aboveTheEmptyDirs() {
        Map<String, Quantity> limits = gateway.getResources().getLimits();
        long emptyDirs = pod.getVolumes().stream().filter(volume -> volume.getEmptyDir() != null)
                .mapToLong(volume -> Quantity.getAmountInBytes(volume.getEmptyDir().getSizeLimit()).longValue())
                .sum();

        assertThat(gateway.getResources().getRequests()).containsKey("ephemeral-storage");
        assertThat(Quantity.getAmountInBytes(limits.get("ephemeral-storage")).longValue()).isGreaterThan(emptyDirs);
    }

    @Test
    void probes_askTheApplicationsHealthChecks_withoutInitialDelays() {
        PodChecks.assertProbesUseTheHealthChecks(gateway);
    }

    @Test
    void port_isTheOneTheImageListensOn_throughTheService() {
        Service service = Manifests.one("k8s/base", Service.class, "coditect-gateway");

        assertThat(gateway.getPorts()).satisfiesExactly(port -> {
            assertThat(port.getContainerPort()).isEqualTo(ImageSettings.httpPort());
            assertThat(port.getName()).isEqualTo("http");
        }, port -> {
            assertThat(port.getContainerPort()).isEqualTo(ImageSettings.managementPort());
            assertThat(port.getName()).isEqualTo("management");
        });
        assertThat(service.getSpec().getSelector()).isEqualTo(Labels.GATEWAY);
        assertThat(service.getSpec().getPorts()).satisfiesExactly(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
        }, port -> {
            assertThat(port.getName()).as("for Prometheus' ServiceMonitor").isEqualTo("management");
            assertThat(port.getTargetPort().getStrVal()).isEqualTo("management");
        });
    }

    @Test
    void rollingUpdate_neverGoesBelowTheCurrentCount_andLeavesTheCountToTheHpa() {
        RollingUpdateDeployment rolling = deployment.getSpec().getStrategy().getRollingUpdate();

        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(rolling.getMaxUnavailable().getIntVal()).isZero();
        assertThat(surgePercent()).isPositive();
        assertThat(deployment.getSpec().getReplicas()).as("replicas, which would fight the HPA").isNull();
    }

    @Test
    void terminationGracePeriod_coversThePreStopPauseTheDrainAndLibertysQuiesce() {
        List<String> preStop = gateway.getLifecycle().getPreStop().getExec().getCommand();
        assertThat(preStop).hasSize(2).first().isEqualTo("sleep");
        int pause = Integer.parseInt(preStop.get(1));
        int drain = Integer.parseInt(ConfigKeys.defaultValue("coditect.gateway.drain-timeout-seconds"));

        assertThat(pause).isPositive();
        assertThat(drain).isPositive();
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan(pause + drain + LIBERTY_QUIESCE_SECONDS);
    }

    @Test
    void signingKey_isASecretMountedReadOnly_whereTheGatewayLooks_andNotTheAgentsKeys() {
        Path key = Path.of(env("CODITECT_GATEWAY_SIGNING_KEY_LOCATION"));
        VolumeMount mount = gateway.getVolumeMounts().stream()
                .filter(candidate -> candidate.getMountPath().equals(key.getParent().toString()))
                .findFirst().orElseThrow(() -> new AssertionError("no mount at " + key.getParent()));
        Volume volume = pod.getVolumes().stream().filter(candidate -> candidate.getName().equals(mount.getName()))
                .findFirst().orElseThrow();

        assertThat(mount.getReadOnly()).isTrue();
        assertThat(volume.getSecret().getSecretName()).isEqualTo("coditect-gateway-signing-key")
                .isNotEqualTo(ConfigKeys.defaultValue("coditect.kubernetes.workspace.trusted-keys-secret"));
        assertThat(volume.getSecret().getDefaultMode()).isEqualTo(0440);
        assertThat(volume.getSecret().getItems()).singleElement().satisfies(item -> {
            assertThat(item.getKey()).isEqualTo("private-key.pem");
            assertThat(item.getPath()).isEqualTo(key.getFileName().toString());
        });
    }

    @Test
    void rolloutDeadline_inTheDocs_isTheProbesWorstCase() {
        Probe startup = gateway.getStartupProbe();
        Probe readiness = gateway.getReadinessProbe();
        int perWave = startup.getFailureThreshold() * startup.getPeriodSeconds() + readiness.getPeriodSeconds();
        int waves = (100 + surgePercent() - 1) / surgePercent();
        Matcher timeout = Pattern.compile("rollout status deployment/coditect-gateway --timeout=(\\d+)s")
                .matcher(Project.read("docs/deployment.md"));

        assertThat(timeout.find()).as("kubectl rollout status with a --timeout in docs/deployment.md").isTrue();
        assertThat(Integer.parseInt(timeout.group(1))).isEqualTo(waves * perWave);
        assertThat(deployment.getSpec().getProgressDeadlineSeconds()).isGreaterThan(perWave);
    }

    @Test
    void securityContext_nonRootAsTheImagesUser_readOnlyRoot_noCapabilities() {
        PodChecks.assertLockedDown(pod, gateway, PodChecks.imageUser());
    }

    @Test
    void readOnlyRoot_hasAWritableVolumeWhereverLibertyAndTheApplicationWrite() {
        PodChecks.assertWritableWhereTheImageWrites(pod, gateway);
    }

    @Test
    void resources_requestAndLimitCpuAndMemory_memoryRequestIsTheLimit() {
        PodChecks.assertRequestsAndLimits(gateway);
        Quantity request = gateway.getResources().getRequests().get("memory");
        Quantity limit = gateway.getResources().getLimits().get("memory");

        assertThat(request.getNumericalAmount()).isEqualByComparingTo(limit.getNumericalAmount());
    }

    @Test
    void foundationDbClusterFile_isASecretMountedReadOnly_whereTheStoreLooks() {
        ConfigMap config = Manifests.one("k8s/base", ConfigMap.class, "coditect-gateway");
        Path clusterFile = Path.of(env("CODITECT_STORE_FDB_CLUSTER_FILE"));
        VolumeMount mount = gateway.getVolumeMounts().stream()
                .filter(candidate -> candidate.getMountPath().equals(clusterFile.getParent().toString()))
                .findFirst().orElseThrow(() -> new AssertionError("no mount at " + clusterFile.getParent()));
        Volume volume = pod.getVolumes().stream().filter(candidate -> candidate.getName().equals(mount.getName()))
                .findFirst().orElseThrow();

        assertThat(config.getData()).containsEntry("CODITECT_STORE", "foundationdb");
        assertThat(mount.getReadOnly()).isTrue();
        assertThat(volume.getSecret().getSecretName()).isEqualTo("coditect-fdb-cluster-file");
        assertThat(volume.getSecret().getItems()).singleElement().satisfies(item -> {
            assertThat(item.getKey()).isEqualTo("cluster-file");
            assertThat(item.getPath()).isEqualTo(clusterFile.getFileName().toString());
        });
    }

    @Test
    void configuration_comesFromTheGatewayConfigMap_andNoServiceLinks() {
        assertThat(gateway.getEnvFrom()).singleElement()
                .satisfies(source -> assertThat(source.getConfigMapRef().getName()).isEqualTo("coditect-gateway"));
        assertThat(pod.getEnableServiceLinks()).isFalse();
        assertThat(pod.getServiceAccountName()).isEqualTo("coditect-gateway");
    }

    private int surgePercent() {
        String surge = deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal();
        assertThat(surge).as("maxSurge as a percentage").matches("\\d+%");
        return Integer.parseInt(surge.substring(0, surge.length() - 1));
    }

    private String env(String name) {
        return gateway.getEnv().stream().filter(variable -> variable.getName().equals(name))
                .map(EnvVar::getValue).findFirst()
                .orElseThrow(() -> new AssertionError("gateway has no env " + name));
    }
}
