package io.coditect.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.ServerLogs;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.Terminals;
import io.coditect.testing.TestIdentityProvider;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.jboss.arquillian.container.test.api.ContainerController;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The store users of a real server, on a store that behaves like FoundationDB under faults: the
 * product's WAR plus {@link FaultInjectingStoreAlternative} (test code, in this deployment only), so
 * every transaction of the server may commit and run again (as after {@code commit_unknown_result}),
 * fail before its commit or conflict, at {@link FaultInjectingStore.Rates#standard()}. Concurrent
 * requests play the replicas. The workspace state machine, both quotas and session
 * saving across a restart must come out with no stuck or duplicated state; the rates, the seed and the
 * number of bodies that ran again (from the server's log) are printed and must not be 0. It runs on
 * the restart server, whose tests stop and start it. Attach tickets and the session registry are
 * in the store only in the gateway role (a standalone server keeps tickets in memory): their unit
 * tests run under the same store ({@code StoredAttachTicketsTest}, {@code SessionRegistryTest}).
 */
@ExtendWith(ArquillianExtension.class)
class StoreFaultsRestartIT {
    private static final String SERVER = "liberty-restart-it";
    private static final String APPLICATION = "coditect-store-faults";
    private static final Duration START = Duration.ofSeconds(300);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern REPORT = Pattern.compile(Pattern.quote(FaultInjectingStoreAlternative.REPORT)
            + "closing; (.*?(\\d+) transactions, (\\d+) bodies re-run \\((\\d+) after a commit.*)");

    private record Report(long transactions, long rerunBodies, long rerunAfterCommit) {
    }

    private record SavedSession(String workspace, String terminal, long offset) {
    }

    @ArquillianResource
    private ContainerController server;

    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = APPLICATION, managed = false, testable = false)
    @TargetsContainer(SERVER)
    static WebArchive deployment() {
        return Deployments.product()
                .addClasses(FaultInjectingStore.class, FaultInjectingStoreAlternative.class);
    }

    @Test
    void storeUsers_underInjectedFaults_noStuckOrDuplicatedState() throws Exception {
        String alice = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("alice"));
        List<String> secrets = new ArrayList<>(List.of(alice));
        server.start(SERVER);
        try {
            deployer.deploy(APPLICATION);
            awaitApplication(alice);

            workspaceStateMachine_everyTransitionLandsOnce();
            runningQuota_concurrentCreates_exactlyTheLimit();
            workspaceQuota_eleventhRefused();
            SavedSession saved = sessionWithState(alice);

            server.stop(SERVER);
            server.start(SERVER);
            awaitApplication(alice);

            sessionRestored(alice, saved);
            deployer.undeploy(APPLICATION);

            String logs = ServerLogs.read(serverLogs());
            List<Report> reports = new ArrayList<>();
            for (Matcher report = REPORT.matcher(logs); report.find(); ) {
                System.out.println("StoreFaultsRestartIT: " + report.group(1));
                reports.add(new Report(Long.parseLong(report.group(2)), Long.parseLong(report.group(3)),
                        Long.parseLong(report.group(4))));
            }
            assertThat(reports).as("the fault-injecting store's report when the application stopped, once per run")
                    .hasSize(2).allSatisfy(report -> assertThat(report.transactions()).isPositive());
            // Summed over both runs: the run after the restart has only a few transactions.
            assertThat(reports.stream().mapToLong(Report::rerunBodies).sum()).as("bodies re-run").isPositive();
            assertThat(reports.stream().mapToLong(Report::rerunAfterCommit).sum()).as("bodies re-run after a commit")
                    .isPositive();
            ServerLogs.assertNoSecrets("the store-faults server", logs, secrets);
        } finally {
            server.stop(SERVER);
        }
    }

    /** Create, stop, stop again, start, delete: each lands once, none stays starting or stopping. */
    private void workspaceStateMachine_everyTransitionLandsOnce() {
        String bob = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("bob"));
        for (int round = 0; round < 4; round++) {
            String id = create(bob, "cycle " + round).json().getString("id");
            assertThat(status(bob, id)).isEqualTo("running");
            assertThat(Api.post(path(id) + "/stop", bob, null).json().getString("status")).isEqualTo("stopped");
            assertThat(Api.post(path(id) + "/stop", bob, null).json().getString("status")).isEqualTo("stopped");
            assertThat(Api.post(path(id) + "/start", bob, null).json().getString("status")).isEqualTo("running");
            assertThat(status(bob, id)).isEqualTo("running");
            assertThat(Api.delete(path(id), bob).status()).isEqualTo(204);
            assertThat(Api.get(path(id), bob).status()).isEqualTo(404);
        }
        assertThat(Api.get("/api/v1/workspaces", bob).jsonArray()).isEmpty();
    }

    /**
     * Eight creates at once for one user: exactly three are running (no quota counted twice, none
     * let through twice) and the others are refused with the quota's code; stopping one admits one.
     */
    private void runningQuota_concurrentCreates_exactlyTheLimit() throws Exception {
        String carol = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("carol"));
        List<Api.Reply> replies;
        try (ExecutorService replicas = Executors.newFixedThreadPool(8)) {
            List<CompletableFuture<Api.Reply>> creates = IntStream.range(0, 8)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> create(carol, "racing " + i), replicas))
                    .toList();
            replies = creates.stream().map(CompletableFuture::join).toList();
        }
        assertThat(replies).filteredOn(reply -> reply.status() == 201).as(replies.toString()).hasSize(3);
        assertThat(replies).filteredOn(reply -> reply.status() != 201).as(replies.toString()).hasSize(5)
                .allSatisfy(reply -> {
                    assertThat(reply.status()).isEqualTo(409);
                    assertThat(reply.json().getString("error")).isEqualTo("running_quota_exceeded");
                });
        List<JsonObject> listed = Api.get("/api/v1/workspaces", carol).jsonArray().getValuesAs(JsonObject.class);
        assertThat(listed).hasSize(3).allSatisfy(w -> assertThat(w.getString("status")).isEqualTo("running"));

        String first = listed.getFirst().getString("id");
        assertThat(Api.post(path(first) + "/stop", carol, null).json().getString("status")).isEqualTo("stopped");
        assertThat(create(carol, "fourth").status()).isEqualTo(201);
        Api.Reply restart = Api.post(path(first) + "/start", carol, null);
        assertThat(restart.status()).isEqualTo(409);
        assertThat(restart.json().getString("error")).isEqualTo("running_quota_exceeded");
        assertThat(status(carol, first)).isEqualTo("stopped");
    }

    private void workspaceQuota_eleventhRefused() {
        String dave = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("dave"));
        for (int i = 1; i <= 10; i++) {
            Api.Reply created = create(dave, "ws " + i);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            String id = created.json().getString("id");
            assertThat(Api.post(path(id) + "/stop", dave, null).json().getString("status")).isEqualTo("stopped");
        }
        Api.Reply refused = create(dave, "one too many");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().getString("error")).isEqualTo("workspace_quota_exceeded");
        assertThat(Api.get("/api/v1/workspaces", dave).jsonArray().getValuesAs(JsonObject.class))
                .hasSize(10).allSatisfy(w -> assertThat(w.getString("status")).isEqualTo("stopped"));
    }

    /** A shell with a directory, a variable and output, which the server saves. */
    private SavedSession sessionWithState(String alice) {
        String workspace = Terminals.workspace(alice);
        String terminal = Terminals.bash(alice, workspace);
        try (TerminalSocket socket = TerminalSocket.attach(workspace, terminal, alice, "")) {
            socket.type("cd /tmp\r");
            socket.type("export FAULTS=survived\r");
            socket.type("echo saved-$((6*7))\r");
            // Bash reports its state before each prompt: once the next command has run, it has.
            socket.type("echo next-$((2+3))\r");
            await().atMost(WAIT).untilAsserted(() -> assertThat(socket.text()).contains("next-5"));
            return new SavedSession(workspace, terminal, socket.offset());
        }
    }

    private void sessionRestored(String alice, SavedSession saved) {
        String workspace = saved.workspace();
        String terminal = saved.terminal();
        assertThat(Api.get(Terminals.path(workspace), alice).jsonArray().getValuesAs(JsonObject.class))
                .extracting(t -> t.getString("id") + ":" + t.getString("status"))
                .containsExactly(terminal + ":restorable");
        try (TerminalSocket replay = TerminalSocket.attach(workspace, terminal, alice, "?offset=0")) {
            replay.type("echo \"$(pwd)|$FAULTS|\"\r");
            await().atMost(WAIT).untilAsserted(() -> assertThat(replay.text()).contains("/tmp|survived|"));
            String text = replay.text();
            // A save whose body ran twice must not have appended its output twice.
            assertThat(text.split("saved-42", -1)).as("the saved output exactly once").hasSize(2);
            assertThat(text.indexOf("saved-42")).as("the saved output, before the banner")
                    .isBetween(0, text.indexOf("[session restored]"));
            assertThat(replay.offset()).isGreaterThan(saved.offset());
        }
        assertThat(Api.delete("/api/v1/workspaces/" + workspace, alice).status()).isEqualTo(204);
    }

    private static Api.Reply create(String token, String name) {
        return Api.post("/api/v1/workspaces", token, "{\"name\":\"" + name + "\"}");
    }

    private static String status(String token, String id) {
        return Api.get(path(id), token).json().getString("status");
    }

    private static String path(String id) {
        return "/api/v1/workspaces/" + id;
    }

    private static Path serverLogs() {
        return Path.of(System.getProperty("coditect.it.server-logs"));
    }

    private void awaitApplication(String token) {
        await().atMost(START).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> Api.get("/api/v1/workspaces", token).status() == 200);
    }
}
