package io.coditect.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SeccompProfile;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Sysctl;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.WindowsSecurityContextOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A check of a pod against the Pod Security Standard {@code restricted} (Kubernetes 1.30, the
 * "latest" version that Pod Security Admission enforces), the baseline rules included: what the
 * API server of a namespace labelled {@code pod-security.kubernetes.io/enforce: restricted} would
 * refuse. Each violation names the field, so a failure says what to fix.
 *
 * <p>Covered: host namespaces, privileged containers, capabilities (drop ALL, add at most
 * NET_BIND_SERVICE), hostPath and every other volume type but configMap, csi, downwardAPI,
 * emptyDir, ephemeral, persistentVolumeClaim, projected and secret, host ports, AppArmor, SELinux,
 * /proc mount, seccomp (RuntimeDefault or Localhost, never Unconfined), sysctls, Windows
 * HostProcess, privilege escalation, non-root (runAsNonRoot, runAsUser 0). Containers, init
 * containers and ephemeral containers alike.
 */
public final class PodSecurityRestricted {
    private static final Set<String> SAFE_SYSCTLS = Set.of("kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range",
            "net.ipv4.ip_unprivileged_port_start", "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range",
            "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes");
    private static final Set<String> SELINUX_TYPES = Set.of("container_t", "container_init_t", "container_kvm_t",
            "container_engine_t");
    private static final Set<String> SECCOMP_TYPES = Set.of("RuntimeDefault", "Localhost");
    private static final String APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/";

    /** One container of any kind, as the rules see it. */
    private record Box(String kind, String name, SecurityContext context, List<ContainerPort> ports) {
        String where() {
            return kind + " " + name;
        }
    }

    private PodSecurityRestricted() {
    }

    /** Fails with every violation of the pod template (its annotations included), named by {@code what}. */
    public static void assertRestricted(PodTemplateSpec template, String what) {
        assertThat(violations(template)).as("Pod Security Standard 'restricted' violations of " + what).isEmpty();
    }

    public static List<String> violations(PodTemplateSpec template) {
        return violations(template.getMetadata(), template.getSpec());
    }

    public static List<String> violations(ObjectMeta metadata, PodSpec pod) {
        List<String> found = new ArrayList<>();
        PodSecurityContext podContext = pod.getSecurityContext();
        List<Box> boxes = boxes(pod);
        hostNamespaces(pod, found);
        volumes(pod, found);
        annotations(metadata, found);
        podLevel(podContext, found);
        for (Box box : boxes) {
            containerLevel(box, found);
        }
        runAsNonRoot(podContext, boxes, found);
        seccomp(podContext, boxes, found);
        return found;
    }

    private static List<Box> boxes(PodSpec pod) {
        Stream<Box> containers = list(pod.getContainers()).stream()
                .map(c -> new Box("container", c.getName(), c.getSecurityContext(), c.getPorts()));
        Stream<Box> init = list(pod.getInitContainers()).stream()
                .map(c -> new Box("initContainer", c.getName(), c.getSecurityContext(), c.getPorts()));
        Stream<Box> ephemeral = list(pod.getEphemeralContainers()).stream()
                .map(c -> new Box("ephemeralContainer", c.getName(), c.getSecurityContext(), c.getPorts()));
        return Stream.of(containers, init, ephemeral).flatMap(s -> s).toList();
    }

    private static void hostNamespaces(PodSpec pod, List<String> found) {
        if (Boolean.TRUE.equals(pod.getHostNetwork())) {
            found.add("spec.hostNetwork is true");
        }
        if (Boolean.TRUE.equals(pod.getHostPID())) {
            found.add("spec.hostPID is true");
        }
        if (Boolean.TRUE.equals(pod.getHostIPC())) {
            found.add("spec.hostIPC is true");
        }
    }

    private static void volumes(PodSpec pod, List<String> found) {
        for (Volume volume : list(pod.getVolumes())) {
            boolean allowed = Stream.of(volume.getConfigMap(), volume.getCsi(), volume.getDownwardAPI(),
                    volume.getEmptyDir(), volume.getEphemeral(), volume.getPersistentVolumeClaim(),
                    volume.getProjected(), volume.getSecret()).anyMatch(Objects::nonNull);
            if (volume.getHostPath() != null) {
                found.add("volume " + volume.getName() + " is a hostPath");
            } else if (!allowed) {
                found.add("volume " + volume.getName() + " is of a type restricted does not allow");
            }
        }
    }

    private static void annotations(ObjectMeta metadata, List<String> found) {
        Map<String, String> annotations = metadata == null || metadata.getAnnotations() == null
                ? Map.of() : metadata.getAnnotations();
        annotations.forEach((key, value) -> {
            if (key.startsWith(APPARMOR_ANNOTATION) && !value.equals("runtime/default") && !value.startsWith("localhost/")) {
                found.add("annotation " + key + " is " + value);
            }
        });
    }

    private static void podLevel(PodSecurityContext context, List<String> found) {
        if (context == null) {
            return;
        }
        if (Long.valueOf(0).equals(context.getRunAsUser())) {
            found.add("spec.securityContext.runAsUser is 0");
        }
        if (Boolean.FALSE.equals(context.getRunAsNonRoot())) {
            found.add("spec.securityContext.runAsNonRoot is false");
        }
        if (context.getSeccompProfile() != null && !SECCOMP_TYPES.contains(context.getSeccompProfile().getType())) {
            found.add("spec.securityContext.seccompProfile.type is " + context.getSeccompProfile().getType());
        }
        if (context.getAppArmorProfile() != null && "Unconfined".equals(context.getAppArmorProfile().getType())) {
            found.add("spec.securityContext.appArmorProfile.type is Unconfined");
        }
        seLinux("spec.securityContext", context.getSeLinuxOptions(), found);
        hostProcess("spec.securityContext", context.getWindowsOptions(), found);
        for (Sysctl sysctl : list(context.getSysctls())) {
            if (!SAFE_SYSCTLS.contains(sysctl.getName())) {
                found.add("spec.securityContext.sysctls sets " + sysctl.getName());
            }
        }
    }

    private static void containerLevel(Box box, List<String> found) {
        for (ContainerPort port : list(box.ports())) {
            if (port.getHostPort() != null && port.getHostPort() != 0) {
                found.add(box.where() + " has hostPort " + port.getHostPort());
            }
        }
        SecurityContext context = box.context();
        if (context == null) {
            found.add(box.where() + " has no securityContext (allowPrivilegeEscalation and capabilities must be set)");
            return;
        }
        if (Boolean.TRUE.equals(context.getPrivileged())) {
            found.add(box.where() + " is privileged");
        }
        if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
            found.add(box.where() + " does not set allowPrivilegeEscalation: false");
        }
        if (Long.valueOf(0).equals(context.getRunAsUser())) {
            found.add(box.where() + " runs as user 0");
        }
        if (Boolean.FALSE.equals(context.getRunAsNonRoot())) {
            found.add(box.where() + " sets runAsNonRoot: false");
        }
        if (context.getProcMount() != null && !context.getProcMount().equals("Default")) {
            found.add(box.where() + " has procMount " + context.getProcMount());
        }
        if (context.getAppArmorProfile() != null && "Unconfined".equals(context.getAppArmorProfile().getType())) {
            found.add(box.where() + " has appArmorProfile Unconfined");
        }
        seLinux(box.where(), context.getSeLinuxOptions(), found);
        hostProcess(box.where(), context.getWindowsOptions(), found);
        capabilities(box, context.getCapabilities(), found);
    }

    private static void capabilities(Box box, Capabilities capabilities, List<String> found) {
        if (capabilities == null || !list(capabilities.getDrop()).contains("ALL")) {
            found.add(box.where() + " does not drop ALL capabilities");
        }
        if (capabilities != null) {
            for (String added : list(capabilities.getAdd())) {
                if (!added.equals("NET_BIND_SERVICE")) {
                    found.add(box.where() + " adds capability " + added);
                }
            }
        }
    }

    private static void seLinux(String where, SELinuxOptions options, List<String> found) {
        if (options == null) {
            return;
        }
        if (options.getType() != null && !options.getType().isEmpty() && !SELINUX_TYPES.contains(options.getType())) {
            found.add(where + " has SELinux type " + options.getType());
        }
        if (options.getUser() != null && !options.getUser().isEmpty()) {
            found.add(where + " sets an SELinux user");
        }
        if (options.getRole() != null && !options.getRole().isEmpty()) {
            found.add(where + " sets an SELinux role");
        }
    }

    private static void hostProcess(String where, WindowsSecurityContextOptions options, List<String> found) {
        if (options != null && Boolean.TRUE.equals(options.getHostProcess())) {
            found.add(where + " is a Windows HostProcess");
        }
    }

    /** Non-root: the pod says so, or every container does. */
    private static void runAsNonRoot(PodSecurityContext podContext, List<Box> boxes, List<String> found) {
        boolean podSays = podContext != null && Boolean.TRUE.equals(podContext.getRunAsNonRoot());
        for (Box box : boxes) {
            if (!podSays && (box.context() == null || !Boolean.TRUE.equals(box.context().getRunAsNonRoot()))) {
                found.add(box.where() + " may run as root (runAsNonRoot: true on neither the pod nor the container)");
            }
        }
    }

    /** Seccomp: RuntimeDefault or Localhost on the pod, or on every container. */
    private static void seccomp(PodSecurityContext podContext, List<Box> boxes, List<String> found) {
        boolean podSays = podContext != null && podContext.getSeccompProfile() != null;
        for (Box box : boxes) {
            SeccompProfile own = box.context() == null ? null : box.context().getSeccompProfile();
            if (own != null && !SECCOMP_TYPES.contains(own.getType())) {
                found.add(box.where() + " has seccompProfile " + own.getType());
            } else if (own == null && !podSays) {
                found.add(box.where() + " has no seccompProfile (RuntimeDefault or Localhost, on the pod or the container)");
            }
        }
    }

    private static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }
}
