package io.coditect.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real files in a temporary directory: the workspace is {@code root/ws}, {@code root/outside} is not. */
class WorkspaceFilesTest {
    @TempDir
    Path temp;
    Path root;
    Path outside;
    WorkspaceFiles files;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectories(temp.resolve("ws"));
        outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "secret");
        files = new WorkspaceFiles(root, new AtomicWriter(), () -> { });
    }

    @Test
    void write_thenRead_sameBytes() throws IOException {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        files.mkdir(FilePath.parse("bin"), false);
        WriteResult created = files.write(FilePath.parse("bin/all"), new ByteArrayInputStream(all), Precondition.NONE, 1000);
        assertThat(created.created()).isTrue();
        assertThat(read("bin/all")).isEqualTo(all);
        assertThat(Files.readAllBytes(root.resolve("bin/all"))).isEqualTo(all);
        assertThat(files.stat(FilePath.parse("bin/all")).etag()).isEqualTo(created.entry().etag());
    }

    @Test
    void write_missingParent_notFound() {
        assertThatThrownBy(() -> files.write(FilePath.parse("no/such/file"), new ByteArrayInputStream(new byte[1]),
                Precondition.NONE, 10)).hasFieldOrPropertyWithValue("code", "file_not_found");
    }

    @Test
    void write_preconditions() {
        FilePath path = FilePath.parse("f");
        String first = files.write(path, bytes("one"), new Precondition(null, true), 100).entry().etag();
        assertThatThrownBy(() -> files.write(path, bytes("two"), new Precondition(null, true), 100))
                .hasFieldOrPropertyWithValue("code", "precondition_failed");
        String second = files.write(path, bytes("two"), new Precondition(first, false), 100).entry().etag();
        assertThatThrownBy(() -> files.write(path, bytes("three"), new Precondition(first, false), 100))
                .hasFieldOrPropertyWithValue("code", "precondition_failed");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void write_overLimit_refusedAndNoTempLeft() throws IOException {
        assertThatThrownBy(() -> files.write(FilePath.parse("big"), new ByteArrayInputStream(new byte[101]),
                Precondition.NONE, 100)).hasFieldOrPropertyWithValue("code", "file_too_large");
        try (var names = Files.list(root)) {
            assertThat(names).isEmpty();
        }
    }

    @Test
    void write_hardLinkedFile_replacedNotWrittenThrough() throws IOException {
        Files.createLink(root.resolve("link"), outside.resolve("secret"));
        files.write(FilePath.parse("link"), bytes("mine"), Precondition.NONE, 100);
        assertThat(Files.readString(outside.resolve("secret"))).isEqualTo("secret");
        assertThat(Files.readString(root.resolve("link"))).isEqualTo("mine");
    }

    @Test
    void symlinkOut_refusedForReadWriteListAndMkdir() throws IOException {
        Files.createSymbolicLink(root.resolve("etc"), Path.of("/etc"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../outside"));
        Files.createSymbolicLink(root.resolve("abs"), outside);
        for (String path : List.of("etc/passwd", "up/secret", "abs/secret", "up", "etc")) {
            assertThatThrownBy(() -> files.open(FilePath.parse(path))).as(path)
                    .hasFieldOrPropertyWithValue("code", "path_outside_workspace");
        }
        assertThatThrownBy(() -> files.write(FilePath.parse("up/new"), bytes("x"), Precondition.NONE, 10))
                .hasFieldOrPropertyWithValue("code", "path_outside_workspace");
        assertThatThrownBy(() -> files.write(FilePath.parse("up"), bytes("x"), Precondition.NONE, 10))
                .hasFieldOrPropertyWithValue("code", "path_outside_workspace");
        assertThatThrownBy(() -> files.list(FilePath.parse("abs"), null, 10))
                .hasFieldOrPropertyWithValue("code", "path_outside_workspace");
        assertThatThrownBy(() -> files.mkdir(FilePath.parse("up/d"), false))
                .hasFieldOrPropertyWithValue("code", "path_outside_workspace");
        assertThat(Files.list(outside).map(p -> p.getFileName().toString())).containsExactly("secret");
        assertThat(files.stat(FilePath.parse("up")).type()).isEqualTo("symlink");
        assertThat(files.stat(FilePath.parse("up")).target()).isEqualTo("../outside");
    }

    @Test
    void symlinkInside_followed() throws IOException {
        Files.createDirectories(root.resolve("real/dir"));
        Files.writeString(root.resolve("real/dir/f.txt"), "inside");
        Files.createSymbolicLink(root.resolve("short"), Path.of("real/dir"));
        Files.createSymbolicLink(root.resolve("real/back"), Path.of("../short/f.txt"));
        Files.createSymbolicLink(root.resolve("absolute"), root.toRealPath().resolve("real"));
        assertThat(new String(read("short/f.txt"), StandardCharsets.UTF_8)).isEqualTo("inside");
        assertThat(new String(read("real/back"), StandardCharsets.UTF_8)).isEqualTo("inside");
        assertThat(new String(read("absolute/dir/f.txt"), StandardCharsets.UTF_8)).isEqualTo("inside");
    }

    @Test
    void symlinkLoop_refused() throws IOException {
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        assertThatThrownBy(() -> files.open(FilePath.parse("loop"))).hasFieldOrPropertyWithValue("code", "too_many_links");
    }

    @Test
    void delete_linkToOutsideDirectory_removesOnlyTheLink() throws IOException {
        Files.createSymbolicLink(root.resolve("up"), outside);
        files.delete(FilePath.parse("up"), true);
        assertThat(Files.exists(outside.resolve("secret"))).isTrue();
        assertThat(Files.exists(root.resolve("up"), java.nio.file.LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void delete_recursiveTreeWithLinkOut_outsideKept() throws IOException {
        Files.createDirectories(root.resolve("tree/a/b"));
        Files.writeString(root.resolve("tree/a/b/f"), "x");
        Files.createSymbolicLink(root.resolve("tree/a/out"), outside);
        assertThatThrownBy(() -> files.delete(FilePath.parse("tree"), false)).hasFieldOrPropertyWithValue("code", "directory_not_empty");
        files.delete(FilePath.parse("tree"), true);
        assertThat(Files.exists(root.resolve("tree"))).isFalse();
        assertThat(Files.readString(outside.resolve("secret"))).isEqualTo("secret");
        assertThatThrownBy(() -> files.delete(FilePath.ROOT, true)).hasFieldOrPropertyWithValue("code", "workspace_root");
    }

    @Test
    void list_sortedAndPaged() throws IOException {
        for (String name : List.of("c", "a", "e", "b", "d")) {
            Files.writeString(root.resolve(name), name);
        }
        Files.createDirectory(root.resolve("dir"));
        List<String> names = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            DirectoryListing page = files.list(FilePath.ROOT, cursor, 2);
            assertThat(page.entries()).hasSizeLessThanOrEqualTo(2);
            assertThat(page.total()).isEqualTo(6);
            page.entries().forEach(entry -> names.add(entry.name()));
            cursor = page.next();
            pages++;
        } while (cursor != null);
        assertThat(names).containsExactly("a", "b", "c", "d", "dir", "e");
        assertThat(pages).isEqualTo(3);
        FileEntry dir = files.list(FilePath.ROOT, null, 10).entries().stream().filter(e -> e.name().equals("dir")).findFirst().orElseThrow();
        assertThat(dir.type()).isEqualTo("directory");
        assertThat(dir.mode()).matches("0[0-7]{3}");
    }

    @Test
    void moveAndCopy() throws IOException {
        Files.createDirectories(root.resolve("src/sub"));
        Files.writeString(root.resolve("src/sub/f"), "content");
        files.copy(FilePath.parse("src"), FilePath.parse("copy"), false, 1000);
        assertThat(Files.readString(root.resolve("copy/sub/f"))).isEqualTo("content");
        assertThatThrownBy(() -> files.copy(FilePath.parse("src"), FilePath.parse("copy"), false, 1000))
                .hasFieldOrPropertyWithValue("code", "already_exists");
        assertThatThrownBy(() -> files.copy(FilePath.parse("src"), FilePath.parse("src/sub/x"), false, 1000))
                .hasFieldOrPropertyWithValue("code", "copy_into_itself");
        files.move(FilePath.parse("copy/sub/f"), FilePath.parse("moved"), false);
        assertThat(Files.readString(root.resolve("moved"))).isEqualTo("content");
        assertThat(Files.exists(root.resolve("copy/sub/f"))).isFalse();
        assertThatThrownBy(() -> files.move(FilePath.parse("src"), FilePath.parse("src/sub/in"), false))
                .hasFieldOrPropertyWithValue("code", "move_into_itself");
    }

    @Test
    void zip_treeWithoutLinks() throws IOException {
        Files.createDirectories(root.resolve("project/lib"));
        Files.writeString(root.resolve("project/a.txt"), "A");
        Files.writeString(root.resolve("project/lib/b.txt"), "B");
        Files.createSymbolicLink(root.resolve("project/etc"), Path.of("/etc"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        files.zip(FilePath.parse("project"), out, Long.MAX_VALUE);
        List<String> entries = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            for (ZipEntry entry; (entry = zip.getNextEntry()) != null; ) {
                entries.add(entry.getName() + (entry.isDirectory() ? "" : "=" + new String(zip.readAllBytes(), StandardCharsets.UTF_8)));
            }
        }
        assertThat(entries).containsExactly("project/", "project/a.txt=A", "project/lib/", "project/lib/b.txt=B");
    }

    @Test
    void zip_cappedBeforeAndWhileWriting() throws IOException {
        Files.createDirectories(root.resolve("project/lib"));
        Files.write(root.resolve("project/a.bin"), new byte[600]);
        Files.write(root.resolve("project/lib/b.bin"), new byte[400]);
        files.checkArchiveSize(FilePath.parse("project"), 1000);
        assertThatThrownBy(() -> files.checkArchiveSize(FilePath.parse("project"), 999))
                .hasFieldOrPropertyWithValue("code", "archive_too_large").hasFieldOrPropertyWithValue("status", 413);
        // A file grown after the check: the stream ends with an error at the cap, never past it.
        assertThatThrownBy(() -> files.zip(FilePath.parse("project"), OutputStream.nullOutputStream(), 999))
                .isInstanceOf(IOException.class).hasMessageContaining("cap");
    }

    /**
     * A FIFO where a regular file was checked: opening it for reading would wait for a writer
     * forever. The open answers at once, empty, and open() of the path says it is not a file.
     */
    @Test
    void fifoSwappedInForAFile_openNeverWaits() throws Exception {
        Path file = root.resolve("data");
        Files.writeString(file, "harmless");
        Object regularKey = Files.readAttributes(file, java.nio.file.attribute.PosixFileAttributes.class).fileKey();
        Files.delete(file);
        assertThat(new ProcessBuilder("mkfifo", file.toString()).start().waitFor()).isZero();
        CompletableFuture<Object> opened = CompletableFuture.supplyAsync(() -> {
            try {
                return RegularFiles.open(file, regularKey);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(opened.get(30, TimeUnit.SECONDS)).isEqualTo(Optional.empty());
        CompletableFuture<Object> read = CompletableFuture.supplyAsync(() -> catching(() -> files.open(FilePath.parse("data"))));
        assertThat(read.get(30, TimeUnit.SECONDS)).hasFieldOrPropertyWithValue("code", "not_a_regular_file");
        Files.createDirectories(root.resolve("dir"));
        Files.move(file, root.resolve("dir/data"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CompletableFuture.runAsync(() -> {
            try {
                files.zip(FilePath.parse("dir"), out, Long.MAX_VALUE);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(30, TimeUnit.SECONDS);
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(out.toByteArray()))) {
            assertThat(zip.getNextEntry().getName()).isEqualTo("dir/");
            assertThat(zip.getNextEntry()).as("the FIFO is left out").isNull();
        }
    }

    private static Object catching(java.util.function.Supplier<Object> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return e;
        }
    }

    @Test
    void mkdir_parentsAndExisting() {
        files.mkdir(FilePath.parse("a/b/c"), true);
        assertThat(Files.isDirectory(root.resolve("a/b/c"))).isTrue();
        assertThatThrownBy(() -> files.mkdir(FilePath.parse("a/b"), false)).hasFieldOrPropertyWithValue("code", "already_exists");
        assertThatThrownBy(() -> files.mkdir(FilePath.parse("x/y"), false)).hasFieldOrPropertyWithValue("code", "file_not_found");
    }

    private byte[] read(String path) throws IOException {
        OpenFile file = files.open(FilePath.parse(path));
        try (var channel = file.channel()) {
            ByteBuffer buffer = ByteBuffer.allocate((int) file.entry().size());
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // reads until full
            }
            return buffer.array();
        }
    }

    private static ByteArrayInputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
