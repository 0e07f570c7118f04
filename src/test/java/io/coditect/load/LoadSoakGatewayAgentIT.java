package io.coditect.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coditect.testing.Api;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The load tool's short version in the build: three users against two gateway replicas behind
 * HAProxy (one agent each) for two minutes, one replica drained (SIGTERM) and restarted, one
 * killed (SIGKILL) and restarted. Every output byte arrives exactly once across the re-attaches,
 * readiness is seen DOWN during the drain, and nothing fails that a stopping replica does not
 * explain. Latency and memory are the long runs' business (scripts/load.sh, docs/benchmarks.md):
 * nothing here is timed.
 *
 * <p>Ports: the build's IT HTTP port plus 20 (HAProxy), 21 and 22 (the replicas), 25 (the mock
 * Kubernetes API) and 26 (the agents, each on its own loopback address), and each server's
 * management port 40 above its own (61, 62, 66).
 */
class LoadSoakGatewayAgentIT {
    @Test
    void twoReplicas_drainedAndKilledUnderLoad_everyByteOnce_noUnexpectedError() throws Exception {
        assumeTrue(HaProxy.installed().isPresent(), HaProxy.NOT_INSTALLED + ": the load run is skipped");
        int itPort = Api.baseUri().getPort();
        Soak.Result result = Soak.run("--users=3", "--agents=1", "--duration=2m", "--ramp-up=10s", "--terminals=3",
                "--drain-every=20s", "--kill-at=40s", "--port=" + (itPort + 20), "--warm-up=30s", "--sample=5s",
                "--wlp=" + System.getProperty("coditect.it.wlp", "target/liberty/wlp"),
                "--gateway-template=" + System.getProperty("coditect.it.gateway-server"),
                "--agent-template=" + System.getProperty("coditect.it.agent-server"),
                "--out=" + Path.of("target/load/it"));

        assertThat(result.unexpectedErrors()).as("unexpected errors (target/load/it/errors.log)").isEmpty();
        assertThat(result.lostBytes()).as("bytes lost").isZero();
        assertThat(result.duplicateBytes()).as("bytes duplicated").isZero();
        assertThat(result.lostLines()).as("numbered lines lost").isZero();
        assertThat(result.duplicateLines()).as("numbered lines duplicated").isZero();
        assertThat(result.drains()).as("drains").isGreaterThanOrEqualTo(1);
        assertThat(result.drainsSeenDown()).as("drains with readiness seen DOWN").isEqualTo(result.drains());
        assertThat(result.kills()).as("kills").isEqualTo(1);
        assertThat(result.restarts()).as("restarts").isEqualTo(result.drains() + result.kills());
        assertThat(result.reattaches()).as("re-attaches").isPositive();
        assertThat(result.jobs()).as("jobs finished").isPositive();
        assertThat(result.keys()).as("keys typed").isPositive();
        assertThat(result.fileOps()).as("files written and read back").isPositive();
        assertThat(result.bytes()).as("bytes checked").isPositive();
    }
}
