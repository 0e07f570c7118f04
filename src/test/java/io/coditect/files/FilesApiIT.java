package io.coditect.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.FilesApi;
import io.coditect.testing.HeapWatch;
import io.coditect.testing.Terminals;
import io.coditect.testing.TestIdentityProvider;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The file API on the real server: bytes, validators, ranges, listings, archives, uploads, limits. */
@ExtendWith(ArquillianExtension.class)
class FilesApiIT {
    private static final FilesApi FILES = FilesApi.direct();
    private final String alice = TestIdentityProvider.uniqueUser("alice");
    private final String ALICE = TestIdentityProvider.token(alice);
    private final String BOB = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("bob"));
    private final String ADMIN = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("root"), "admin");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    @Test
    void binaryRoundTrip_all256ByteValuesAndEmpty() throws Exception {
        String ws = Terminals.workspace(ALICE);
        byte[] all = new byte[256 * 4];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        Api.Reply created = FILES.put(ws, "all.bin", ALICE, all);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().getString("type")).isEqualTo("file");
        assertThat(created.json().getInt("size")).isEqualTo(all.length);
        assertThat(created.header("ETag")).isEqualTo(created.json().getString("etag"));
        HttpResponse<byte[]> read = FILES.getBytes(ws, "all.bin", ALICE);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(all);
        assertThat(Files.readAllBytes(workspaceDir(ws).resolve("all.bin"))).isEqualTo(all);
        assertThat(read.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(read.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(read.headers().firstValue("Last-Modified")).isPresent();

        assertThat(FILES.put(ws, "empty", ALICE, new byte[0]).status()).isEqualTo(201);
        HttpResponse<byte[]> empty = FILES.getBytes(ws, "empty", ALICE);
        assertThat(empty.statusCode()).isEqualTo(200);
        assertThat(empty.body()).isEmpty();
        assertThat(FILES.put(ws, "all.bin", ALICE, new byte[0]).status()).isEqualTo(200);
    }

    @Test
    void ranges_partialContentAndUnsatisfiable() {
        String ws = Terminals.workspace(ALICE);
        FILES.put(ws, "digits.txt", ALICE, "0123456789".getBytes(StandardCharsets.UTF_8));

        HttpResponse<byte[]> middle = FILES.getBytes(ws, "digits.txt", ALICE, "Range", "bytes=2-5");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(new String(middle.body(), StandardCharsets.UTF_8)).isEqualTo("2345");
        assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 2-5/10");
        assertThat(middle.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain"));
        assertThat(new String(FILES.getBytes(ws, "digits.txt", ALICE, "Range", "bytes=-3").body(), StandardCharsets.UTF_8))
                .isEqualTo("789");
        Api.Reply outside = FILES.get(ws, "digits.txt", ALICE, "Range", "bytes=10-");
        assertThat(outside.status()).isEqualTo(416);
        assertThat(outside.json().getString("error")).isEqualTo("range_not_satisfiable");
    }

    @Test
    void etags_notModifiedAndLostUpdate() {
        String ws = Terminals.workspace(ALICE);
        String first = FILES.put(ws, "doc.md", ALICE, "v1".getBytes(StandardCharsets.UTF_8)).header("ETag");

        assertThat(FILES.get(ws, "doc.md", ALICE, "If-None-Match", first).status()).isEqualTo(304);
        Api.Reply second = FILES.put(ws, "doc.md", ALICE, "v2".getBytes(StandardCharsets.UTF_8), "If-Match", first);
        assertThat(second.status()).as(second.toString()).isEqualTo(200);
        assertThat(second.header("ETag")).isNotEqualTo(first);

        Api.Reply stale = FILES.put(ws, "doc.md", ALICE, "v3 lost".getBytes(StandardCharsets.UTF_8), "If-Match", first);
        assertThat(stale.status()).isEqualTo(412);
        assertThat(stale.json().getString("error")).isEqualTo("precondition_failed");
        Api.Reply exists = FILES.put(ws, "doc.md", ALICE, "new".getBytes(StandardCharsets.UTF_8), "If-None-Match", "*");
        assertThat(exists.status()).isEqualTo(412);
        assertThat(new String(FILES.getBytes(ws, "doc.md", ALICE).body(), StandardCharsets.UTF_8)).isEqualTo("v2");
    }

    @Test
    void directories_listStatMkdirMoveCopyDelete() {
        String ws = Terminals.workspace(ALICE);
        assertThat(FILES.mkdir(ws, "src/main", ALICE).status()).isEqualTo(201);
        FILES.put(ws, "src/main/b.txt", ALICE, "b".getBytes(StandardCharsets.UTF_8));
        FILES.put(ws, "src/main/a.txt", ALICE, "a".getBytes(StandardCharsets.UTF_8));

        Api.Reply listing = FILES.get(ws, "src/main", ALICE);
        assertThat(listing.status()).as(listing.toString()).isEqualTo(200);
        assertThat(listing.json().getJsonArray("entries").getValuesAs(JsonObject.class))
                .extracting(entry -> entry.getString("name")).containsExactly("a.txt", "b.txt");
        Api.Reply page = FILES.get(ws, "src/main?limit=1", ALICE);
        assertThat(page.json().getJsonArray("entries")).hasSize(1);
        Api.Reply next = FILES.get(ws, "src/main?limit=1&cursor=" + page.json().getString("next"), ALICE);
        assertThat(next.json().getJsonArray("entries").getJsonObject(0).getString("name")).isEqualTo("b.txt");
        assertThat(FILES.get(ws, "src?stat", ALICE).json().getString("type")).isEqualTo("directory");
        assertThat(FILES.get(ws, "?limit=100000", ALICE).json().getString("error")).isEqualTo("invalid_limit");

        Api.Reply moved = FILES.json("POST", "/api/v1/workspaces/" + ws + "/file-moves", ALICE,
                "{\"from\":\"src/main/a.txt\",\"to\":\"src/renamed.txt\"}");
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
        Api.Reply copied = FILES.json("POST", "/api/v1/workspaces/" + ws + "/file-copies", ALICE,
                "{\"from\":\"src\",\"to\":\"src-copy\"}");
        assertThat(copied.status()).as(copied.toString()).isEqualTo(201);
        assertThat(FILES.getBytes(ws, "src-copy/main/b.txt", ALICE).body()).isEqualTo("b".getBytes(StandardCharsets.UTF_8));

        Api.Reply notEmpty = FILES.delete(ws, "src", ALICE);
        assertThat(notEmpty.status()).isEqualTo(409);
        assertThat(notEmpty.json().getString("error")).isEqualTo("directory_not_empty");
        assertThat(FILES.delete(ws, "src?recursive=true", ALICE).status()).isEqualTo(204);
        assertThat(FILES.get(ws, "src", ALICE).json().getString("error")).isEqualTo("file_not_found");
        assertThat(Files.exists(workspaceDir(ws).resolve("src"))).isFalse();
    }

    @Test
    void download_fileAttachmentAndFolderZip() throws Exception {
        String ws = Terminals.workspace(ALICE);
        FILES.mkdir(ws, "project/lib", ALICE);
        FILES.put(ws, "project/read%20me.txt", ALICE, "hello".getBytes(StandardCharsets.UTF_8));
        FILES.put(ws, "project/lib/x.bin", ALICE, new byte[] {0, 1, 2});

        HttpResponse<byte[]> file = FILES.getBytes(ws, "project/read%20me.txt?download", ALICE);
        assertThat(file.headers().firstValue("Content-Disposition").orElseThrow())
                .startsWith("attachment;").contains("filename*=UTF-8''read%20me.txt");
        HttpResponse<byte[]> zip = FILES.getBytes(ws, "project?download", ALICE);
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");
        assertThat(zip.headers().firstValue("Content-Disposition").orElseThrow()).contains("project.zip");
        List<String> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                entries.add(entry.getName() + (entry.isDirectory() ? "" : "=" + in.readAllBytes().length));
            }
        }
        assertThat(entries).containsExactly("project/", "project/lib/", "project/lib/x.bin=3", "project/read me.txt=5");
    }

    /**
     * A folder whose files add up to more than {@code coditect.files.max-archive-bytes} (8 MiB on
     * the integration-test server): 413 before any byte of the archive; one at the cap passes.
     */
    @Test
    void download_folderPastTheArchiveCap_refusedBeforeStreaming() {
        String ws = Terminals.workspace(ALICE);
        long cap = 8L * 1024 * 1024; // CODITECT_FILES_MAX_ARCHIVE_BYTES in src/test/liberty/config/server.env
        FILES.mkdir(ws, "big", ALICE);
        assertThat(FILES.put(ws, "big/half-1", ALICE, new byte[(int) (cap / 2)]).status()).isEqualTo(201);
        assertThat(FILES.put(ws, "big/half-2", ALICE, new byte[(int) (cap / 2)]).status()).isEqualTo(201);
        assertThat(FILES.getBytes(ws, "big?download", ALICE).statusCode()).as("exactly at the cap").isEqualTo(200);
        assertThat(FILES.put(ws, "big/one-more", ALICE, new byte[] {1}).status()).isEqualTo(201);
        Api.Reply refused = FILES.get(ws, "big?download", ALICE);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(413);
        assertThat(refused.json().getString("error")).isEqualTo("archive_too_large");
    }

    @Test
    void upload_multipartIntoDirectory() {
        String ws = Terminals.workspace(ALICE);
        FILES.mkdir(ws, "in", ALICE);
        Api.Reply uploaded = FILES.upload(ws, "in", ALICE, List.of(
                new Object[] {"one.txt", "1".getBytes(StandardCharsets.UTF_8)},
                new Object[] {"two.bin", new byte[] {(byte) 0xff, 0, 13, 10}}));
        assertThat(uploaded.status()).as(uploaded.toString()).isEqualTo(201);
        assertThat(uploaded.json().getJsonArray("files")).hasSize(2);
        assertThat(FILES.getBytes(ws, "in/two.bin", ALICE).body()).containsExactly((byte) 0xff, 0, 13, 10);
        Api.Reply again = FILES.upload(ws, "in", ALICE, List.<Object[]>of(new Object[] {"one.txt", new byte[1]}));
        assertThat(again.status()).isEqualTo(412);
        Api.Reply hostile = FILES.upload(ws, "in", ALICE, List.<Object[]>of(new Object[] {"../escape", new byte[1]}));
        assertThat(hostile.status()).isEqualTo(400);
        assertThat(Files.exists(workspaceDir(ws).resolve("escape"))).isFalse();
    }

    @Test
    void access_ownerAndAdminOnly() {
        String ws = Terminals.workspace(ALICE);
        FILES.put(ws, "mine", ALICE, "x".getBytes(StandardCharsets.UTF_8));
        for (Api.Reply reply : List.of(FILES.get(ws, "mine", BOB), FILES.put(ws, "mine", BOB, new byte[1]),
                FILES.delete(ws, "mine", BOB), FILES.get(ws, "", BOB))) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(404);
            assertThat(reply.json().getString("error")).isEqualTo("workspace_not_found");
        }
        assertThat(FILES.get(ws, "mine", ADMIN).status()).isEqualTo(200);
        assertThat(Api.send(Api.request(FilesApi.path(ws, "mine"), null).GET()).status()).isEqualTo(401);
    }

    @Test
    void bodyLimits_fileBodyPastJsonLimitAccepted() {
        String ws = Terminals.workspace(ALICE);
        byte[] twoMiB = new byte[2 * 1024 * 1024];
        assertThat(FILES.put(ws, "two-mib", ALICE, twoMiB).status()).isEqualTo(201);
        String big = "{\"type\":\"directory\",\"x\":\"" + "a".repeat(1_100_000) + "\"}";
        assertThat(FILES.json("POST", FilesApi.path(ws, "d"), ALICE, big).status()).isEqualTo(413);
    }

    /**
     * 100 MiB up and down, streamed: the server never holds the file. Live heap (after a full
     * collection, {@link HeapWatch}) grows by less than a quarter of it at any reading.
     */
    @Test
    void largeFile_streamedBothWays_heapBounded() throws Exception {
        String ws = Terminals.workspace(ALICE);
        long size = 100L * 1024 * 1024;
        String expected = FilesApi.sha256(FilesApi.generated(size, 42));
        HeapWatch heap = HeapWatch.of(HeapWatch.Server.ofLogs(Path.of(System.getProperty("coditect.it.server-logs"))));
        try {
            HttpResponse<String> put = FILES.putGenerated(ws, "big.bin", ALICE, size, 42);
            assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
            HttpResponse<InputStream> get = FILES.getStream(ws, "big.bin", ALICE);
            assertThat(get.headers().firstValueAsLong("Content-Length")).hasValue(size);
            assertThat(FilesApi.sha256(get.body())).isEqualTo(expected);
        } finally {
            heap.close();
        }
        long before = heap.before(0);
        long peak = heap.peak(0);
        System.out.printf("100 MiB up and down: live heap before %d MiB, peak %d MiB%n", before >> 20, peak >> 20);
        assertThat(peak - before).as("live heap growth while 100 MiB passed").isLessThan(size / 4);
    }

    /** A reader racing replacements sees one whole version or the other, never a mix or a part. */
    @Test
    void atomicReplace_readerNeverSeesHalfAFile() throws Exception {
        String ws = Terminals.workspace(ALICE);
        byte[] a = new byte[512 * 1024];
        byte[] b = new byte[256 * 1024];
        java.util.Arrays.fill(a, (byte) 'a');
        java.util.Arrays.fill(b, (byte) 'b');
        FILES.put(ws, "flip", ALICE, a);
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int i = 0; i < 30; i++) {
                FILES.put(ws, "flip", ALICE, i % 2 == 0 ? b : a);
            }
            writing.set(false);
        });
        int reads = 0;
        while (writing.get() || reads < 10) {
            byte[] seen = FILES.getBytes(ws, "flip", ALICE).body();
            assertThat(seen).satisfiesAnyOf(s -> assertThat(s).isEqualTo(a), s -> assertThat(s).isEqualTo(b));
            reads++;
        }
        writer.join();
        try (var names = Files.list(workspaceDir(ws))) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactly("flip");
        }
    }

    static Path workspaceDir(String workspace) {
        return Path.of(System.getProperty("coditect.it.data-dir"), "workspaces", workspace);
    }
}
