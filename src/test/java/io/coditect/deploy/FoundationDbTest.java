package io.coditect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** FoundationDB on Kubernetes: the operator's cluster, its cluster file in the gateways, TLS through the client's network options. */
class FoundationDbTest {
    private static final String COMPONENT = "k8s/components/foundationdb";
    private static final String TLS = "k8s/components/foundationdb-tls";

    private final GenericKubernetesResource cluster = Manifests.generic(COMPONENT, "FoundationDBCluster", "coditect-fdb");
    private final Deployment base = Manifests.one("k8s/base", Deployment.class, "coditect-gateway");

    @Test
    void gateways_mountTheOperatorsClusterFile_whereTheStoreLooks() {
        Deployment patch = Manifests.one(COMPONENT, Deployment.class, "coditect-gateway");
        Volume volume = patch.getSpec().getTemplate().getSpec().getVolumes().getFirst();
        Container gateway = base.getSpec().getTemplate().getSpec().getContainers().getFirst();
        String mountPath = gateway.getVolumeMounts().stream()
                .filter(mount -> mount.getName().equals(volume.getName())).findFirst().orElseThrow().getMountPath();

        assertThat(volume.getConfigMap().getName()).isEqualTo(cluster.getMetadata().getName() + "-config");
        assertThat(volume.getConfigMap().getItems()).singleElement().satisfies(item -> {
            assertThat(item.getKey()).isEqualTo("cluster-file");
            assertThat(mountPath + "/" + item.getPath()).isEqualTo(env(gateway, "CODITECT_STORE_FDB_CLUSTER_FILE"));
        });
        // The patch takes the base's Secret out (a volume has one source).
        assertThat(Project.read(COMPONENT + "/gateway-cluster-file.yaml")).contains("secret: null");
    }

    @Test
    void clusterVersion_isTheImagesClientVersion_andFdbJavasMinor() {
        String client = imageClientVersion();
        String fdbJava = firstGroup("<fdb.version>([^<]+)</fdb.version>", Project.read("pom.xml"));

        assertThat(cluster.<String>get("spec", "version")).isEqualTo(client);
        assertThat(minor(client)).isEqualTo(minor(fdbJava));
    }

    @Test
    void cluster_survivesTheLossOfOneProcess_andSpreadsOverZones() {
        assertThat(cluster.<String>get("spec", "databaseConfiguration", "redundancy_mode")).isIn("double", "triple");
        assertThat(cluster.<Integer>get("spec", "processCounts", "storage")).isGreaterThanOrEqualTo(3);
        assertThat(cluster.<String>get("spec", "faultDomain", "key")).isEqualTo("topology.kubernetes.io/zone");
    }

    @Test
    void tls_setsTheClientsNetworkOptions_toFilesOfTheMountedSecret() {
        Deployment patch = Manifests.one(TLS, Deployment.class, "coditect-gateway");
        Container gateway = patch.getSpec().getTemplate().getSpec().getContainers().getFirst();
        String mountPath = gateway.getVolumeMounts().getFirst().getMountPath();
        Volume volume = patch.getSpec().getTemplate().getSpec().getVolumes().getFirst();

        assertThat(gateway.getVolumeMounts().getFirst().getReadOnly()).isTrue();
        assertThat(volume.getSecret().getSecretName()).isNotBlank();
        assertThat(gateway.getEnv()).extracting(EnvVar::getName).containsExactlyInAnyOrder(
                "FDB_NETWORK_OPTION_TLS_CERTIFICATE_FILE", "FDB_NETWORK_OPTION_TLS_KEY_FILE",
                "FDB_NETWORK_OPTION_TLS_CA_FILE", "FDB_NETWORK_OPTION_TLS_VERIFY_PEERS");
        assertThat(gateway.getEnv()).filteredOn(variable -> variable.getName().endsWith("_FILE"))
                .allSatisfy(variable -> assertThat(variable.getValue()).startsWith(mountPath + "/"));
        // Not under another volume's mount (a read-only ConfigMap or Secret cannot hold a mount point).
        assertThat(base.getSpec().getTemplate().getSpec().getContainers().getFirst().getVolumeMounts())
                .noneSatisfy(mount -> assertThat(mountPath).startsWith(mount.getMountPath() + "/"));
    }

    @Test
    void processPods_carryTheRestrictedSettings_forEachOperatorContainer() {
        Map<String, Object> pod = cluster.get("spec", "processes", "general", "podTemplate", "spec");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> containers = (List<Map<String, Object>>) pod.get("containers");

        assertThat(cluster.<Boolean>get("spec", "processes", "general", "podTemplate", "spec", "securityContext",
                "runAsNonRoot")).isTrue();
        assertThat(cluster.<String>get("spec", "processes", "general", "podTemplate", "spec", "securityContext",
                "seccompProfile", "type")).isEqualTo("RuntimeDefault");
        assertThat(containers).extracting(container -> container.get("name"))
                .containsExactlyInAnyOrder("foundationdb", "foundationdb-kubernetes-sidecar");
        assertThat(containers).allSatisfy(container -> assertThat(container.get("securityContext"))
                .isEqualTo(Map.of("allowPrivilegeEscalation", false, "capabilities", Map.of("drop", List.of("ALL")))));
    }

    /** The version in the URL of the client library the Dockerfile installs. */
    static String imageClientVersion() {
        return firstGroup("/releases/download/([0-9.]+)/libfdb_c", Project.read("Dockerfile"));
    }

    private static String minor(String version) {
        return version.substring(0, version.indexOf('.', version.indexOf('.') + 1));
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(variable -> variable.getName().equals(name))
                .map(EnvVar::getValue).findFirst().orElseThrow(() -> new AssertionError("no env " + name));
    }

    private static String firstGroup(String regex, String text) {
        Matcher matcher = Pattern.compile(regex).matcher(text);
        assertThat(matcher.find()).as(regex).isTrue();
        return matcher.group(1);
    }
}
