package io.coditect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Tenants apart: Pod Security on the namespace, and who may talk to whom (NetworkPolicies). */
class IsolationTest {
    /** The ranges a cluster's pods, services, nodes and the cloud's metadata server live in (RFC 1918, shared, link-local). */
    private static final List<String> PRIVATE_RANGES = List.of("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
            "100.64.0.0/10", "169.254.0.0/16");
    private static final String METADATA_SERVER = "169.254.169.254";
    /** Google Cloud's load balancers and health checks reach backends from these. */
    private static final List<String> GOOGLE_FRONT_END_RANGES = List.of("35.191.0.0/16", "130.211.0.0/22");

    private final NetworkPolicy workspaces = Manifests.one("k8s/base", NetworkPolicy.class, "workspace-agents");
    private final StatefulSet workspace = Manifests.one("k8s/reference", StatefulSet.class, WorkspaceTemplateTest.WORKSPACE);

    @Test
    void namespace_enforcesAuditsAndWarnsPodSecurityRestricted() {
        Namespace namespace = Manifests.one("k8s/base", Namespace.class, "coditect");

        assertThat(namespace.getMetadata().getLabels()).contains(
                Map.entry("pod-security.kubernetes.io/enforce", "restricted"),
                Map.entry("pod-security.kubernetes.io/audit", "restricted"),
                Map.entry("pod-security.kubernetes.io/warn", "restricted"));
        assertThat(Manifests.kustomization("k8s/base")).containsEntry("namespace", "coditect");
    }

    @Test
    void workspacePolicy_selectsTheWorkspacePods_andLimitsBothDirections() {
        assertThat(workspace.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(workspaces.getSpec().getPodSelector().getMatchLabels());
        assertThat(workspaces.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
    }

    @Test
    void workspaces_reachDnsOnPort53Only_inTheCluster() {
        List<NetworkPolicyEgressRule> inCluster = workspaces.getSpec().getEgress().stream()
                .filter(rule -> rule.getTo().stream().anyMatch(peer -> peer.getPodSelector() != null
                        || peer.getNamespaceSelector() != null))
                .toList();

        assertThat(inCluster).singleElement().satisfies(rule -> {
            assertThat(rule.getTo()).singleElement().satisfies(peer -> {
                assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .containsExactly(Map.entry("kubernetes.io/metadata.name", "kube-system"));
                assertThat(peer.getPodSelector().getMatchLabels()).containsExactly(Map.entry("k8s-app", "kube-dns"));
            });
            assertThat(rule.getPorts()).extracting(port -> port.getPort().getIntVal() + "/" + port.getProtocol())
                    .containsExactlyInAnyOrder("53/UDP", "53/TCP");
        });
    }

    @Test
    void workspaces_reachTheInternet_butNoPrivateRange_norTheMetadataServer() {
        List<IPBlock> blocks = ipBlocks(workspaces);
        IPBlock internet = blocks.stream().filter(block -> block.getCidr().equals("0.0.0.0/0")).findFirst()
                .orElseThrow(() -> new AssertionError("no rule to the internet"));

        for (String range : PRIVATE_RANGES) {
            assertThat(internet.getExcept()).as("except " + range).anySatisfy(except -> assertThat(
                    Cidr.parse(except).contains(Cidr.parse(range))).isTrue());
        }
        // Every other allowed range is the DNS cache on port 53 only, or IPv6 without its private ranges.
        for (NetworkPolicyEgressRule rule : workspaces.getSpec().getEgress()) {
            for (NetworkPolicyPeer peer : rule.getTo()) {
                IPBlock block = peer.getIpBlock();
                if (block == null || block == internet) {
                    continue;
                }
                if (block.getCidr().contains(":")) {
                    assertThat(block.getExcept()).contains("fc00::/7", "fe80::/10");
                } else {
                    assertThat(block.getCidr()).isEqualTo("169.254.20.10/32");
                    assertThat(rule.getPorts()).allSatisfy(port -> assertThat(port.getPort().getIntVal()).isEqualTo(53));
                }
            }
        }
        assertThat(allowed(workspaces, METADATA_SERVER)).as("metadata server allowed").isFalse();
        assertThat(allowed(workspaces, "10.4.0.12")).as("a pod address allowed").isFalse();
        assertThat(allowed(workspaces, "8.8.8.8")).as("an internet address allowed").isTrue();
    }

    @Test
    void gateways_acceptOnlyGoogleFrontEnds_onTheirPort() {
        NetworkPolicy gateways = Manifests.one("k8s/base", NetworkPolicy.class, "coditect-gateway");

        assertThat(gateways.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Labels.GATEWAY);
        assertThat(gateways.getSpec().getPolicyTypes()).containsExactly("Ingress");
        assertThat(gateways.getSpec().getIngress()).singleElement().satisfies(rule -> {
            assertThat(rule.getFrom()).extracting(peer -> peer.getIpBlock().getCidr())
                    .containsExactlyInAnyOrderElementsOf(GOOGLE_FRONT_END_RANGES);
            assertThat(rule.getPorts()).singleElement().satisfies(port -> assertThat(port.getPort().getIntVal())
                    .isEqualTo(ImageSettings.httpPort()));
        });
    }

    @Test
    void foundationDb_isReachedByTheGatewaysItsOwnProcessesAndTheOperator_only() {
        NetworkPolicy store = Manifests.one("k8s/components/foundationdb", NetworkPolicy.class, "coditect-fdb");
        Map<String, String> cluster = store.getSpec().getPodSelector().getMatchLabels();

        assertThat(cluster).containsEntry("foundationdb.org/fdb-cluster-name",
                Manifests.generic("k8s/components/foundationdb", "FoundationDBCluster", "coditect-fdb")
                        .getMetadata().getName());
        List<Map<String, String>> peers = store.getSpec().getIngress().stream()
                .flatMap(rule -> rule.getFrom().stream())
                .map(peer -> peer.getPodSelector().getMatchLabels())
                .toList();
        assertThat(peers).containsExactlyInAnyOrder(cluster, Labels.GATEWAY,
                Map.of("app", "fdb-kubernetes-operator-controller-manager"));
        assertThat(peers).noneSatisfy(labels -> assertThat(workspace.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(labels));
    }

    private static List<IPBlock> ipBlocks(NetworkPolicy policy) {
        return policy.getSpec().getEgress().stream()
                .flatMap(rule -> rule.getTo().stream())
                .map(NetworkPolicyPeer::getIpBlock)
                .filter(Objects::nonNull)
                .toList();
    }

    /** Whether any egress ipBlock lets the address through (on some port). */
    private static boolean allowed(NetworkPolicy policy, String address) {
        return ipBlocks(policy).stream()
                .filter(block -> block.getCidr().contains(":") == address.contains(":"))
                .anyMatch(block -> Cidr.parse(block.getCidr()).contains(address)
                        && (block.getExcept() == null || block.getExcept().stream()
                                .noneMatch(except -> Cidr.parse(except).contains(address))));
    }
}
