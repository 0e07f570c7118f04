package io.coditect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Monitoring as optional components: the Prometheus operator's objects and Google Managed Prometheus's, alike. */
class MonitoringTest {
    private static final String PROMETHEUS_OPERATOR = "k8s/components/prometheus-operator";
    private static final String MANAGED_PROMETHEUS = "k8s/components/managed-prometheus";

    private final List<Rule> alerts = Manifests.one(PROMETHEUS_OPERATOR, PrometheusRule.class, "coditect-gateway")
            .getSpec().getGroups().stream().flatMap(group -> group.getRules().stream()).toList();
    private final String container = Manifests.one("k8s/base", Deployment.class, "coditect-gateway")
            .getSpec().getTemplate().getSpec().getContainers().getFirst().getName();

    @Test
    void serviceMonitor_scrapesTheGatewayServicesManagementPort_atMetrics() {
        ServiceMonitor monitor = Manifests.one(PROMETHEUS_OPERATOR, ServiceMonitor.class, "coditect-gateway");
        Service service = Manifests.one("k8s/base", Service.class, "coditect-gateway");

        assertThat(monitor.getSpec().getSelector().getMatchLabels()).isEqualTo(Labels.GATEWAY);
        assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(Labels.GATEWAY);
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.getPath()).isEqualTo("/metrics");
            assertThat(endpoint.getPort()).isEqualTo("management");
            assertThat(service.getSpec().getPorts()).anySatisfy(port -> assertThat(port.getName())
                    .isEqualTo(endpoint.getPort()));
        });
    }

    @Test
    void cpuAlert_above85PercentOfTheLimit_for5Minutes() {
        Rule alert = alert("CoditectGatewayCpuHigh");

        assertThat(expression(alert)).contains("container_cpu_usage_seconds_total", "resource=\"cpu\"",
                "container=\"" + container + "\"").endsWith("> 0.85");
        assertThat(alert.getFor()).isEqualTo("5m");
    }

    @Test
    void memoryAlert_above90PercentOfTheLimit_for5Minutes() {
        Rule alert = alert("CoditectGatewayMemoryHigh");

        assertThat(expression(alert)).contains("container_memory_working_set_bytes", "resource=\"memory\"",
                "container=\"" + container + "\"").endsWith("> 0.90");
        assertThat(alert.getFor()).isEqualTo("5m");
    }

    @Test
    void replicasAlert_comparesTheHpasCurrentReplicasWithItsMaximum() {
        String hpa = Manifests.one("k8s/base", HorizontalPodAutoscaler.class, "coditect-gateway")
                .getMetadata().getName();

        assertThat(expression(alert("CoditectGatewayAtMaxReplicas")))
                .contains("kube_horizontalpodautoscaler_status_current_replicas{horizontalpodautoscaler=\"" + hpa + "\"}")
                .contains(">= kube_horizontalpodautoscaler_spec_max_replicas{horizontalpodautoscaler=\"" + hpa + "\"}");
    }

    @Test
    void volumeAlert_above90PercentFull_onTheWorkspaceClaims() {
        String claimTemplate = Manifests.one("k8s/reference", StatefulSet.class, WorkspaceTemplateTest.WORKSPACE)
                .getSpec().getVolumeClaimTemplates().getFirst().getMetadata().getName();
        Rule alert = alert("CoditectWorkspaceVolumeAlmostFull");

        assertThat(expression(alert)).contains("kubelet_volume_stats_used_bytes", "kubelet_volume_stats_capacity_bytes",
                "persistentvolumeclaim=~\"" + claimTemplate + "-.+\"").endsWith("> 0.90");
        assertThat(alert.getFor()).isEqualTo("5m");
    }

    @Test
    void everyAlert_hasASeverityAndASummary() {
        assertThat(alerts).hasSize(4).allSatisfy(alert -> {
            assertThat(alert.getLabels()).containsKey("severity");
            assertThat(alert.getAnnotations()).containsKeys("summary", "description");
        });
    }

    @Test
    void base_needsNoMonitoringCustomResource() {
        assertThat(Manifests.under("k8s/base")).noneSatisfy(manifest -> assertThat(manifest.resource().getApiVersion())
                .startsWith("monitoring."));
    }

    @Test
    void managedPrometheus_scrapesWhatTheServiceMonitorScrapes() {
        GenericKubernetesResource podMonitoring = Manifests.generic(MANAGED_PROMETHEUS, "PodMonitoring", "coditect-gateway");
        ServiceMonitor monitor = Manifests.one(PROMETHEUS_OPERATOR, ServiceMonitor.class, "coditect-gateway");
        Container gateway = Manifests.one("k8s/base", Deployment.class, "coditect-gateway")
                .getSpec().getTemplate().getSpec().getContainers().getFirst();
        Map<String, Object> endpoint = podMonitoring.<List<Map<String, Object>>>get("spec", "endpoints").getFirst();

        assertThat(podMonitoring.<Map<String, Object>>get("spec", "selector", "matchLabels")).isEqualTo(Labels.GATEWAY);
        assertThat(endpoint).containsEntry("path", monitor.getSpec().getEndpoints().getFirst().getPath())
                .containsEntry("interval", monitor.getSpec().getEndpoints().getFirst().getInterval())
                .containsEntry("port", monitor.getSpec().getEndpoints().getFirst().getPort());
        assertThat(gateway.getPorts()).anySatisfy(port -> assertThat(port.getName()).isEqualTo(endpoint.get("port")));
    }

    @Test
    void managedPrometheusRules_areThePrometheusRulesAlerts() {
        assertThat(rulesOf(MANAGED_PROMETHEUS + "/rules.yaml")).isEqualTo(rulesOf(PROMETHEUS_OPERATOR + "/prometheusrule.yaml"));
    }

    @Test
    void eachMonitoringComponent_letsItsScraperReachTheGatewaysManagementPort() {
        for (String component : List.of(PROMETHEUS_OPERATOR, MANAGED_PROMETHEUS)) {
            assertThat(Manifests.all(component, NetworkPolicy.class)).as(component).singleElement().satisfies(policy -> {
                assertThat(policy.getSpec().getPodSelector().getMatchLabels()).isEqualTo(Labels.GATEWAY);
                assertThat(policy.getSpec().getIngress()).singleElement().satisfies(rule -> {
                    assertThat(rule.getFrom()).singleElement().satisfies(peer -> {
                        assertThat(peer.getNamespaceSelector().getMatchLabels()).containsKey("kubernetes.io/metadata.name");
                        assertThat(peer.getPodSelector().getMatchLabels()).isNotEmpty();
                    });
                    assertThat(rule.getPorts()).singleElement().satisfies(port -> assertThat(port.getPort().getIntVal())
                            .isEqualTo(ImageSettings.managementPort()));
                });
            });
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> rulesOf(String file) {
        Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) Manifests.yamlFile(file)).get("spec");
        return ((List<Map<String, Object>>) spec.get("groups")).stream()
                .flatMap(group -> ((List<Object>) group.get("rules")).stream())
                .toList();
    }

    private Rule alert(String name) {
        return alerts.stream().filter(rule -> name.equals(rule.getAlert())).findFirst()
                .orElseThrow(() -> new AssertionError("no alert " + name));
    }

    private static String expression(Rule alert) {
        return alert.getExpr().getStrVal().strip().replaceAll("\\s+", " ");
    }
}
