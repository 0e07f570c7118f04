package io.coditect.bench;

import io.coditect.testing.FilesApi;
import io.coditect.testing.TestIdentityProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * File transfer speed of a running server on loopback (docs/benchmarks.md, "Files"): a 256 MiB
 * file uploaded ({@code PUT}) and downloaded ({@code GET}) five times each, beside {@code cp} of
 * the same file on the same disk; medians in MB/s (10^6 bytes), and the CPU pressure of the run.
 * Not a test: it measures, it does not judge.
 *
 * <pre>java ... io.coditect.bench.FilesBenchmark http://localhost:9290 &lt;server data dir&gt; [label [token-user]]</pre>
 *
 * <p>{@code cp} copies a file in the data directory, the disk the workspaces are on.
 */
public final class FilesBenchmark {
    private static final long SIZE = 256L * 1024 * 1024;
    private static final int RUNS = 5;

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args.length > 0 ? args[0] : "http://localhost:9290");
        Path dataDir = Path.of(args.length > 1 ? args[1] : "target/it-data");
        String label = args.length > 2 ? args[2] : "direct";
        String token = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("bench"));
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        FilesApi files = FilesApi.at(base);
        String pressureBefore = CpuPressure.read();

        HttpResponse<String> created = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/workspaces"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"files-bench\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        String workspace = created.body().replaceAll(".*\"id\":\"(ws-[a-z0-9]+)\".*", "$1");
        if (!workspace.startsWith("ws-")) {
            throw new IllegalStateException("could not create a workspace: " + created.statusCode() + " " + created.body());
        }

        List<Double> upload = new ArrayList<>();
        List<Double> download = new ArrayList<>();
        List<Double> copy = new ArrayList<>();
        for (int run = 0; run < RUNS; run++) {
            long start = System.nanoTime();
            HttpResponse<String> put = http.send(files.request(FilesApi.path(workspace, "big.bin"), token)
                    .timeout(Duration.ofMinutes(5))
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> FilesApi.generated(SIZE, 7)), SIZE)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (put.statusCode() / 100 != 2) {
                throw new IllegalStateException("upload refused: " + put.statusCode() + " " + put.body());
            }
            upload.add(rate(start));

            start = System.nanoTime();
            HttpResponse<InputStream> get = http.send(files.request(FilesApi.path(workspace, "big.bin"), token)
                    .timeout(Duration.ofMinutes(5)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            long read = drain(get.body());
            if (read != SIZE) {
                throw new IllegalStateException("download was " + read + " bytes");
            }
            download.add(rate(start));
        }
        Path source = Files.createTempFile(dataDir, "files-bench-", ".bin");
        Path target = dataDir.resolve(source.getFileName() + ".copy");
        try (InputStream in = FilesApi.generated(SIZE, 7)) {
            Files.copy(in, source, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        for (int run = 0; run < RUNS; run++) {
            Files.deleteIfExists(target);
            long start = System.nanoTime();
            Process cp = new ProcessBuilder("cp", source.toString(), target.toString()).inheritIO().start();
            if (cp.waitFor() != 0) {
                throw new IllegalStateException("cp failed");
            }
            copy.add(rate(start));
        }
        Files.deleteIfExists(source);
        Files.deleteIfExists(target);
        http.send(HttpRequest.newBuilder(base.resolve("/api/v1/workspaces/" + workspace))
                .header("Authorization", "Bearer " + token).DELETE().build(), HttpResponse.BodyHandlers.discarding());

        System.out.printf(Locale.ROOT, "RESULT files-%s upload 256MiB MB/s median %.0f runs %s%n", label, median(upload), upload);
        System.out.printf(Locale.ROOT, "RESULT files-%s download 256MiB MB/s median %.0f runs %s%n", label, median(download), download);
        System.out.printf(Locale.ROOT, "RESULT files-baseline cp 256MiB MB/s median %.0f runs %s%n", median(copy), copy);
        System.out.println("RESULT cpu-pressure before " + pressureBefore);
        System.out.println("RESULT cpu-pressure after  " + CpuPressure.read());
    }

    private static long drain(InputStream in) throws IOException {
        try (in) {
            byte[] buffer = new byte[256 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
            }
            return total;
        }
    }

    private static double rate(long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return Math.round(SIZE / 1e6 / seconds * 10) / 10.0;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** The first line of /proc/pressure/cpu (the share of time some task waited for a CPU). */
    private static final class CpuPressure {
        static String read() {
            try {
                return Files.readAllLines(Path.of("/proc/pressure/cpu")).get(0);
            } catch (IOException | RuntimeException e) {
                return "(unavailable: " + e + ")";
            }
        }
    }
}
