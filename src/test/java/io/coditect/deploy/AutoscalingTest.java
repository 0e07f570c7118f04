package io.coditect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.autoscaling.v2.MetricSpec;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AutoscalingTest {
    private static final String PROMETHEUS_OPERATOR = "k8s/components/prometheus-operator";

    private final HorizontalPodAutoscaler hpa =
            Manifests.one("k8s/base", HorizontalPodAutoscaler.class, "coditect-gateway");

    @Test
    void hpa_scalesTheGatewayDeployment_from10To30() {
        assertThat(hpa.getSpec().getScaleTargetRef().getKind()).isEqualTo("Deployment");
        assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("coditect-gateway");
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(10);
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(30);
    }

    @Test
    void hpa_targetsCpu70AndMemory75PercentOfRequests() {
        assertThat(resourceTarget("cpu")).isEqualTo(70);
        assertThat(resourceTarget("memory")).isEqualTo(75);
    }

    @Test
    void base_scalesOnResourcesOnly_theTerminalsMetricComesWithPrometheus() {
        List<MetricSpec> withPrometheus = Manifests.one(PROMETHEUS_OPERATOR, HorizontalPodAutoscaler.class,
                "coditect-gateway").getSpec().getMetrics();

        assertThat(hpa.getSpec().getMetrics()).extracting(MetricSpec::getType).containsOnly("Resource");
        assertThat(withPrometheus.subList(0, hpa.getSpec().getMetrics().size())).isEqualTo(hpa.getSpec().getMetrics());
        assertThat(withPrometheus.subList(hpa.getSpec().getMetrics().size(), withPrometheus.size()))
                .extracting(MetricSpec::getType).containsExactly("Pods");
    }

    @Test
    void hpa_terminalsPerPod_isAMetricTheAdapterServes_fromTheApplicationsGauge() {
        MetricSpec terminals = Manifests.one(PROMETHEUS_OPERATOR, HorizontalPodAutoscaler.class, "coditect-gateway")
                .getSpec().getMetrics().stream()
                .filter(metric -> metric.getType().equals("Pods")).findFirst().orElseThrow();
        String name = terminals.getPods().getMetric().getName();
        Map<?, ?> rule = adapterRule();
        Map<?, ?> naming = (Map<?, ?>) rule.get("name");

        assertThat(terminals.getPods().getTarget().getType()).isEqualTo("AverageValue");
        assertThat(terminals.getPods().getTarget().getAverageValue().getNumericalAmount()).isPositive();
        assertThat(name).isEqualTo("coditect_terminals_live");
        assertThat(naming.get("as")).isEqualTo(name);
        assertThat((String) rule.get("seriesQuery"))
                .startsWith("coditect_terminals_live{").contains("mp_scope=\"application\"");
        assertThat((String) rule.get("metricsQuery")).contains("<<.Series>>", "<<.LabelMatchers>>", "<<.GroupBy>>");
        Map<?, ?> overrides = (Map<?, ?>) ((Map<?, ?>) rule.get("resources")).get("overrides");
        assertThat(overrides.keySet().stream().map(String::valueOf)).containsExactlyInAnyOrder("namespace", "pod");
    }

    @Test
    void disruptionBudget_coversTheGatewayPods_andNeverBlocksADrain() {
        PodDisruptionBudget budget = Manifests.one("k8s/base", PodDisruptionBudget.class, "coditect-gateway");

        assertThat(budget.getSpec().getSelector().getMatchLabels()).isEqualTo(Labels.GATEWAY);
        assertThat(budget.getSpec().getMinAvailable()).isNull();
        String maxUnavailable = budget.getSpec().getMaxUnavailable().getStrVal();
        assertThat(maxUnavailable).matches("\\d+%");
        assertThat(Integer.parseInt(maxUnavailable.replace("%", ""))).isBetween(1, 25);
    }

    private int resourceTarget(String resource) {
        return hpa.getSpec().getMetrics().stream()
                .filter(metric -> metric.getType().equals("Resource") && metric.getResource().getName().equals(resource))
                .map(metric -> {
                    assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
                    return metric.getResource().getTarget().getAverageUtilization();
                })
                .findFirst().orElseThrow(() -> new AssertionError("no " + resource + " metric"));
    }

    private static Map<?, ?> adapterRule() {
        ConfigMap adapter = Manifests.one("k8s/prometheus-adapter", ConfigMap.class, "prometheus-adapter");
        Map<?, ?> config = (Map<?, ?>) Manifests.yaml(adapter.getData().get("config.yaml"));
        List<?> rules = (List<?>) config.get("rules");
        assertThat(rules).hasSize(1);
        return (Map<?, ?>) rules.getFirst();
    }
}
