package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Api;
import io.coditect.testing.FilesApi;
import io.coditect.testing.HeapWatch;
import io.coditect.testing.TestIdentityProvider;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The file API through a gateway and an agent, two real Liberty servers on loopback (the pair
 * {@link GatewayAgentIT} runs, shared through {@link GatewayAgentFixture}): the gateway checks the
 * user and relays every call, streamed, to the agent, whose workspace directory is a directory of
 * the build. Each test works in paths of its own, as the other classes share the workspace.
 */
class FilesGatewayAgentIT extends GatewayAgentFixture {
    private final String stranger = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("mallory"));
    private Path agentWorkspace;
    private FilesApi files;

    @BeforeAll
    void useTheSharedPair() {
        agentWorkspace = pair.agentWorkspace();
        files = FilesApi.at(gateway.baseUri());
    }

    @Test
    void roundTripsRangesPreconditionsAndDirectories_throughTheGateway() throws Exception {
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        Api.Reply put = files.put(workspace, "gw/all.bin", token(), all);
        assertThat(put.status()).as("no parent yet: " + put).isEqualTo(404);
        assertThat(put.json().getString("error")).isEqualTo("file_not_found");
        assertThat(files.mkdir(workspace, "gw", token()).status()).isEqualTo(201);
        put = files.put(workspace, "gw/all.bin", token(), all);
        assertThat(put.status()).as(put.toString()).isEqualTo(201);
        assertThat(Files.readAllBytes(agentWorkspace.resolve("gw/all.bin"))).isEqualTo(all);
        assertThat(files.getBytes(workspace, "gw/all.bin", token()).body()).isEqualTo(all);
        assertThat(files.put(workspace, "gw/empty", token(), new byte[0]).status()).isEqualTo(201);
        assertThat(files.getBytes(workspace, "gw/empty", token()).body()).isEmpty();

        HttpResponse<byte[]> range = files.getBytes(workspace, "gw/all.bin", token(), "Range", "bytes=10-12");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).containsExactly(10, 11, 12);
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 10-12/256");
        assertThat(files.get(workspace, "gw/all.bin", token(), "If-None-Match", put.header("ETag")).status()).isEqualTo(304);

        String etag = put.header("ETag");
        assertThat(files.put(workspace, "gw/all.bin", token(), new byte[] {1}, "If-Match", etag).status()).isEqualTo(200);
        Api.Reply stale = files.put(workspace, "gw/all.bin", token(), new byte[] {2}, "If-Match", etag);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().getString("error")).isEqualTo("precondition_failed");

        Api.Reply listing = files.get(workspace, "gw", token());
        assertThat(listing.json().getJsonArray("entries").getValuesAs(JsonObject.class))
                .extracting(entry -> entry.getString("name")).containsExactly("all.bin", "empty");
        assertThat(files.json("POST", "/api/v1/workspaces/" + workspace + "/file-moves", token(),
                "{\"from\":\"gw/empty\",\"to\":\"gw/renamed\"}").status()).isEqualTo(200);
        assertThat(files.json("POST", "/api/v1/workspaces/" + workspace + "/file-copies", token(),
                "{\"from\":\"gw\",\"to\":\"gw-copy\"}").status()).isEqualTo(201);
        Api.Reply uploaded = files.upload(workspace, "gw", token(), List.of(
                new Object[] {"a.txt", "A".getBytes(StandardCharsets.UTF_8)}, new Object[] {"b.bin", new byte[] {0, (byte) 255}}));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        assertThat(Files.readAllBytes(agentWorkspace.resolve("gw/b.bin"))).containsExactly(0, 255);

        HttpResponse<byte[]> zip = files.getBytes(workspace, "gw?download", token());
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                names.add(entry.getName());
            }
        }
        assertThat(names).containsExactly("gw/", "gw/a.txt", "gw/all.bin", "gw/b.bin", "gw/renamed");
        assertThat(files.delete(workspace, "gw-copy?recursive=true", token()).status()).isEqualTo(204);
        assertThat(Files.exists(agentWorkspace.resolve("gw-copy"))).isFalse();
    }

    @Test
    void hostilePathsAndStrangers_refusedThroughTheGateway() throws Exception {
        Files.createSymbolicLink(agentWorkspace.resolve("etc-link"), Path.of("/etc"));
        for (String raw : List.of("%2e%2e/%2e%2e/etc/passwd", "etc-link/passwd", "a%00b")) {
            Api.Reply reply = Api.send(files.request(FilesApi.path(workspace, raw), token()).GET());
            assertThat(reply.status()).as(raw + ": " + reply).isEqualTo(400);
            assertThat(reply.body()).doesNotContain("root:");
        }
        Api.Reply foreign = files.get(workspace, "", stranger);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.json().getString("error")).isEqualTo("workspace_not_found");
    }

    /**
     * 100 MiB up and down through the gateway: neither server holds the file. Live heap (after a
     * full collection, {@link HeapWatch}) grows by less than a quarter of it at any reading.
     */
    @Test
    void largeFile_streamedThroughTheGateway_heapsBounded() throws Exception {
        long size = 100L * 1024 * 1024;
        String expected = FilesApi.sha256(FilesApi.generated(size, 11));
        HeapWatch heap = HeapWatch.of(HeapWatch.Server.of(pair.gateway()), HeapWatch.Server.of(pair.agent()));
        try {
            HttpResponse<String> put = files.putGenerated(workspace, "big.bin", token(), size, 11);
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
            HttpResponse<InputStream> get = files.getStream(workspace, "big.bin", token());
            assertThat(get.headers().firstValueAsLong("Content-Length")).hasValue(size);
            assertThat(FilesApi.sha256(get.body())).isEqualTo(expected);
        } finally {
            heap.close();
            Files.deleteIfExists(agentWorkspace.resolve("big.bin"));
        }
        long gatewayBefore = heap.before(0);
        long agentBefore = heap.before(1);
        long gatewayPeak = heap.peak(0);
        long agentPeak = heap.peak(1);
        System.out.printf("100 MiB through the gateway: gateway live heap %d -> peak %d MiB, agent live heap %d -> peak %d MiB%n",
                gatewayBefore >> 20, gatewayPeak >> 20, agentBefore >> 20, agentPeak >> 20);
        assertThat(gatewayPeak - gatewayBefore).as("gateway live heap growth").isLessThan(size / 4);
        assertThat(agentPeak - agentBefore).as("agent live heap growth").isLessThan(size / 4);
    }

    /**
     * The agent stops sending in the middle of a download (its process stopped with SIGSTOP, as a
     * hung or hostile agent would): the gateway cuts the download off after its agent request
     * timeout instead of holding the relaying thread, and serves the file again once the agent runs.
     */
    @Test
    void agentStallsMidDownload_gatewayCutsItOff() throws Exception {
        long size = 64L * 1024 * 1024;
        assertThat(files.putGenerated(workspace, "stall.bin", token(), size, 5).statusCode()).isEqualTo(201);
        long agentPid = pair.agent().process().orElseThrow().pid();
        HttpResponse<InputStream> get = files.getStream(workspace, "stall.bin", token());
        assertThat(get.statusCode()).isEqualTo(200);
        InputStream body = get.body();
        long first = body.readNBytes(64 * 1024).length;
        signal("STOP", agentPid);
        long total;
        try {
            // Without the gateway's cut the body never ends: the wait below fails instead of hanging.
            total = first + CompletableFuture.supplyAsync(() -> drain(body)).get(3, TimeUnit.MINUTES);
        } finally {
            signal("CONT", agentPid);
        }
        System.out.printf("agent stopped mid-download: the client got %d of %d bytes, then the end%n", total, size);
        assertThat(total).as("bytes before the gateway cut the stalled download").isLessThan(size);
        assertThat(FilesApi.sha256(files.getStream(workspace, "stall.bin", token()).body()))
                .isEqualTo(FilesApi.sha256(FilesApi.generated(size, 5)));
        Files.deleteIfExists(agentWorkspace.resolve("stall.bin"));
    }

    /** The agent's archive cap (8 MiB on the test agent) reaches the client through the gateway as it is. */
    @Test
    void folderPastTheAgentsArchiveCap_413ThroughTheGateway() throws Exception {
        assertThat(files.mkdir(workspace, "cap", token()).status()).isEqualTo(201);
        Files.write(agentWorkspace.resolve("cap/a.bin"), new byte[5 * 1024 * 1024]);
        Files.write(agentWorkspace.resolve("cap/b.bin"), new byte[5 * 1024 * 1024]);
        Api.Reply refused = files.get(workspace, "cap?download", token());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
        assertThat(refused.json().getString("error")).isEqualTo("archive_too_large");
        assertThat(files.delete(workspace, "cap?recursive=true", token()).status()).isEqualTo(204);
    }

    /** Bytes read until the end of the body or the connection's failure. */
    private static long drain(InputStream body) {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try (body) {
            for (int n; (n = body.read(buffer)) > 0; ) {
                total += n;
            }
        } catch (IOException e) {
            // The gateway ended the response before its declared length: the cut the test waits for.
        }
        return total;
    }

    private static void signal(String signal, long pid) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).start().waitFor()).isZero();
    }
}
