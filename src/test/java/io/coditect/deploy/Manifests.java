package io.coditect.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The YAML under k8s/, read into fabric8's Kubernetes model (one {@link Manifest} per document). */
final class Manifests {
    /** One Kubernetes object and the file it came from. */
    record Manifest(Path file, HasMetadata resource) {
        String source() {
            return Project.root().relativize(file) + ": " + resource.getKind() + " " + resource.getMetadata().getName();
        }
    }

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Manifests() {
    }

    /** Every Kubernetes object in every YAML file under the directory (kustomize's own files aside). */
    static List<Manifest> under(String directory) {
        List<Manifest> manifests = new ArrayList<>();
        for (Path file : yamlFiles(Project.file(directory))) {
            if (!isKustomizeConfig(file)) {
                manifests.addAll(read(file));
            }
        }
        return manifests;
    }

    static List<Manifest> read(Path file) {
        Object parsed;
        try (InputStream in = Files.newInputStream(file)) {
            parsed = SERIALIZATION.unmarshal(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<?> documents = parsed instanceof List<?> list ? list : List.of(parsed);
        return documents.stream().map(document -> new Manifest(file, (HasMetadata) document)).toList();
    }

    /** The one object of that type and name under the directory. */
    static <T extends HasMetadata> T one(String directory, Class<T> type, String name) {
        List<T> found = under(directory).stream()
                .map(Manifest::resource)
                .filter(type::isInstance)
                .map(type::cast)
                .filter(resource -> resource.getMetadata().getName().equals(name))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + " " + name + " under " + directory
                    + ", found " + found.size());
        }
        return found.getFirst();
    }

    static <T extends HasMetadata> List<T> all(String directory, Class<T> type) {
        return under(directory).stream().map(Manifest::resource).filter(type::isInstance).map(type::cast).toList();
    }

    static List<Path> yamlFiles(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().matches(".*\\.ya?ml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isKustomization(Path file) {
        return file.getFileName().toString().matches("kustomization\\.ya?ml");
    }

    /** A kustomization or a replacements file (named *.replacement.yaml): kustomize's, no Kubernetes object. */
    static boolean isKustomizeConfig(Path file) {
        return isKustomization(file) || file.getFileName().toString().endsWith(".replacement.yaml");
    }

    /** The one custom resource of that kind and name under the directory, for kinds fabric8 has no model of. */
    static GenericKubernetesResource generic(String directory, String kind, String name) {
        List<GenericKubernetesResource> found = under(directory).stream()
                .map(Manifest::resource)
                .filter(GenericKubernetesResource.class::isInstance)
                .map(GenericKubernetesResource.class::cast)
                .filter(resource -> resource.getKind().equals(kind) && resource.getMetadata().getName().equals(name))
                .toList();
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + " " + name + " under " + directory + ", found " + found.size());
        }
        return found.getFirst();
    }

    /** A YAML file as plain data (a kustomize replacements file, say). */
    static Object yamlFile(String relative) {
        return yaml(Project.read(relative));
    }

    /** A kustomization.yaml as plain data: kustomize's own format is no Kubernetes object. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> kustomization(String directory) {
        try {
            return YAML.readValue(Project.file(directory).resolve("kustomization.yaml").toFile(), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads YAML text (a ConfigMap's embedded file, say) as plain data. */
    static Object yaml(String text) {
        try {
            return YAML.readValue(text, Object.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
