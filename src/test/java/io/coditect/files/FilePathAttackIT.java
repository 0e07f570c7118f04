package io.coditect.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.coditect.testing.Api;
import io.coditect.testing.Deployments;
import io.coditect.testing.FilesApi;
import io.coditect.testing.Terminals;
import io.coditect.testing.TestIdentityProvider;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hostile paths against the real server: none reads or writes outside the workspace. The victim is
 * another user's workspace beside it (holding {@code SECRET}) and the server's {@code /etc}.
 */
@ExtendWith(ArquillianExtension.class)
class FilePathAttackIT {
    private static final FilesApi FILES = FilesApi.direct();
    private static final String SECRET = "SECRET-of-the-victim";
    private final String MALLORY = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("mallory"));
    private final String VICTIM = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("victim"));

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.product();
    }

    /**
     * Percent-encoded {@code ..}, {@code /} and NUL in the URL: Liberty may refuse some before the
     * application sees them (its own 400); whatever answers, it is a 400 and nothing is read.
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "%2e%2e/%2e%2e/%2e%2e/etc/passwd        | path_traversal",
        "a/%2E%2E/%2E%2E/x                      | path_traversal",
        "..%2f..%2f..%2fetc%2fpasswd            | path_traversal",
        "%2Fetc%2Fpasswd                        | path_absolute",
        "a%00b                                  | path_nul",
    })
    void encodedAttacks_badRequest(String raw, String code) throws IOException {
        String ws = Terminals.workspace(MALLORY);
        for (String method : List.of("GET", "PUT", "DELETE")) {
            Api.Reply reply = Api.send(FILES.request(FilesApi.path(ws, raw), MALLORY)
                    .method(method, java.net.http.HttpRequest.BodyPublishers.ofString("owned")));
            assertThat(reply.status()).as(method + " " + raw + ": " + reply).isEqualTo(400);
            assertThat(reply.body()).doesNotContain("root:x:");
            if (reply.body().startsWith("{") && !reply.json().getString("error").equals("bad_request")) {
                assertThat(reply.json().getString("error")).isEqualTo(code);
            }
        }
        try (var names = Files.list(dir(ws))) {
            assertThat(names).isEmpty();
        }
    }

    /** The same hostile paths in JSON bodies, where no container stands between them and the application. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "../../etc/passwd      | path_traversal",
        "a/../../x             | path_traversal",
        "/etc/passwd           | path_absolute",
        "a\\u0000b           | path_nul",
    })
    void hostilePathsInBodies_badRequestWithStableCode(String from, String code) {
        String ws = Terminals.workspace(MALLORY);
        for (String noun : List.of("file-moves", "file-copies")) {
            Api.Reply reply = FILES.json("POST", "/api/v1/workspaces/" + ws + "/" + noun, MALLORY,
                    "{\"from\":\"" + from + "\",\"to\":\"stolen\"}");
            assertThat(reply.status()).as(noun + " " + from + ": " + reply).isEqualTo(400);
            assertThat(reply.json().getString("error")).isEqualTo(code);
            reply = FILES.json("POST", "/api/v1/workspaces/" + ws + "/" + noun, MALLORY,
                    "{\"from\":\"x\",\"to\":\"" + from + "\"}");
            assertThat(reply.json().getString("error")).isEqualTo(code);
        }
        assertThat(Files.exists(dir(ws).resolve("stolen"))).isFalse();
    }

    @Test
    void rawDotDotAndDoubleSlash_neverLeave() {
        String ws = Terminals.workspace(MALLORY);
        for (String raw : List.of("../../../../etc/passwd", "a/../../../etc/passwd", "/etc/passwd", "//etc/passwd")) {
            Api.Reply reply = Api.send(FILES.request(FilesApi.path(ws, raw), MALLORY).GET());
            assertThat(reply.status()).as(raw + ": " + reply).isIn(400, 404);
            assertThat(reply.body()).doesNotContain("root:x:");
        }
    }

    @Test
    void longNames_badRequest() {
        String ws = Terminals.workspace(MALLORY);
        Api.Reply name = FILES.put(ws, "x".repeat(256), MALLORY, new byte[1]);
        assertThat(name.status()).isEqualTo(400);
        assertThat(name.json().getString("error")).isEqualTo("name_too_long");
        Api.Reply path = FILES.get(ws, "abcdefgh/".repeat(500), MALLORY);
        assertThat(path.status()).isIn(400, 414);
        assertThat(FILES.put(ws, "x".repeat(255), MALLORY, new byte[1]).status()).isEqualTo(201);
    }

    @Test
    void symlinkToEtc_neitherReadNorWritten() throws IOException {
        String ws = Terminals.workspace(MALLORY);
        Files.createSymbolicLink(dir(ws).resolve("etc"), Path.of("/etc"));
        String planted = "coditect-attack-" + System.nanoTime();

        assertRefused(FILES.get(ws, "etc/passwd", MALLORY));
        assertRefused(FILES.get(ws, "etc", MALLORY));
        assertRefused(FILES.put(ws, "etc/" + planted, MALLORY, "x".getBytes(StandardCharsets.UTF_8)));
        assertRefused(FILES.mkdir(ws, "etc/" + planted, MALLORY));
        assertRefused(FILES.json("POST", "/api/v1/workspaces/" + ws + "/file-copies", MALLORY,
                "{\"from\":\"etc/passwd\",\"to\":\"stolen\"}"));
        assertThat(Files.exists(Path.of("/etc", planted))).isFalse();
        assertThat(Files.exists(dir(ws).resolve("stolen"))).isFalse();
        assertThat(FILES.get(ws, "etc?stat", MALLORY).json().getString("target")).isEqualTo("/etc");
        // The root's archive leaves the link out.
        assertThat(zipNames(FILES.getBytes(ws, "?download", MALLORY).body())).noneMatch(name -> name.contains("passwd"));
    }

    @Test
    void symlinkToAnotherWorkspace_neitherReadNorWrittenNorDeleted() throws IOException {
        String victim = victimWorkspace();
        String ws = Terminals.workspace(MALLORY);
        Files.createSymbolicLink(dir(ws).resolve("theirs"), dir(victim));
        Files.createSymbolicLink(dir(ws).resolve("relative"), Path.of("../" + victim + "/secret.txt"));

        assertRefused(FILES.get(ws, "theirs/secret.txt", MALLORY));
        assertRefused(FILES.get(ws, "relative", MALLORY));
        assertRefused(FILES.get(ws, "theirs", MALLORY));
        assertRefused(FILES.put(ws, "theirs/secret.txt", MALLORY, "owned".getBytes(StandardCharsets.UTF_8)));
        assertRefused(FILES.put(ws, "relative", MALLORY, "owned".getBytes(StandardCharsets.UTF_8)));
        assertRefused(FILES.json("POST", "/api/v1/workspaces/" + ws + "/file-moves", MALLORY,
                "{\"from\":\"theirs/secret.txt\",\"to\":\"mine.txt\"}"));
        assertRefused(FILES.json("POST", "/api/v1/workspaces/" + ws + "/file-moves", MALLORY,
                "{\"from\":\"relative\",\"to\":\"theirs/planted\"}"));
        assertRefused(FILES.delete(ws, "theirs/secret.txt", MALLORY));
        assertThat(FILES.delete(ws, "theirs?recursive=true", MALLORY).status()).isEqualTo(204);
        assertVictimIntact(victim);
    }

    @Test
    void hardLinkToAnotherWorkspacesFile_writeReplacesTheLinkNotTheirFile() throws IOException {
        String victim = victimWorkspace();
        String ws = Terminals.workspace(MALLORY);
        Files.createLink(dir(ws).resolve("hard"), dir(victim).resolve("secret.txt"));

        Api.Reply written = FILES.put(ws, "hard", MALLORY, "owned".getBytes(StandardCharsets.UTF_8));
        assertThat(written.status()).isEqualTo(200);
        assertThat(Files.readString(dir(ws).resolve("hard"))).isEqualTo("owned");
        assertThat(FILES.delete(ws, "hard", MALLORY).status()).isEqualTo(204);
        assertVictimIntact(victim);
    }

    /**
     * A thread swaps {@code swap} between a real directory of the workspace and a link to the
     * victim's, as fast as it can, while reads, writes and listings go through it: each sees the
     * workspace's directory or is refused, never the victim's.
     */
    @Test
    void symlinkSwappedBetweenCheckAndUse_neverLeaves() throws Exception {
        String victim = victimWorkspace();
        String ws = Terminals.workspace(MALLORY);
        Path root = dir(ws);
        Path real = Files.createDirectory(root.resolve("real"));
        Files.writeString(real.resolve("secret.txt"), "harmless");
        Path link = Files.createSymbolicLink(root.resolve("link"), dir(victim));
        Path swap = root.resolve("swap");
        AtomicBoolean racing = new AtomicBoolean(true);
        AtomicInteger swaps = new AtomicInteger();
        CompletableFuture<Void> swapper = swapper(swap, real, link, racing, swaps);
        int served = 0;
        try {
            for (int i = 0; i < 300; i++) {
                HttpResponse<byte[]> read = FILES.getBytes(ws, "swap/secret.txt", MALLORY);
                assertThat(new String(read.body(), StandardCharsets.UTF_8)).doesNotContain(SECRET);
                if (read.statusCode() == 200) {
                    served++;
                    assertThat(new String(read.body(), StandardCharsets.UTF_8)).isEqualTo("harmless");
                }
                FILES.put(ws, "swap/planted-" + i, MALLORY, "owned".getBytes(StandardCharsets.UTF_8));
                assertThat(FILES.get(ws, "swap", MALLORY).body()).doesNotContain("secret.txt\",\"path\":\"swap/secret.txt\",\"type\":\"file\",\"size\":" + SECRET.length());
                FILES.json("POST", FilesApi.path(ws, "swap/made-" + i), MALLORY, "{\"type\":\"directory\"}");
            }
        } finally {
            racing.set(false);
            swapper.join();
        }
        System.out.printf("swap race: %d swaps, %d of 300 reads served the workspace's own file%n", swaps.get(), served);
        assertThat(swaps.get()).isPositive();
        assertVictimIntact(victim);
    }

    /**
     * A thread swaps {@code swap} between a regular file and a FIFO (which a blocking open for
     * reading would wait on until a writer came, for ever here) while reads and folder downloads go
     * through it: each answers, the file's bytes or a refusal, and none holds a request thread.
     */
    @Test
    void fifoSwappedForAFile_neverHoldsARequest() throws Exception {
        String ws = Terminals.workspace(MALLORY);
        Path root = dir(ws);
        Path dir = Files.createDirectory(root.resolve("fifo-race"));
        Path file = Files.writeString(dir.resolve("file"), "harmless");
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        Path swap = dir.resolve("swap");
        AtomicBoolean racing = new AtomicBoolean(true);
        AtomicInteger swaps = new AtomicInteger();
        CompletableFuture<Void> swapper = swapper(swap, file, fifo, racing, swaps);
        int served = 0;
        try {
            for (int i = 0; i < 300; i++) {
                // A short timeout of the client's own: a request held on the FIFO fails the test here.
                HttpResponse<byte[]> read = FILES.send(FILES.request(FilesApi.path(ws, "fifo-race/swap"), MALLORY)
                        .timeout(Duration.ofSeconds(30)).GET(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(read.statusCode()).isIn(200, 404, 409);
                if (read.statusCode() == 200) {
                    served++;
                    assertThat(new String(read.body(), StandardCharsets.UTF_8)).isEqualTo("harmless");
                }
                if (i % 10 == 0) {
                    HttpResponse<byte[]> zip = FILES.send(FILES.request(FilesApi.path(ws, "fifo-race?download"), MALLORY)
                            .timeout(Duration.ofSeconds(30)).GET(), HttpResponse.BodyHandlers.ofByteArray());
                    assertThat(zip.statusCode()).isEqualTo(200);
                }
            }
        } finally {
            racing.set(false);
            swapper.join();
        }
        System.out.printf("FIFO swap race: %d swaps, %d of 300 reads served the file%n", swaps.get(), served);
        assertThat(swaps.get()).isPositive();
    }

    /** A full volume: a 1 MiB tmpfs mounted in the workspace; writing past it is 507 and leaves nothing behind. */
    @Test
    void fullVolume_insufficientStorage() throws Exception {
        String ws = Terminals.workspace(MALLORY);
        Path small = Files.createDirectory(dir(ws).resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        boolean mounted = mount.waitFor() == 0;
        assumeTrue(mounted, "cannot mount a tmpfs here (not root?): " + new String(mount.getInputStream().readAllBytes()));
        try {
            Api.Reply full = FILES.put(ws, "small/big.bin", MALLORY, new byte[2 * 1024 * 1024]);
            assertThat(full.status()).as(full.toString()).isEqualTo(507);
            assertThat(full.json().getString("error")).isEqualTo("insufficient_storage");
            try (var names = Files.list(small)) {
                assertThat(names).isEmpty();
            }
            assertThat(FILES.put(ws, "small/fits.bin", MALLORY, new byte[100 * 1024]).status()).isEqualTo(201);
        } finally {
            new ProcessBuilder("umount", small.toString()).start().waitFor();
        }
    }

    /**
     * Renames {@code first} to {@code swap} and back, then {@code second}, as fast as it can while
     * {@code racing}: {@code swap} is one, then nothing, then the other; counts the rounds.
     */
    private static CompletableFuture<Void> swapper(Path swap, Path first, Path second, AtomicBoolean racing,
            AtomicInteger swaps) {
        return CompletableFuture.runAsync(() -> {
            try {
                while (racing.get()) {
                    Files.move(first, swap, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(swap, first, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(second, swap, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(swap, second, StandardCopyOption.ATOMIC_MOVE);
                    swaps.incrementAndGet();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private String victimWorkspace() throws IOException {
        String victim = Terminals.workspace(VICTIM);
        Files.writeString(dir(victim).resolve("secret.txt"), SECRET);
        return victim;
    }

    private static void assertVictimIntact(String victim) throws IOException {
        try (var names = Files.list(dir(victim))) {
            assertThat(names.map(p -> p.getFileName().toString())).containsExactly("secret.txt");
        }
        assertThat(Files.readString(dir(victim).resolve("secret.txt"))).isEqualTo(SECRET);
    }

    private static void assertRefused(Api.Reply reply) {
        assertThat(reply.status()).as(reply.toString()).isIn(400, 404);
        assertThat(reply.body()).doesNotContain(SECRET).doesNotContain("root:x:");
        if (reply.status() == 400) {
            assertThat(reply.json().getString("error")).isEqualTo("path_outside_workspace");
        }
    }

    private static List<String> zipNames(byte[] zip) throws IOException {
        List<String> names = new java.util.ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                names.add(entry.getName());
            }
        }
        return names;
    }

    private static Path dir(String workspace) {
        return FilesApiIT.workspaceDir(workspace);
    }
}
