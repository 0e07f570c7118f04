package io.coditect.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.health.ReadinessResource;
import io.coditect.platform.CoditectApplication;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The front door in both variants (Gateway API and Ingress): it routes to the gateways' Service, keeps
 * a WebSocket for an hour, drains as long as a gateway does and health-checks readiness.
 */
class FrontDoorTest {
    private static final String GATEWAY_API = "k8s/components/gateway-api";
    private static final String INGRESS = "k8s/components/ingress";
    /** A terminal's WebSocket must outlive GKE's default backend timeout (30 s) by far. */
    private static final int ONE_HOUR = 3600;
    /**
     * The readiness the load balancer asks, on the serving port (ReadinessResource): /health
     * answers on the management port, which the front door does not reach.
     */
    private static final String READY_PATH = CoditectApplication.class.getAnnotation(ApplicationPath.class).value()
            + ReadinessResource.class.getAnnotation(Path.class).value();

    private final Deployment deployment = Manifests.one("k8s/base", Deployment.class, "coditect-gateway");
    private final Container gateway = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
    private final Service service = Manifests.one("k8s/base", Service.class, "coditect-gateway");
    private final int servicePort = service.getSpec().getPorts().getFirst().getPort();

    @Test
    void httpRoute_sendsEveryPathOfItsHost_toTheGatewaysService_fromTheHttpsListener() {
        HTTPRoute route = Manifests.one(GATEWAY_API, HTTPRoute.class, "coditect-gateway");
        Gateway front = Manifests.one(GATEWAY_API, Gateway.class, "coditect");

        assertThat(route.getSpec().getParentRefs()).singleElement().satisfies(parent -> {
            assertThat(parent.getName()).isEqualTo(front.getMetadata().getName());
            assertThat(front.getSpec().getListeners()).anySatisfy(listener -> {
                assertThat(listener.getName()).isEqualTo(parent.getSectionName());
                assertThat(listener.getProtocol()).isEqualTo("HTTPS");
                assertThat(listener.getPort()).isEqualTo(443);
            });
        });
        assertThat(route.getSpec().getHostnames()).isNotEmpty();
        assertThat(route.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getMatches()).singleElement().satisfies(match -> {
                assertThat(match.getPath().getType()).isEqualTo("PathPrefix");
                assertThat(match.getPath().getValue()).isEqualTo("/");
            });
            assertThat(rule.getBackendRefs()).singleElement().satisfies(backend -> {
                assertThat(backend.getName()).isEqualTo(service.getMetadata().getName());
                assertThat(backend.getPort()).isEqualTo(servicePort);
            });
        });
    }

    @Test
    void gatewayApiTls_comesFromTheGatewaysCertificateMap() {
        Gateway front = Manifests.one(GATEWAY_API, Gateway.class, "coditect");

        assertThat(front.getMetadata().getAnnotations()).containsKey("networking.gke.io/certmap");
        assertThat(front.getSpec().getGatewayClassName()).startsWith("gke-l7-");
    }

    @Test
    void backendPolicy_keepsWebSocketsAnHour_andDrainsForTheGatewaysWholeGracePeriod() {
        GenericKubernetesResource policy = Manifests.generic(GATEWAY_API, "GCPBackendPolicy", "coditect-gateway");

        assertTargetsTheService(policy);
        assertThat(policy.<Integer>get("spec", "default", "timeoutSec")).isGreaterThanOrEqualTo(ONE_HOUR);
        assertThat(policy.<Integer>get("spec", "default", "connectionDraining", "drainingTimeoutSec"))
                .isEqualTo(gracePeriod());
    }

    @Test
    void healthCheckPolicy_asksReadiness_onTheServingPort() {
        GenericKubernetesResource policy = Manifests.generic(GATEWAY_API, "HealthCheckPolicy", "coditect-gateway");

        assertTargetsTheService(policy);
        assertThat(policy.<String>get("spec", "default", "config", "type")).isEqualTo("HTTP");
        assertThat(policy.<String>get("spec", "default", "config", "httpHealthCheck", "requestPath")).isEqualTo(READY_PATH);
        assertThat(policy.<Integer>get("spec", "default", "config", "httpHealthCheck", "port"))
                .isEqualTo(gateway.getPorts().getFirst().getContainerPort());
    }

    @Test
    void ingress_routesToTheGatewaysService_withTheManagedCertificate_andNoPlainHttp() {
        Ingress ingress = Manifests.one(INGRESS, Ingress.class, "coditect-gateway");
        GenericKubernetesResource certificate = Manifests.generic(INGRESS, "ManagedCertificate", "coditect");

        assertThat(ingress.getMetadata().getAnnotations())
                .containsEntry("networking.gke.io/managed-certificates", certificate.getMetadata().getName())
                .containsEntry("kubernetes.io/ingress.allow-http", "false");
        assertThat(ingress.getSpec().getRules()).singleElement().satisfies(rule -> {
            assertThat(certificate.<List<String>>get("spec", "domains")).containsExactly(rule.getHost());
            assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
                IngressBackend backend = path.getBackend();
                assertThat(path.getPath()).isEqualTo("/");
                assertThat(backend.getService().getName()).isEqualTo(service.getMetadata().getName());
                assertThat(backend.getService().getPort().getNumber()).isEqualTo(servicePort);
            });
        });
    }

    @Test
    void backendConfig_saysWhatTheGatewayApiPoliciesSay_andTheServiceUsesIt() {
        GenericKubernetesResource config = Manifests.generic(INGRESS, "BackendConfig", "coditect-gateway");
        Service patch = Manifests.one(INGRESS, Service.class, "coditect-gateway");

        assertThat(config.<Integer>get("spec", "timeoutSec")).isGreaterThanOrEqualTo(ONE_HOUR);
        assertThat(config.<Integer>get("spec", "connectionDraining", "drainingTimeoutSec")).isEqualTo(gracePeriod());
        assertThat(config.<String>get("spec", "healthCheck", "requestPath")).isEqualTo(READY_PATH);
        assertThat(config.<Integer>get("spec", "healthCheck", "port"))
                .isEqualTo(gateway.getPorts().getFirst().getContainerPort());
        assertThat(patch.getMetadata().getAnnotations())
                .containsEntry("cloud.google.com/backend-config", "{\"default\": \"" + config.getMetadata().getName() + "\"}")
                .containsEntry("cloud.google.com/neg", "{\"ingress\": true}");
    }

    private void assertTargetsTheService(GenericKubernetesResource policy) {
        assertThat(policy.<Map<String, Object>>get("spec", "targetRef"))
                .containsEntry("kind", "Service")
                .containsEntry("group", "")
                .containsEntry("name", service.getMetadata().getName());
    }

    /** The gateway's whole stop: preStop pause, drain and Liberty's quiesce (GatewayDeploymentTest checks the sum). */
    private int gracePeriod() {
        return deployment.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds().intValue();
    }
}
