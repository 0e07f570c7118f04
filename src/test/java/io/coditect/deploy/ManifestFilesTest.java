package io.coditect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.deploy.Manifests.Manifest;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every file under k8s/ is a well-formed Kubernetes object, and every kustomization knows its files. */
class ManifestFilesTest {
    /**
     * The API groups of custom resources fabric8 has no model of (GKE's load balancer policies, Google
     * Managed Prometheus, the FoundationDB operator): .ci/run validates them against their schemas.
     */
    private static final Set<String> SCHEMA_CHECKED_BY_CI = Set.of("networking.gke.io", "cloud.google.com",
            "monitoring.googleapis.com", "apps.foundationdb.org");

    @Test
    void everyManifest_parsesIntoTheTypedFabric8Model_withoutAnUnknownField() {
        List<Manifest> manifests = Manifests.under("k8s");

        assertThat(manifests).hasSizeGreaterThanOrEqualTo(30);
        assertThat(manifests).allSatisfy(manifest -> {
            if (SCHEMA_CHECKED_BY_CI.contains(group(manifest.resource().getApiVersion()))) {
                assertThat(manifest.resource()).as(manifest.source()).isInstanceOf(GenericKubernetesResource.class);
                return;
            }
            assertThat(manifest.resource()).as(manifest.source()).isNotInstanceOf(GenericKubernetesResource.class);
            assertThat(UnknownFields.in(manifest.resource())).as("unknown fields in " + manifest.source()).isEmpty();
        });
    }

    private static String group(String apiVersion) {
        return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    }

    @Test
    void unknownFields_misspeltField_isFound() {
        Manifest misspelt = Manifests.read(Project.file("src/test/resources/deploy/misspelt-probe.yaml")).getFirst();

        assertThat(UnknownFields.in(misspelt.resource())).containsExactly(".spec.template.spec.containers[0].readinesProbe");
    }

    @Test
    void everyKustomization_listsEveryFileBesideIt_andOnlyFilesThatExist() {
        for (String directory : List.of("k8s/base", "k8s/prometheus-adapter")) {
            assertThat(listed(directory, "resources")).as(directory).isEqualTo(manifestFilesIn(directory));
        }
        for (String directory : componentDirectories()) {
            Set<String> used = new TreeSet<>(listed(directory, "resources"));
            used.addAll(paths(directory, "patches"));
            assertThat(Manifests.kustomization(directory)).as(directory).containsEntry("kind", "Component");
            assertThat(used).as(directory).isEqualTo(manifestFilesIn(directory));
        }
        assertThat(listed("k8s/overlays/example", "resources")).containsExactly("../../base");
        assertThat(paths("k8s/overlays/example", "patches")).isEqualTo(manifestFilesIn("k8s/overlays/example"));
        assertThat(listed("k8s/overlays/example", "components")).allSatisfy(component -> assertThat(
                Project.file("k8s/overlays/example").resolve(component).normalize()).isDirectory());
        for (String directory : List.of("k8s/base", "k8s/overlays/example")) {
            assertThat(paths(directory, "replacements")).as(directory).allSatisfy(file -> assertThat(
                    Project.file(directory).resolve(file)).isRegularFile());
        }
    }

    @Test
    void gatewayObjects_allCarryTheGatewayLabels() {
        assertThat(Manifests.under("k8s/base")).allSatisfy(manifest -> assertThat(
                manifest.resource().getMetadata().getLabels()).as(manifest.source())
                .containsAllEntriesOf(Labels.GATEWAY));
    }

    @Test
    void componentObjects_allCarryTheProductsName() {
        List<Manifest> objects = componentDirectories().stream()
                .flatMap(directory -> Manifests.under(directory).stream())
                .filter(manifest -> !paths(Project.root().relativize(manifest.file().getParent()).toString(), "patches")
                        .contains(manifest.file().getFileName().toString()))
                .toList();

        assertThat(objects).hasSizeGreaterThanOrEqualTo(12).allSatisfy(manifest -> assertThat(
                manifest.resource().getMetadata().getLabels()).as(manifest.source())
                .containsEntry("app.kubernetes.io/name", "coditect"));
    }

    static List<String> componentDirectories() {
        try (Stream<Path> entries = Files.list(Project.file("k8s/components"))) {
            return entries.filter(Files::isDirectory)
                    .map(directory -> Project.root().relativize(directory).toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> listed(String directory, String field) {
        Set<String> names = new TreeSet<>();
        Object list = Manifests.kustomization(directory).get(field);
        if (list != null) {
            ((List<?>) list).forEach(name -> names.add((String) name));
        }
        return names;
    }

    private static Set<String> paths(String directory, String field) {
        Set<String> names = new TreeSet<>();
        Object list = Manifests.kustomization(directory).get(field);
        if (list != null) {
            ((List<?>) list).forEach(entry -> names.add((String) ((Map<?, ?>) entry).get("path")));
        }
        return names;
    }

    private static Set<String> manifestFilesIn(String directory) {
        Path root = Project.file(directory);
        Set<String> names = new TreeSet<>();
        Manifests.yamlFiles(root).stream()
                .filter(file -> file.getParent().equals(root) && !Manifests.isKustomizeConfig(file))
                .forEach(file -> names.add(file.getFileName().toString()));
        return names;
    }
}
