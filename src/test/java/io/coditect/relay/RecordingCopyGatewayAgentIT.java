package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.coditect.store.KeyLayout;
import io.coditect.store.KeyValue;
import io.coditect.store.embedded.EmbeddedStore;
import io.coditect.testing.Api;
import io.coditect.testing.TerminalSocket;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A recording made through the gateway is copied into the gateway's store as the terminal runs, and
 * from then on the workspace's volume, which its user controls, cannot change what the gateway
 * serves: with the agent gone the listing and download still answer, and after the recordings are
 * rewritten and deleted in the agent's store (the agent stopped, its store file opened by the test)
 * and the agent is back, both download exactly as before. On the shared pair
 * ({@link GatewayAgentFixture}); the workspace's recording is switched off again at the end.
 */
class RecordingCopyGatewayAgentIT extends GatewayAgentFixture {
    private static final Path AGENT_STORE = Path.of(System.getProperty("coditect.it.agent-data-dir", "target/it-agent-data"))
            .resolve("store").resolve("coditect.mv.db");

    private String path(String rest) {
        return "/api/v1/workspaces/" + workspace + rest;
    }

    private Api.Reply policy(String json) {
        return Api.send(viaGateway().request(path("/recording"), token())
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    @AfterAll
    void recordingOff() {
        assertThat(policy("{\"enabled\":false,\"input\":false}").status()).isEqualTo(200);
    }

    /** A recorded session that prints {@code marker}, then exits and is deleted: its recording ends. */
    private String recordedSession(String command, String marker) {
        String terminal = createTerminal();
        try (TerminalSocket socket = attach(terminal, "")) {
            socket.attached();
            socket.type(command + "\r");
            socket.awaitText(marker);
            socket.type("exit\r");
            socket.awaitEvent("exit");
        }
        assertThat(viaGateway().delete(terminals() + "/" + terminal, token()).status()).isEqualTo(204);
        return terminal;
    }

    private Map<String, JsonObject> listedByTerminal() {
        Api.Reply reply = viaGateway().get(path("/recordings"), token());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json().getJsonArray("recordings").getValuesAs(JsonObject.class).stream()
                .collect(Collectors.toMap(info -> info.getString("terminal"), Function.identity(), (a, b) -> a));
    }

    private String download(String recording) {
        Api.Reply reply = viaGateway().get(path("/recordings/" + recording), token());
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.body();
    }

    @Test
    void copiedIntoTheGatewaysStore_aChangeOnTheAgentsSideAfterwards_changesNoDownload() {
        assertThat(policy("{\"enabled\":true,\"input\":false}").status()).isEqualTo(200);
        String kept = recordedSession("echo copy-$((6*7))", "copy-42");
        String gone = recordedSession("echo gone-$((5*5))", "gone-25");

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Map<String, JsonObject> listed = listedByTerminal();
            return List.of(kept, gone).stream().allMatch(terminal -> listed.containsKey(terminal)
                    && listed.get(terminal).getString("copy").equals("complete"));
        });
        Map<String, JsonObject> copied = listedByTerminal();
        String keptId = copied.get(kept).getString("id");
        String goneId = copied.get(gone).getString("id");
        String keptText = download(keptId);
        String goneText = download(goneId);
        assertThat(keptText).startsWith("{\"version\":2,").contains("copy-42").endsWith("\n");
        assertThat(goneText).contains("gone-25");
        assertThat(copied.get(kept).getJsonNumber("bytes").longValue())
                .isEqualTo(keptText.getBytes(StandardCharsets.UTF_8).length);
        Api.Reply starts = viaGateway().get(path("/audit?action=recording.start&limit=500"), token());
        assertThat(starts.json().getJsonArray("events").getValuesAs(JsonObject.class))
                .filteredOn(event -> List.of(kept, gone).contains(event.getString("terminal"))).hasSize(2);

        agent.kill();
        try {
            // The agent is gone: what the gateway lists and serves is in its own store.
            assertThat(listedByTerminal().get(kept).getString("id")).isEqualTo(keptId);
            assertThat(download(keptId)).isEqualTo(keptText);

            rewriteAndDelete(keptId, goneId);
        } finally {
            agent.start();
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2))
                .until(() -> viaGateway().get(terminals(), token()).status() == 200);

        assertThat(download(keptId)).isEqualTo(keptText);
        assertThat(download(goneId)).isEqualTo(goneText);
        Map<String, JsonObject> after = listedByTerminal();
        assertThat(after.get(kept)).isEqualTo(copied.get(kept));
        assertThat(after.get(gone)).isEqualTo(copied.get(gone));
    }

    /**
     * What the workspace's user can do to the agent's store: rewrites one recording's text (its
     * marker, keeping the length) and deletes the other, then checks the store holds that.
     */
    private void rewriteAndDelete(String keptId, String goneId) {
        KeyLayout keys = new KeyLayout("coditect");
        try (EmbeddedStore store = EmbeddedStore.open(AGENT_STORE, 10_000, 5_000)) {
            store.transact(tx -> {
                for (KeyValue chunk : tx.getRange(keys.recordingData(workspace, keptId).range())) {
                    String text = new String(chunk.value(), StandardCharsets.UTF_8);
                    tx.set(chunk.key(), text.replace("copy-42", "fake-42").getBytes(StandardCharsets.UTF_8));
                }
                for (KeyValue description : tx.getRange(keys.recordingDescriptions(workspace).range())) {
                    if (keys.recordingDescriptions(workspace).unpack(description.key()).getString(1).equals(goneId)) {
                        tx.clear(description.key());
                    }
                }
                tx.clearRange(keys.recordingData(workspace, goneId).range());
                return null;
            });
            String rewritten = store.read(tx -> tx.getRange(keys.recordingData(workspace, keptId).range()).stream()
                    .map(chunk -> new String(chunk.value(), StandardCharsets.UTF_8)).collect(Collectors.joining()));
            assertThat(rewritten).as("the agent's store now holds the rewritten text").contains("fake-42")
                    .doesNotContain("copy-42");
            List<KeyValue> goneData = store.read(tx -> tx.getRange(keys.recordingData(workspace, goneId).range()));
            assertThat(goneData).isEmpty();
        }
    }
}
