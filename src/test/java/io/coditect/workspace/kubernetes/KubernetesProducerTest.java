package io.coditect.workspace.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KubernetesProducerTest {
    @Test
    void parseNodeSelector_pairs_inOrder() {
        assertThat(KubernetesProducer.parseNodeSelector("cloud.google.com/gke-spot=true, pool = workspaces"))
                .containsExactly(Map.entry("cloud.google.com/gke-spot", "true"), Map.entry("pool", "workspaces"));
    }

    @Test
    void parseNodeSelector_empty_anyNode() {
        assertThat(KubernetesProducer.parseNodeSelector("")).isEmpty();
    }

    @Test
    void parseNodeSelector_noEquals_clearError() {
        assertThatThrownBy(() -> KubernetesProducer.parseNodeSelector("spot"))
                .hasMessageContaining("coditect.kubernetes.workspace.node-selector");
    }
}
