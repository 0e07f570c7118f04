package io.coditect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitoringTest {
    private final List<Rule> alerts = Manifests.one("k8s/base", PrometheusRule.class, "coditect-gateway")
            .getSpec().getGroups().stream().flatMap(group -> group.getRules().stream()).toList();
    private final String container = Manifests.one("k8s/base", Deployment.class, "coditect-gateway")
            .getSpec().getTemplate().getSpec().getContainers().getFirst().getName();

    @Test
    void serviceMonitor_scrapesTheGatewayServicesPort_atMetrics() {
        ServiceMonitor monitor = Manifests.one("k8s/base", ServiceMonitor.class, "coditect-gateway");
        Service service = Manifests.one("k8s/base", Service.class, "coditect-gateway");

        assertThat(monitor.getSpec().getSelector().getMatchLabels()).isEqualTo(Labels.GATEWAY);
        assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(Labels.GATEWAY);
        assertThat(monitor.getSpec().getEndpoints()).singleElement().satisfies(endpoint -> {
            assertThat(endpoint.getPath()).isEqualTo("/metrics");
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

    private Rule alert(String name) {
        return alerts.stream().filter(rule -> name.equals(rule.getAlert())).findFirst()
                .orElseThrow(() -> new AssertionError("no alert " + name));
    }

    private static String expression(Rule alert) {
        return alert.getExpr().getStrVal().strip().replaceAll("\\s+", " ");
    }
}
