package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.recording.Cast;
import io.coditect.recording.RecordingIds;
import io.coditect.testing.Api;
import io.coditect.testing.TerminalSocket;
import io.coditect.testing.TestIdentityProvider;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Session recording through a gateway and an agent, two real Liberty servers on loopback (the
 * shared pair of {@link GatewayAgentFixture}): the policy is set at the gateway, the agent records
 * the terminal it runs on the workspace's volume as the gateway told it with the create, the
 * gateway copies it into its own store, and the recording is listed and downloaded through the
 * gateway, replaying byte-exact what the client received. Other users get 404, no token 401, and
 * each audit event is written once, by the gateway. Other classes on the pair record in the same
 * workspace, so what is checked is this class's terminals' recordings and events; the workspace's
 * recording is switched off again at the end.
 */
class RecordingGatewayAgentIT extends GatewayAgentFixture {
    private static final String SCRIPT =
            "printf '\\033[1;32mgreen\\033[0m \\303\\251 \\342\\202\\254 \\360\\237\\230\\200 \\t\\a \"q\"\\n'\r";

    private final String bob = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("bob"));
    private final String admin = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("admin"), "user", "admin");

    @AfterAll
    void recordingOff() {
        assertThat(put(token(), "{\"enabled\":false,\"input\":false}").status()).isEqualTo(200);
    }

    private String path(String rest) {
        return "/api/v1/workspaces/" + workspace + rest;
    }

    private List<JsonObject> listed(String token) {
        Api.Reply reply = viaGateway().get(path("/recordings"), token);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().getJsonArray("recordings").getValuesAs(JsonObject.class);
    }

    /** The recordings listed to the workspace's owner of {@code terminal}. */
    private List<JsonObject> listedOf(String terminal) {
        return listed(token()).stream().filter(info -> info.getString("terminal").equals(terminal)).toList();
    }

    private List<JsonObject> auditEvents(String action) {
        Api.Reply reply = viaGateway().get(path("/audit?action=" + action + "&limit=500"), token());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().getJsonArray("events").getValuesAs(JsonObject.class);
    }

    private Api.Reply put(String token, String json) {
        return Api.send(viaGateway().request(path("/recording"), token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static Set<String> ids(List<JsonObject> listed) {
        return listed.stream().map(info -> info.getString("id")).collect(Collectors.toSet());
    }

    @Test
    void policyAtTheGateway_sessionRecordedByTheAgent_listedAndDownloadedByteExact_eventsOnce() {
        // Before the policy: the gateway tells the agent not to record.
        assertThat(viaGateway().get(path("/recording"), token()).json().getJsonObject("workspace").getBoolean("enabled")).isFalse();
        String unrecorded = createTerminal();
        try (TerminalSocket socket = attach(unrecorded, "")) {
            socket.attached();
            socket.type("echo plain-$((6*7))\r");
            socket.awaitText("plain-42");
            assertThat(socket.text()).doesNotContain("being recorded");
        }
        assertThat(listedOf(unrecorded)).isEmpty();

        Set<String> policyEventsBefore = ids(auditEvents("recording.policy"));
        Api.Reply set = put(token(), "{\"enabled\":true,\"input\":true}");
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(set.json().getJsonObject("effective").getBoolean("input")).isTrue();
        assertThat(viaGateway().get(path("/recording"), token()).json().getJsonObject("workspace").getBoolean("enabled")).isTrue();

        String terminal = createTerminal();
        byte[] received;
        try (TerminalSocket socket = attach(terminal, "")) {
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

        await().atMost(Duration.ofSeconds(30)).until(() -> listedOf(terminal).stream().anyMatch(info -> !info.isNull("endedAt")));
        assertThat(listedOf(unrecorded)).isEmpty();
        JsonObject info = listedOf(terminal).getFirst();
        assertThat(listedOf(terminal)).hasSize(1);
        assertThat(info.getString("terminal")).isEqualTo(terminal);
        assertThat(info.getString("workspace")).isEqualTo(workspace);
        assertThat(info.getBoolean("input")).isTrue();
        assertThat(info.getString("copy")).as("served from the gateway's copy").isEqualTo("complete");
        String recording = info.getString("id");
        assertThat(RecordingIds.isWellFormed(recording)).isTrue();

        Api.Reply download = viaGateway().get(path("/recordings/" + recording), token());
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

        // The admin sees what the owner sees, this recording among it.
        assertThat(ids(listed(admin))).contains(recording).isEqualTo(ids(listed(token())));
        assertThat(viaGateway().get(path("/recordings/" + recording), admin).status()).isEqualTo(200);

        assertThat(auditEvents("recording.policy")).filteredOn(event -> !policyEventsBefore.contains(event.getString("id")))
                .singleElement().satisfies(event ->
                        assertThat(event.getJsonObject("details").getString("enabled")).isEqualTo("true"));
        assertThat(auditEvents("recording.start")).filteredOn(event -> List.of(unrecorded, terminal).contains(event.getString("terminal")))
                .singleElement().satisfies(event -> {
                    assertThat(event.getString("terminal")).isEqualTo(terminal);
                    assertThat(event.getJsonObject("details").getString("recording")).isEqualTo(recording);
                    assertThat(event.getJsonObject("details").getString("input")).isEqualTo("true");
                });
        assertThat(auditEvents("recording.download"))
                .filteredOn(event -> event.getJsonObject("details").getString("recording").equals(recording)).hasSize(2);
        // The agent writes none of them (its gateway does): nothing leaves its export log.
        assertThat(agent.messages("\"recording.")).isEmpty();
        assertThat(gateway.messages("\"recording.start\"")).filteredOn(line -> line.contains(recording)).hasSize(1);
    }

    @Test
    void strangersNotFound_noTokenUnauthorized_badIdsNotFound() {
        String recordings = path("/recordings");
        String someRecording = recordings + "/rec-0000000000001-deadbeef";
        for (String target : List.of(recordings, someRecording, path("/recording"))) {
            Api.Reply stranger = viaGateway().get(target, bob);
            assertThat(stranger.status()).as(target).isEqualTo(404);
            assertThat(stranger.json().getString("error")).isEqualTo("workspace_not_found");
            assertThat(viaGateway().get(target, (String) null).status()).as(target).isEqualTo(401);
        }
        assertThat(put(bob, "{\"enabled\":false,\"input\":false}").status()).isEqualTo(404);
        assertThat(put(null, "{\"enabled\":false,\"input\":false}").status()).isEqualTo(401);

        Api.Reply unknown = viaGateway().get(someRecording, token());
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        assertThat(unknown.json().getString("error")).isEqualTo("recording_not_found");
        for (String bad : List.of("rec-..-etc", "rec-0000000000001-DEADBEEF", "rec-0000000000001-deadbeef..")) {
            Api.Reply reply = viaGateway().get(recordings + "/" + bad, token());
            assertThat(reply.status()).as(bad + ": " + reply).isEqualTo(404);
        }
        assertThat(put(token(), "[1,2]").status()).isEqualTo(400);
    }
}
