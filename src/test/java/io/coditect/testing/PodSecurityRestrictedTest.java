package io.coditect.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The restricted checker finds each kind of violation, and passes a pod that has none. */
class PodSecurityRestrictedTest {
    /** The smallest pod that restricted admits. */
    private static PodSpec compliant() {
        return new PodSpecBuilder()
                .withNewSecurityContext()
                    .withRunAsNonRoot(true)
                    .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile()
                .endSecurityContext()
                .addNewContainer()
                    .withName("app")
                    .withNewSecurityContext()
                        .withAllowPrivilegeEscalation(false)
                        .withNewCapabilities().withDrop("ALL").endCapabilities()
                    .endSecurityContext()
                .endContainer()
                .addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume()
                .build();
    }

    private static java.util.List<String> violationsOf(UnaryOperator<PodSpecBuilder> change) {
        return PodSecurityRestricted.violations(null, change.apply(new PodSpecBuilder(compliant())).build());
    }

    @Test
    void compliantPod_noViolation() {
        assertThat(PodSecurityRestricted.violations(null, compliant())).isEmpty();
    }

    @Test
    void hostNamespacesAndHostPath_eachReported() {
        assertThat(violationsOf(pod -> pod.withHostNetwork(true).withHostPID(true).withHostIPC(true)
                .addNewVolume().withName("docker").withNewHostPath("/var/run/docker.sock", null).endVolume()))
                .containsExactlyInAnyOrder("spec.hostNetwork is true", "spec.hostPID is true", "spec.hostIPC is true",
                        "volume docker is a hostPath");
    }

    @Test
    void volumeTypeOutsideTheAllowedList_reported() {
        assertThat(violationsOf(pod -> pod.addNewVolume().withName("share").withNewNfs("/export", false, "nfs.local")
                .endVolume())).containsExactly("volume share is of a type restricted does not allow");
    }

    @Test
    void privilegeEscalationNotForbidden_reported() {
        assertThat(violationsOf(pod -> pod.editFirstContainer().editSecurityContext()
                .withAllowPrivilegeEscalation(null).endSecurityContext().endContainer()))
                .containsExactly("container app does not set allowPrivilegeEscalation: false");
    }

    @Test
    void privileged_capabilitiesNotDropped_orAddedBeyondNetBindService_reported() {
        assertThat(violationsOf(pod -> pod.editFirstContainer().editSecurityContext().withPrivileged(true)
                .withNewCapabilities().withAdd("NET_BIND_SERVICE", "SYS_ADMIN").endCapabilities()
                .endSecurityContext().endContainer()))
                .containsExactlyInAnyOrder("container app is privileged", "container app does not drop ALL capabilities",
                        "container app adds capability SYS_ADMIN");
    }

    @Test
    void rootAllowed_orUidZero_reported() {
        assertThat(violationsOf(pod -> pod.editSecurityContext().withRunAsNonRoot(null).withRunAsUser(0L)
                .endSecurityContext()))
                .containsExactlyInAnyOrder("spec.securityContext.runAsUser is 0",
                        "container app may run as root (runAsNonRoot: true on neither the pod nor the container)");
    }

    @Test
    void seccompMissingOrUnconfined_reported() {
        assertThat(violationsOf(pod -> pod.editSecurityContext().withSeccompProfile(null).endSecurityContext()))
                .containsExactly("container app has no seccompProfile (RuntimeDefault or Localhost, on the pod or the container)");
        assertThat(violationsOf(pod -> pod.editFirstContainer().editSecurityContext().withNewSeccompProfile()
                .withType("Unconfined").endSeccompProfile().endSecurityContext().endContainer()))
                .containsExactly("container app has seccompProfile Unconfined");
    }

    @Test
    void initContainerAndHostPortAndUnsafeSysctlAndAppArmor_reported() {
        assertThat(PodSecurityRestricted.violations(
                new ObjectMetaBuilder().addToAnnotations("container.apparmor.security.beta.kubernetes.io/app", "unconfined")
                        .build(),
                new PodSpecBuilder(compliant())
                        .editSecurityContext().addNewSysctl("kernel.msgmax", "65536").endSecurityContext()
                        .editFirstContainer().addNewPort().withContainerPort(80).withHostPort(80).endPort().endContainer()
                        .addNewInitContainer().withName("setup").endInitContainer()
                        .build()))
                .containsExactlyInAnyOrder(
                        "annotation container.apparmor.security.beta.kubernetes.io/app is unconfined",
                        "spec.securityContext.sysctls sets kernel.msgmax",
                        "container app has hostPort 80",
                        "initContainer setup has no securityContext (allowPrivilegeEscalation and capabilities must be set)");
    }
}
