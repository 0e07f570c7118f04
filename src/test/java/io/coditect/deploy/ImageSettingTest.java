package io.coditect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One image setting: an overlay's images: names the registry path once, and kustomize's replacement
 * copies the gateway container's image into the agent image setting (.ci/run also checks the
 * rendered builds).
 */
class ImageSettingTest {
    private static final String AGENT_IMAGE_SETTING = "coditect.kubernetes.workspace.image";
    private static final String REPLACEMENT = "workspace-image.replacement.yaml";

    @Test
    void replacement_copiesTheGatewayContainersImage_intoTheAgentImageSetting() {
        Map<String, Object> replacement = replacement("k8s/base/" + REPLACEMENT);
        Map<String, Object> source = map(replacement.get("source"));
        Map<String, Object> target = map(((List<?>) replacement.get("targets")).getFirst());
        Map<String, Object> select = map(target.get("select"));

        assertThat(source).containsEntry("kind", "Deployment").containsEntry("name", "coditect-gateway")
                .containsEntry("fieldPath", "spec.template.spec.containers.[name=gateway].image");
        assertThat(select).containsEntry("kind", "ConfigMap").containsEntry("name", "coditect-gateway");
        assertThat(target.get("fieldPaths")).isEqualTo(List.of("data." + ConfigKeys.environmentName(AGENT_IMAGE_SETTING)));
        assertThat(ConfigKeys.all()).contains(AGENT_IMAGE_SETTING);
    }

    @Test
    void base_agentImage_isTheGatewaysImage() {
        Deployment deployment = Manifests.one("k8s/base", Deployment.class, "coditect-gateway");
        ConfigMap config = Manifests.one("k8s/base", ConfigMap.class, "coditect-gateway");

        assertThat(config.getData()).containsEntry(ConfigKeys.environmentName(AGENT_IMAGE_SETTING),
                deployment.getSpec().getTemplate().getSpec().getContainers().getFirst().getImage());
        assertThat(Manifests.kustomization("k8s/base").get("replacements"))
                .isEqualTo(List.of(Map.of("path", REPLACEMENT)));
    }

    @Test
    void exampleOverlay_setsTheRegistryPathOnce_andRepeatsTheReplacementAfterIt() {
        Map<String, Object> overlay = Manifests.kustomization("k8s/overlays/example");
        String gatewayImage = Manifests.one("k8s/base", Deployment.class, "coditect-gateway")
                .getSpec().getTemplate().getSpec().getContainers().getFirst().getImage();

        assertThat((List<?>) overlay.get("images")).singleElement().satisfies(image -> {
            Map<?, ?> entry = (Map<?, ?>) image;
            assertThat(gatewayImage).startsWith(entry.get("name") + ":");
            assertThat((String) entry.get("newName")).contains("/").endsWith("/coditect-gateway");
            assertThat(entry.get("newTag")).isNotNull();
        });
        assertThat(overlay.get("replacements")).isEqualTo(List.of(Map.of("path", REPLACEMENT)));
        assertThat(Project.read("k8s/overlays/example/" + REPLACEMENT))
                .isEqualTo(Project.read("k8s/base/" + REPLACEMENT));
    }

    private static Map<String, Object> replacement(String file) {
        return map(((List<?>) Manifests.yamlFile(file)).getFirst());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }
}
