package io.coditect.terminal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.Terminals;
import io.coditect.testing.TestIdentityProvider;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@ExtendWith(ArquillianExtension.class)
class TerminalApiIT {
    private final String ALICE = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("alice"));
    private final String BOB = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("bob"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Test
    void create_defaults_runningInWorkspaceRoot() {
        String workspace = Terminals.workspace(ALICE);

        Api.Reply reply = Api.post(Terminals.path(workspace), ALICE, "{}");

        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        JsonObject terminal = reply.json();
        assertThat(terminal.getString("id")).matches("t-[a-z0-9]{12}");
        assertThat(terminal.getString("workspaceId")).isEqualTo(workspace);
        assertThat(terminal.getString("shell")).isEqualTo("/bin/bash");
        assertThat(terminal.getString("cwd")).isEqualTo(".");
        assertThat(terminal.getInt("cols")).isEqualTo(80);
        assertThat(terminal.getInt("rows")).isEqualTo(24);
        assertThat(terminal.getString("status")).isEqualTo("running");
        assertThat(reply.header("Location")).endsWith(Terminals.path(workspace) + "/" + terminal.getString("id"));
    }

    @Test
    void create_cwdAndEnv_shellStartsThere() throws Exception {
        String workspace = Terminals.workspace(ALICE);
        Files.createDirectories(workspaceDir(workspace).resolve("src/app"));
        String terminal = Terminals.create(ALICE, workspace,
                "{\"cwd\":\"src/app\",\"env\":{\"GREETING\":\"hello\"},\"shell\":\"/bin/sh\"}");

        try (TerminalSocket socket = TerminalSocket.attach(workspace, terminal, ALICE, "")) {
            socket.attached();
            socket.type("echo \"$GREETING-$(basename \"$PWD\")-$((2*5))\"\n");
            socket.awaitText("hello-app-10");
        }
        assertThat(Api.get(Terminals.path(workspace) + "/" + terminal, ALICE).json().getString("cwd")).isEqualTo("src/app");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"cols\":0}                              | invalid_size",
        "{\"rows\":100000}                         | invalid_size",
        "{\"shell\":\"/usr/bin/python3\"}          | shell_not_allowed",
        "{\"cwd\":\"../..\"}                       | invalid_cwd",
        "{\"cwd\":\"/etc\"}                        | invalid_cwd",
        "{\"cwd\":\"no/such/dir\"}                 | invalid_cwd",
        "{\"env\":{\"1BAD\":\"x\"}}                | invalid_env",
        "{\"cols\":\"wide\"}                       | malformed_json",
    })
    void create_invalidRequest_badRequest(String body, String code) {
        String workspace = Terminals.workspace(ALICE);

        Api.Reply reply = Api.post(Terminals.path(workspace), ALICE, body);

        assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
        assertThat(reply.json().getString("error")).isEqualTo(code);
    }

    @Test
    void create_cwdSymlinkOutOfWorkspace_badRequest() throws Exception {
        String workspace = Terminals.workspace(ALICE);
        Files.createSymbolicLink(workspaceDir(workspace).resolve("escape"), Path.of("/tmp"));

        Api.Reply reply = Api.post(Terminals.path(workspace), ALICE, "{\"cwd\":\"escape\"}");

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().getString("error")).isEqualTo("invalid_cwd");
    }

    @Test
    void terminals_otherUser_notFoundLikeMissing() {
        String workspace = Terminals.workspace(ALICE);
        String terminal = Terminals.bash(ALICE, workspace);
        String one = Terminals.path(workspace) + "/" + terminal;

        for (Api.Reply reply : new Api.Reply[] {
            Api.get(Terminals.path(workspace), BOB),
            Api.post(Terminals.path(workspace), BOB, "{}"),
            Api.get(one, BOB),
            Api.delete(one, BOB),
            Api.post(one + "/tickets", BOB, null),
        }) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(404);
            assertThat(reply.json().getString("error")).isEqualTo("workspace_not_found");
        }
        assertThat(Api.get(one, ALICE).status()).isEqualTo(200);
        assertThat(Api.get(Terminals.path(workspace) + "/t-000000000000", ALICE).json().getString("error"))
                .isEqualTo("terminal_not_found");
    }

    @Test
    void create_stoppedWorkspace_conflict() {
        String workspace = Terminals.workspace(ALICE);
        assertThat(Api.post("/api/v1/workspaces/" + workspace + "/stop", ALICE, null).status()).isEqualTo(200);

        Api.Reply reply = Api.post(Terminals.path(workspace), ALICE, "{}");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().getString("error")).isEqualTo("workspace_not_running");
    }

    @Test
    void create_overTheLimit_conflictNamingTheSetting() {
        String workspace = Terminals.workspace(ALICE);
        for (int i = 0; i < 12; i++) {
            Terminals.create(ALICE, workspace, "{\"shell\":\"/bin/sh\"}");
        }

        Api.Reply reply = Api.post(Terminals.path(workspace), ALICE, "{\"shell\":\"/bin/sh\"}");

        assertThat(reply.status()).isEqualTo(409);
        assertThat(reply.json().getString("error")).isEqualTo("terminal_limit_reached");
        assertThat(reply.json().getString("message")).contains("coditect.terminal.max-per-workspace");
        assertThat(Api.get(Terminals.path(workspace), ALICE).jsonArray()).hasSize(12);
    }

    @Test
    void delete_runningCommand_processGroupEndsAndClientClosed() {
        String workspace = Terminals.workspace(ALICE);
        String terminal = Terminals.bash(ALICE, workspace);
        long shell;
        long child;
        try (TerminalSocket socket = TerminalSocket.attach(workspace, terminal, ALICE, "")) {
            socket.attached();
            socket.type("echo shell=$$; sh -c 'echo child=$$; exec sleep 600'\r");
            await().atMost(Duration.ofSeconds(10)).until(() -> pid(socket.text(), "child=") > 0);
            shell = pid(socket.text(), "shell=");
            child = pid(socket.text(), "child=");
            assertThat(alive(shell)).isTrue();
            assertThat(alive(child)).isTrue();

            assertThat(Api.delete(Terminals.path(workspace) + "/" + terminal, ALICE).status()).isEqualTo(204);

            assertThat(socket.awaitClose()).isEqualTo(4000);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> !alive(shell) && !alive(child));
        assertThat(Api.get(Terminals.path(workspace) + "/" + terminal, ALICE).status()).isEqualTo(404);
    }

    @Test
    void stopWorkspace_runningShell_shellEndsAndTerminalGone() {
        String workspace = Terminals.workspace(ALICE);
        String terminal = Terminals.bash(ALICE, workspace);
        long shell;
        try (TerminalSocket socket = TerminalSocket.attach(workspace, terminal, ALICE, "")) {
            socket.attached();
            socket.type("echo shell=$$\r");
            await().atMost(Duration.ofSeconds(10)).until(() -> pid(socket.text(), "shell=") > 0);
            shell = pid(socket.text(), "shell=");

            assertThat(Api.post("/api/v1/workspaces/" + workspace + "/stop", ALICE, null).status()).isEqualTo(200);

            assertThat(socket.awaitClose()).isEqualTo(4000);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> !alive(shell));
        assertThat(Api.post("/api/v1/workspaces/" + workspace + "/start", ALICE, null).status()).isEqualTo(200);
        assertThat(Api.get(Terminals.path(workspace), ALICE).jsonArray()).isEmpty();
    }

    @Test
    void metrics_terminalsInUse_publishedUnderTheirContractNames() {
        String workspace = Terminals.workspace(ALICE);
        String terminal = Terminals.bash(ALICE, workspace);
        try (TerminalSocket socket = TerminalSocket.attach(workspace, terminal, ALICE, "")) {
            socket.attached();
            socket.type("echo m-$((9*9))\r");
            socket.awaitText("m-81");

            String metrics = Api.management().get("/metrics?scope=application", (String) null).body();

            assertThat(metrics).contains("coditect_terminals_live", "coditect_terminals_attached_clients",
                    "coditect_terminals_bytes_in_total", "coditect_terminals_bytes_out_total",
                    "coditect_terminals_reattaches_total", "coditect_terminals_flow_control_pauses_total");
            assertThat(TerminalFlowControlIT.metric("coditect_terminals_live")).isGreaterThanOrEqualTo(1);
            assertThat(TerminalFlowControlIT.metric("coditect_terminals_attached_clients")).isGreaterThanOrEqualTo(1);
            assertThat(TerminalFlowControlIT.metric("coditect_terminals_bytes_in_total")).isPositive();
        }
    }

    private static Path workspaceDir(String workspace) {
        return Path.of(System.getProperty("coditect.it.data-dir"), "workspaces", workspace);
    }

    private static long pid(String output, String label) {
        Matcher matcher = Pattern.compile("(?m)^" + label + "(\\d+)").matcher(output);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
