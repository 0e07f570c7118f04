package io.coditect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;
import org.eclipse.microprofile.health.Startup;

/** What every pod that runs the image must get right: probes, user, sandbox, writable places. */
final class PodChecks {
    /** Where Liberty writes in the image: its output directory (work area, keystore), its logs, temp files. */
    static final List<String> LIBERTY_WRITES = List.of("/opt/ol/wlp/output", "/logs", "/tmp");

    private static final Map<String, Class<? extends Annotation>> HEALTH_PATHS = Map.of(
            "/health/started", Startup.class,
            "/health/ready", Readiness.class,
            "/health/live", Liveness.class);

    private PodChecks() {
    }

    /**
     * Each probe asks the MicroProfile Health endpoint of its kind, on the management port the
     * container declares (the image's, or the one the container's MANAGEMENT_PORT sets).
     */
    static void assertProbesUseTheHealthChecks(Container container) {
        assertProbe(container, container.getStartupProbe(), "/health/started");
        assertProbe(container, container.getReadinessProbe(), "/health/ready");
        assertProbe(container, container.getLivenessProbe(), "/health/live");
    }

    private static void assertProbe(Container container, Probe probe, String path) {
        assertThat(probe).as(container.getName() + " probe for " + path).isNotNull();
        assertThat(probe.getHttpGet().getPath()).isEqualTo(path);
        int management = container.getEnv().stream().filter(env -> env.getName().equals("MANAGEMENT_PORT"))
                .map(env -> Integer.parseInt(env.getValue())).findFirst().orElse(ImageSettings.managementPort());
        assertThat(container.getPorts()).anySatisfy(port -> {
            assertThat(port.getName()).isEqualTo(probe.getHttpGet().getPort().getStrVal());
            assertThat(port.getContainerPort()).as("the port of the probe for " + path).isEqualTo(management);
        });
        assertThat(probe.getInitialDelaySeconds()).as("initialDelaySeconds of " + path).isIn(null, 0);
        assertThat(healthChecksOfKind(HEALTH_PATHS.get(path))).as("checks behind " + path).isNotEmpty();
    }

    /** The application's health checks (io.coditect.health) annotated with that kind. */
    static List<Class<?>> healthChecksOfKind(Class<? extends Annotation> kind) {
        try (Stream<Path> files = Files.list(Project.file("target/classes/io/coditect/health"))) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .map(name -> load("io.coditect.health." + name.substring(0, name.length() - ".class".length())))
                    .filter(type -> HealthCheck.class.isAssignableFrom(type) && type.isAnnotationPresent(kind))
                    .<Class<?>>map(type -> type)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Non-root as the image's user, the runtime's seccomp profile, no privilege, no capability, read-only root. */
    static void assertLockedDown(PodSpec pod, Container container, String imageUser) {
        PodSecurityContext podContext = pod.getSecurityContext();
        assertThat(podContext.getRunAsNonRoot()).isTrue();
        assertThat(podContext.getRunAsUser()).isEqualTo(Long.parseLong(imageUser));
        assertThat(podContext.getRunAsGroup()).isEqualTo(Long.parseLong(imageUser));
        assertThat(podContext.getFsGroup()).isEqualTo(Long.parseLong(imageUser));
        assertThat(podContext.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");

        SecurityContext context = container.getSecurityContext();
        assertThat(context.getAllowPrivilegeEscalation()).isFalse();
        assertThat(context.getPrivileged()).isIn(null, false);
        assertThat(context.getReadOnlyRootFilesystem()).isTrue();
        assertThat(context.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(context.getCapabilities().getAdd()).isNullOrEmpty();
        assertThat(context.getRunAsUser()).as("container-level runAsUser overriding the pod's").isNull();
    }

    /**
     * With a read-only root filesystem, a sized emptyDir wherever Liberty writes, and a writable
     * volume under the application's data directory (the container's CODITECT_DATA_DIR, else the
     * image's: an agent keeps its data on the workspace's volume).
     */
    static void assertWritableWhereTheImageWrites(PodSpec pod, Container container) {
        for (String path : LIBERTY_WRITES) {
            VolumeMount mount = container.getVolumeMounts().stream()
                    .filter(candidate -> candidate.getMountPath().equals(path))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(container.getName() + " has no volume at " + path));
            assertThat(mount.getReadOnly()).as(path).isIn(null, false);
            assertThat(pod.getVolumes()).as("volume for " + path).anySatisfy(volume -> {
                assertThat(volume.getName()).isEqualTo(mount.getName());
                assertThat(volume.getEmptyDir()).isNotNull();
                assertThat(volume.getEmptyDir().getSizeLimit()).isNotNull();
            });
        }
        String data = container.getEnv().stream().filter(env -> env.getName().equals("CODITECT_DATA_DIR"))
                .map(env -> env.getValue()).findFirst().orElse(ImageSettings.dataDirectory());
        assertThat(container.getVolumeMounts()).as(container.getName() + " writable volume for its data " + data)
                .anySatisfy(mount -> {
                    assertThat(data + "/").startsWith(mount.getMountPath() + "/");
                    assertThat(mount.getReadOnly()).isIn(null, false);
                });
    }

    static void assertRequestsAndLimits(Container container) {
        Map<String, ?> requests = container.getResources().getRequests();
        Map<String, ?> limits = container.getResources().getLimits();
        assertThat(requests).containsKeys("cpu", "memory");
        assertThat(limits).containsKeys("cpu", "memory");
    }

    /** The image's user, as the pods must run it. */
    static String imageUser() {
        return ImageSettings.dockerfile().last().user().orElseThrow().split(":")[0];
    }
}
