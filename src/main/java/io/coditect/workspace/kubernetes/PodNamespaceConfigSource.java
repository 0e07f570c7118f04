package io.coditect.workspace.kubernetes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Makes the namespace the gateway runs in the default of {@code coditect.kubernetes.namespace}:
 * from {@code POD_NAMESPACE} (the downward API's {@code metadata.namespace}), else from the
 * namespace file Kubernetes mounts with a pod's service account token. Its ordinal lies above
 * microprofile-config.properties (100, whose {@code coditect} is the default outside a cluster)
 * and below the environment (300, {@code CODITECT_KUBERNETES_NAMESPACE}) and system properties, so
 * an operator's setting still wins. Registered through {@code META-INF/services}.
 */
public class PodNamespaceConfigSource implements ConfigSource {
    public static final String PROPERTY = "coditect.kubernetes.namespace";
    public static final String ENV = "POD_NAMESPACE";
    public static final Path SERVICE_ACCOUNT_NAMESPACE =
            Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");
    static final int ORDINAL = 150;

    private final Optional<String> namespace;

    public PodNamespaceConfigSource() {
        this(System.getenv(), SERVICE_ACCOUNT_NAMESPACE);
    }

    PodNamespaceConfigSource(Map<String, String> environment, Path serviceAccountNamespace) {
        this.namespace = podNamespace(environment, serviceAccountNamespace);
    }

    private static Optional<String> podNamespace(Map<String, String> environment, Path serviceAccountNamespace) {
        String fromEnvironment = environment.get(ENV);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(fromEnvironment.strip());
        }
        try {
            String fromFile = Files.readString(serviceAccountNamespace, StandardCharsets.UTF_8).strip();
            return fromFile.isEmpty() ? Optional.empty() : Optional.of(fromFile);
        } catch (IOException e) {
            // Not in a pod, or a pod without a service account token (a workspace's): no namespace to offer.
            return Optional.empty();
        }
    }

    @Override
    public Set<String> getPropertyNames() {
        return namespace.isPresent() ? Set.of(PROPERTY) : Set.of();
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTY.equals(propertyName) ? namespace.orElse(null) : null;
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }

    @Override
    public String getName() {
        return "CoditectPodNamespace";
    }
}
