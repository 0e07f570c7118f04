package io.coditect.recording;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.testing.Api;
import io.coditect.testing.GatewayAgentPair;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.TestIdentityProvider;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Session recording through a gateway and an agent, two real Liberty servers on loopback
 * ({@link GatewayAgentPair}): the policy is set at the gateway, the agent records the terminal it
 * runs on the workspace's volume as the gateway told it with the create, the gateway copies it into
 * its own store, and the recording is listed and downloaded through the gateway, replaying
 * byte-exact what the client received. Other
 * users get 404, no token 401, and each audit event is written once, by the gateway.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordingGatewayAgentIT {
    private static final String SCRIPT =
            "printf '\\033[1;32mgreen\\033[0m \\303\\251 \\342\\202\\254 \\360\\237\\230\\200 \\t\\a \"q\"\\n'\r";

    private final GatewayAgentPair pair = GatewayAgentPair.ofBuild();
    private final String alice = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("alice"));
    private final String bob = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("bob"));
    private final String admin = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("admin"), "user", "admin");
    private Api.Target gateway;
    private String workspace;

    @BeforeAll
    void startServers() {
        workspace = pair.start(() -> alice, "recorded");
        gateway = pair.viaGateway();
    }

    @AfterAll
    void stopServers() {
        pair.close();
    }

    private String path(String rest) {
        return "/api/v1/workspaces/" + workspace + rest;
    }

    private String createTerminal() {
        Api.Reply reply = gateway.post(path("/terminals"), alice, "{\"cols\":80,\"rows\":24,\"shell\":\"/bin/bash\"}");
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json().getString("id");
    }

    private TerminalSocket attach(String terminal) {
        return TerminalSocket.open(pair.gateway().baseUri(), TerminalSocket.attachPath(workspace, terminal),
                Map.of("Authorization", "Bearer " + alice));
    }

    private List<JsonObject> listed(String token) {
        Api.Reply reply = gateway.get(path("/recordings"), token);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().getJsonArray("recordings").getValuesAs(JsonObject.class);
    }

    private List<JsonObject> auditEvents(String action) {
        Api.Reply reply = gateway.get(path("/audit?action=" + action + "&limit=500"), alice);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().getJsonArray("events").getValuesAs(JsonObject.class);
    }

    private Api.Reply put(String token, String json) {
        return Api.send(gateway.request(path("/recording"), token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    @Test
    void policyAtTheGateway_sessionRecordedByTheAgent_listedAndDownloadedByteExact_eventsOnce() {
        // Before the policy: the gateway tells the agent not to record.
        String unrecorded = createTerminal();
        try (TerminalSocket socket = attach(unrecorded)) {
            socket.attached();
            socket.type("echo plain-$((6*7))\r");
            socket.awaitText("plain-42");
            assertThat(socket.text()).doesNotContain("being recorded");
        }
        assertThat(listed(alice)).isEmpty();

        Api.Reply set = put(alice, "{\"enabled\":true,\"input\":true}");
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().getJsonObject("effective").getBoolean("input")).isTrue();
        assertThat(gateway.get(path("/recording"), alice).json().getJsonObject("workspace").getBoolean("enabled")).isTrue();

        String terminal = createTerminal();
        byte[] received;
        try (TerminalSocket socket = attach(terminal)) {
            socket.attached();
            socket.type(SCRIPT);
            socket.awaitText("green");
            socket.resize(120, 40);
            socket.type("stty size\r");
            socket.awaitText("40 120");
            socket.type("exit\r");
            socket.awaitEvent("exit");
            received = socket.bytes();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> listed(alice).stream().anyMatch(info -> !info.isNull("endedAt")));
        JsonObject info = listed(alice).getFirst();
        assertThat(listed(alice)).hasSize(1);
        assertThat(info.getString("terminal")).isEqualTo(terminal);
        assertThat(info.getString("workspace")).isEqualTo(workspace);
        assertThat(info.getBoolean("input")).isTrue();
        assertThat(info.getString("copy")).as("served from the gateway's copy").isEqualTo("complete");
        String recording = info.getString("id");
        assertThat(RecordingIds.isWellFormed(recording)).isTrue();

        Api.Reply download = gateway.get(path("/recordings/" + recording), alice);
        assertThat(download.status()).as(download.toString()).isEqualTo(200);
        assertThat(download.header("Content-Type")).startsWith("application/x-asciicast");
        assertThat(download.header("Content-Disposition")).isEqualTo("attachment; filename=\"" + recording + ".cast\"");
        Cast cast = Cast.parse(download.body());
        assertThat(cast.header().getInt("version")).isEqualTo(2);
        assertThat(cast.header().getInt("width")).isEqualTo(80);
        assertThat(cast.bytes("o")).isEqualTo(received);
        assertThat(new String(received, StandardCharsets.UTF_8)).startsWith("\r\n[this session is being recorded]\r\n")
                .contains("\u001b[1;32mgreen\u001b[0m é € 😀 \t\u0007 \"q\"");
        assertThat(cast.data("r")).containsExactly("120x40");
        assertThat(String.join("", cast.data("i"))).isEqualTo(SCRIPT + "stty size\rexit\r");
        assertThat(cast.timesAscend()).isTrue();

        assertThat(listed(admin)).extracting(listedInfo -> listedInfo.getString("id")).containsExactly(recording);
        assertThat(gateway.get(path("/recordings/" + recording), admin).status()).isEqualTo(200);

        assertThat(auditEvents("recording.policy")).singleElement().satisfies(event ->
                assertThat(event.getJsonObject("details").getString("enabled")).isEqualTo("true"));
        assertThat(auditEvents("recording.start")).singleElement().satisfies(event -> {
            assertThat(event.getString("terminal")).isEqualTo(terminal);
            assertThat(event.getJsonObject("details").getString("recording")).isEqualTo(recording);
            assertThat(event.getJsonObject("details").getString("input")).isEqualTo("true");
        });
        assertThat(auditEvents("recording.download")).hasSize(2)
                .allSatisfy(event -> assertThat(event.getJsonObject("details").getString("recording")).isEqualTo(recording));
        // The agent writes none of them (its gateway does): nothing leaves its export log.
        assertThat(pair.agent().messages("\"recording.")).isEmpty();
        assertThat(pair.gateway().messages("\"recording.start\"")).hasSize(1);
    }

    @Test
    void strangersNotFound_noTokenUnauthorized_badIdsNotFound() {
        String recordings = path("/recordings");
        String someRecording = recordings + "/rec-0000000000001-deadbeef";
        for (String target : List.of(recordings, someRecording, path("/recording"))) {
            Api.Reply stranger = gateway.get(target, bob);
            assertThat(stranger.status()).as(target).isEqualTo(404);
            assertThat(stranger.json().getString("error")).isEqualTo("workspace_not_found");
            assertThat(gateway.get(target, (String) null).status()).as(target).isEqualTo(401);
        }
        assertThat(put(bob, "{\"enabled\":false,\"input\":false}").status()).isEqualTo(404);
        assertThat(put(null, "{\"enabled\":false,\"input\":false}").status()).isEqualTo(401);

        Api.Reply unknown = gateway.get(someRecording, alice);
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        assertThat(unknown.json().getString("error")).isEqualTo("recording_not_found");
        for (String bad : List.of("rec-..-etc", "rec-0000000000001-DEADBEEF", "rec-0000000000001-deadbeef..")) {
            Api.Reply reply = gateway.get(recordings + "/" + bad, alice);
            assertThat(reply.status()).as(bad + ": " + reply).isEqualTo(404);
        }
        assertThat(put(alice, "[1,2]").status()).isEqualTo(400);
    }
}
