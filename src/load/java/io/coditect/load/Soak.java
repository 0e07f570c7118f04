package io.coditect.load;

import io.coditect.testing.Api;
import io.coditect.testing.LibertyServer;
import io.coditect.testing.TestIdentityProvider;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The load and soak tool: plays {@link VirtualUser}s against two gateway replicas behind HAProxy
 * (started here, see {@link GatewayDeployment}) or a running standalone server, step by step, while
 * the replicas are drained and killed ({@link Chaos}) and the servers watched
 * ({@link ServerSampler}); writes CSV files, SVG charts and {@code summary.md} to the results
 * directory. {@code scripts/load.sh} runs it; arguments in {@link LoadSettings}.
 */
public final class Soak {
    /** What the run found, for the build's short version to check. */
    public record Result(long lostBytes, long duplicateBytes, long lostLines, long duplicateLines, Map<String, Long> unexpectedErrors,
                         Map<String, Long> expectedErrors, int drains, int drainsSeenDown, int kills, int restarts, long keys,
                         long reattaches, long drops, long jobs, long floods, long fileOps, long bytes, long[] latencies) {
    }

    /** The mock Kubernetes API server logs every request at INFO; a long run needs none of that. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        Result result = run(LoadSettings.parse(args));
        boolean clean = result.lostBytes() == 0 && result.duplicateBytes() == 0 && result.lostLines() == 0
                && result.duplicateLines() == 0 && result.unexpectedErrors().isEmpty();
        System.out.println(clean ? "RESULT clean: no byte lost or duplicated, no unexpected error"
                : "RESULT NOT clean: see summary.md and errors.log");
        System.exit(clean ? 0 : 1);
    }

    /** A file {@code stop} in the results directory ends the run early, with its checks and summary. */
    private static boolean stopRequested(LoadSettings settings) {
        return Files.exists(settings.out().resolve("stop"));
    }

    public static Result run(String... args) throws Exception {
        return run(LoadSettings.parse(args));
    }

    static Result run(LoadSettings settings) throws Exception {
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        Files.createDirectories(settings.out());
        Recorder recorder = new Recorder(settings.out());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        GatewayDeployment deployment = null;
        Instant began = Instant.now();
        String pressureBefore = Files.readString(java.nio.file.Path.of("/proc/pressure/cpu")).lines().findFirst().orElse("");
        try {
            URI entry;
            List<String> users = new ArrayList<>();
            List<String> workspaces = new ArrayList<>();
            List<ServerSampler.Watched> watched = new ArrayList<>();
            Chaos chaos;
            if (settings.deploysGateways()) {
                deployment = new GatewayDeployment(settings.wlp(), settings.gatewayTemplate(), settings.agentTemplate(), settings.port(),
                        settings.out().resolve("deployment"), settings.serverEnvironment(), settings.firstAgentEnvironment());
                System.out.printf("starting two gateway replicas, %d agents and HAProxy%n", settings.agents());
                deployment.start(settings.agents(), "load");
                entry = deployment.entry();
                // User i works in workspace i modulo the agents, as its owner (see LoadSettings: --agents).
                for (int i = 0; i < settings.maxUsers(); i++) {
                    String owner = deployment.owners().get(i % settings.agents());
                    users.add(owner);
                    workspaces.add(deployment.workspaceOf(owner));
                }
                for (LibertyServer gateway : deployment.gateways()) {
                    watched.add(new ServerSampler.Watched(gateway.name().replaceAll(".*-", "gateway-"), "gateway", gateway::process,
                            gateway.baseUri(), true));
                }
                for (int i = 0; i < deployment.agents().size(); i++) {
                    LibertyServer agent = deployment.agents().get(i);
                    watched.add(new ServerSampler.Watched("agent-" + (i + 1), "agent", agent::process, agent.baseUri(), i == 0));
                }
                chaos = Chaos.of(deployment.gateways(), settings.drainEvery(), settings.killAt(), recorder, settings.out());
            } else {
                entry = URI.create(settings.url());
                for (int i = 0; i < settings.maxUsers(); i++) {
                    String user = TestIdentityProvider.uniqueUser("load" + (i + 1));
                    Api.Reply created = Api.at(entry).post("/api/v1/workspaces", TestIdentityProvider.token(user), "{\"name\":\"load\"}");
                    if (created.status() != 201) {
                        throw new IllegalStateException("workspace for " + user + ": " + created);
                    }
                    users.add(user);
                    workspaces.add(created.json().getString("id"));
                }
                if (settings.pid() > 0) {
                    watched.add(new ServerSampler.Watched("standalone", "standalone", () -> ProcessHandle.of(settings.pid()), entry, true));
                }
                chaos = Chaos.none(recorder, settings.out());
            }
            ServerSampler sampler = new ServerSampler(watched, recorder, settings.sample(), settings.out());
            sampler.start();
            chaos.start();
            List<VirtualUser> running = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (LoadSettings.Step step : settings.steps()) {
                String phase = step.users() + " users";
                recorder.startPhase(phase);
                System.out.printf(Locale.ROOT, "[%6.0f s] step: %s for %s%n", recorder.seconds(), phase, step.duration());
                int adding = step.users() - running.size();
                long stepEnd = System.nanoTime() + step.duration().toNanos();
                for (int i = 0; i < adding; i++) {
                    int index = running.size();
                    VirtualUser user = new VirtualUser(index + 1, users.get(index), workspaces.get(index), entry, step.terminals(),
                            recorder, chaos, http);
                    running.add(user);
                    threads.add(Thread.ofPlatform().name("user-" + (index + 1)).start(user));
                    if (adding > 1) {
                        Thread.sleep(settings.rampUp().toMillis() / adding);
                    }
                }
                while (System.nanoTime() < stepEnd && !stopRequested(settings)) {
                    Thread.sleep(Math.min(5000, Math.max(1, (stepEnd - System.nanoTime()) / 1_000_000)));
                }
                if (stopRequested(settings)) {
                    System.out.printf(Locale.ROOT, "[%6.0f s] stop requested (%s)%n", recorder.seconds(), settings.out().resolve("stop"));
                    break;
                }
            }
            System.out.printf(Locale.ROOT, "[%6.0f s] stopping the users%n", recorder.seconds());
            running.forEach(VirtualUser::stop);
            chaos.close();
            for (Thread thread : threads) {
                thread.join(Duration.ofMinutes(6));
                if (thread.isAlive()) {
                    recorder.error("user_did_not_finish", false, thread.getName());
                }
            }
            sampler.close();
            recorder.close();
            Result result = new Result(recorder.lostBytes.get(), recorder.duplicateBytes.get(),
                    running.stream().mapToLong(VirtualUser::lostLines).sum(), running.stream().mapToLong(VirtualUser::duplicateLines).sum(),
                    recorder.unexpectedErrors(), recorder.expectedErrors(), chaos.drains.get(), chaos.drainsSeenDown.get(),
                    chaos.kills.get(), chaos.restarts.get(), recorder.keys.get(), recorder.reattaches.get(), recorder.drops.get(),
                    recorder.jobs.get(), recorder.floods.get(), recorder.fileOps.get(), recorder.bytes.get(), recorder.allLatencies());
            Report report = new Report(settings.out(), settings.warmUp().toSeconds());
            report.charts();
            Summary.write(settings, result, recorder.phaseLatencies(), report, began, pressureBefore, recorder.seconds());
            return result;
        } finally {
            if (deployment != null) {
                deployment.close();
            }
        }
    }

}
