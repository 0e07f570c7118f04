package io.coditect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.deploy.Manifests.Manifest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every file under k8s/ is a well-formed Kubernetes object, and every kustomization knows its files. */
class ManifestFilesTest {
    @Test
    void everyManifest_parsesIntoTheTypedFabric8Model_withoutAnUnknownField() {
        List<Manifest> manifests = Manifests.under("k8s");

        assertThat(manifests).hasSizeGreaterThanOrEqualTo(15);
        assertThat(manifests).allSatisfy(manifest -> {
            assertThat(manifest.resource()).as(manifest.source()).isNotInstanceOf(GenericKubernetesResource.class);
            assertThat(UnknownFields.in(manifest.resource())).as("unknown fields in " + manifest.source()).isEmpty();
        });
    }

    @Test
    void unknownFields_misspeltField_isFound() {
        Manifest misspelt = Manifests.read(Project.file("src/test/resources/deploy/misspelt-probe.yaml")).getFirst();

        assertThat(UnknownFields.in(misspelt.resource())).containsExactly(".spec.template.spec.containers[0].readinesProbe");
    }

    @Test
    void everyKustomization_listsEveryManifestBesideIt_andOnlyFilesThatExist() {
        for (String directory : List.of("k8s/base", "k8s/prometheus-adapter")) {
            assertThat(listed(directory, "resources")).as(directory).isEqualTo(manifestFilesIn(directory));
        }
        Map<String, Object> overlay = Manifests.kustomization("k8s/overlays/example");
        Set<String> patches = new TreeSet<>();
        ((List<?>) overlay.get("patches")).forEach(patch -> patches.add((String) ((Map<?, ?>) patch).get("path")));

        assertThat(listed("k8s/overlays/example", "resources")).containsExactly("../../base");
        assertThat(patches).isEqualTo(manifestFilesIn("k8s/overlays/example"));
    }

    @Test
    void gatewayObjects_allCarryTheGatewayLabels() {
        assertThat(Manifests.under("k8s/base")).allSatisfy(manifest -> assertThat(
                manifest.resource().getMetadata().getLabels()).as(manifest.source())
                .containsAllEntriesOf(Labels.GATEWAY));
    }

    private static Set<String> listed(String directory, String field) {
        Set<String> names = new TreeSet<>();
        ((List<?>) Manifests.kustomization(directory).get(field)).forEach(name -> names.add((String) name));
        return names;
    }

    private static Set<String> manifestFilesIn(String directory) {
        Path root = Project.file(directory);
        Set<String> names = new TreeSet<>();
        Manifests.yamlFiles(root).stream()
                .filter(file -> file.getParent().equals(root) && !Manifests.isKustomization(file))
                .forEach(file -> names.add(file.getFileName().toString()));
        return names;
    }
}
