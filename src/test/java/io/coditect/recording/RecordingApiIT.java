package io.coditect.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.Terminals;
import io.coditect.testing.TestIdentityProvider;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Session recording on a real standalone server (protocol.md, "Session recording"): a workspace
 * whose owner switched recording on records a real bash session, which downloaded through the
 * API replays byte-exact what the client received; the recording is refused to other users (404),
 * to no token (401), and is the owner's and admins' alone.
 */
@ExtendWith(ArquillianExtension.class)
class RecordingApiIT {
    private final String alice = TestIdentityProvider.uniqueUser("alice");
    private final String aliceToken = TestIdentityProvider.token(alice);
    private final String bobToken = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("bob"));
    private final String adminToken = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("admin"), "user", "admin");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    private static String recordings(String workspaceId) {
        return "/api/v1/workspaces/" + workspaceId + "/recordings";
    }

    private static List<JsonObject> listed(String workspaceId, String token) {
        Api.Reply reply = Api.get(recordings(workspaceId), token);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().getJsonArray("recordings").getValuesAs(JsonObject.class);
    }

    private static void recordWithInput(String workspaceId, String token) {
        Api.Reply put = Api.method("PUT", "/api/v1/workspaces/" + workspaceId + "/recording", token,
                "{\"enabled\":true,\"input\":true}");
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().getJsonObject("effective").getBoolean("enabled")).isTrue();
    }

    @Test
    void scriptedSession_downloadedRecording_replaysByteExactWhatTheClientReceived() {
        String id = Terminals.workspace(aliceToken);
        recordWithInput(id, aliceToken);
        String terminal = Terminals.bash(aliceToken, id);
        byte[] received;
        try (TerminalSocket socket = TerminalSocket.attach(id, terminal, aliceToken, "")) {
            socket.attached();
            // Known bytes: colours, UTF-8 of two, three and four bytes, a tab, a bell and quotes.
            socket.type("printf '\\033[1;32mgreen\\033[0m \\303\\251 \\342\\202\\254 \\360\\237\\230\\200 \\t\\a \"q\"\\n'\r");
            socket.awaitText("green");
            socket.resize(120, 40);
            socket.type("stty size\r");
            socket.awaitText("40 120");
            socket.type("exit\r");
            socket.awaitEvent("exit");
            received = socket.bytes();
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> listed(id, aliceToken).stream()
                .anyMatch(info -> !info.isNull("endedAt")));
        JsonObject info = listed(id, aliceToken).getFirst();
        assertThat(info.getString("terminal")).isEqualTo(terminal);
        assertThat(info.getBoolean("input")).isTrue();
        Api.Reply download = Api.get(recordings(id) + "/" + info.getString("id"), aliceToken);
        assertThat(download.status()).as(download.toString()).isEqualTo(200);
        assertThat(download.header("Content-Type")).startsWith("application/x-asciicast");

        Cast cast = Cast.parse(download.body());
        assertThat(cast.header().getInt("version")).isEqualTo(2);
        assertThat(cast.header().getInt("width")).isEqualTo(80);
        assertThat(cast.bytes("o")).isEqualTo(received);
        assertThat(new String(received, StandardCharsets.UTF_8)).startsWith("\r\n[this session is being recorded]\r\n")
                .contains("\u001b[1;32mgreen\u001b[0m é € 😀 \t\u0007 \"q\"");
        assertThat(cast.data("r")).containsExactly("120x40");
        assertThat(String.join("", cast.data("i"))).isEqualTo(
                "printf '\\033[1;32mgreen\\033[0m \\303\\251 \\342\\202\\254 \\360\\237\\230\\200 \\t\\a \"q\"\\n'\rstty size\rexit\r");
        assertThat(cast.timesAscend()).isTrue();
    }

    @Test
    void recordings_ownerAndAdmins_only_strangersNotFound_noTokenUnauthorized() {
        String id = Terminals.workspace(aliceToken);
        recordWithInput(id, aliceToken);
        String terminal = Terminals.bash(aliceToken, id);
        assertThat(Api.delete(Terminals.path(id) + "/" + terminal, aliceToken).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(20)).until(() -> !listed(id, aliceToken).isEmpty());
        String recording = listed(id, aliceToken).getFirst().getString("id");
        String download = recordings(id) + "/" + recording;

        assertThat(listed(id, adminToken)).extracting(info -> info.getString("id")).containsExactly(recording);
        assertThat(Api.get(download, adminToken).status()).isEqualTo(200);
        for (String path : List.of(recordings(id), download, "/api/v1/workspaces/" + id + "/recording")) {
            Api.Reply stranger = Api.get(path, bobToken);
            assertThat(stranger.status()).as(path).isEqualTo(404);
            assertThat(stranger.json().getString("error")).isEqualTo("workspace_not_found");
            assertThat(Api.get(path, null).status()).as(path).isEqualTo(401);
        }
        Api.Reply strangerPut = Api.method("PUT", "/api/v1/workspaces/" + id + "/recording", bobToken,
                "{\"enabled\":false,\"input\":false}");
        assertThat(strangerPut.status()).isEqualTo(404);

        Api.Reply unknown = Api.get(recordings(id) + "/rec-0000000000001-deadbeef", aliceToken);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().getString("error")).isEqualTo("recording_not_found");
        assertThat(Api.get(recordings(id) + "/rec-..-etc", aliceToken).status()).isEqualTo(404);
        Api.Reply bad = Api.method("PUT", "/api/v1/workspaces/" + id + "/recording", aliceToken, "[1,2]");
        assertThat(bad.status()).isEqualTo(400);

        List<String> actions = Api.get("/api/v1/workspaces/" + id + "/audit", aliceToken).json().getJsonArray("events")
                .getValuesAs(JsonObject.class).stream().map(event -> event.getString("action")).toList();
        assertThat(actions).contains("recording.policy", "recording.start", "recording.download");
    }

    @Test
    void workspaceWithoutRecording_recordsNothing() {
        String id = Terminals.workspace(aliceToken);
        String terminal = Terminals.bash(aliceToken, id);
        try (TerminalSocket socket = TerminalSocket.attach(id, terminal, aliceToken, "")) {
            socket.attached();
            socket.type("echo unrecorded\r");
            socket.awaitText("unrecorded");
            assertThat(socket.text()).doesNotContain("being recorded");
        }

        assertThat(listed(id, aliceToken)).isEmpty();
        JsonObject policy = Api.get("/api/v1/workspaces/" + id + "/recording", aliceToken).json();
        assertThat(policy.getJsonObject("effective").getBoolean("enabled")).isFalse();
    }
}
