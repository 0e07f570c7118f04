package io.coditect.bench;

import io.coditect.auth.AgentProtocol;
import io.coditect.auth.ServiceCredentials;
import io.coditect.testing.Api;
import io.coditect.testing.FilesApi;
import io.coditect.testing.GatewayAgentPair;
import io.coditect.testing.TestGatewayKeys;
import io.coditect.testing.TestIdentityProvider;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * File transfer speed on loopback (docs/benchmarks.md, "Files"): a 256 MiB file uploaded
 * ({@code PUT}, streamed from a generator) and downloaded ({@code GET}, read and dropped), beside
 * {@code cp} of a 256 MiB file on the disk the workspace is on, the same-run baseline; medians of
 * five runs (after one warm-up) in MB/s (10^6 bytes), with the CPU pressure over the run. Not a test:
 * it measures, it does not judge.
 *
 * <pre>
 * java ... io.coditect.bench.FilesBenchmark direct  &lt;base URL&gt; &lt;server data dir&gt;
 * java ... io.coditect.bench.FilesBenchmark gateway &lt;it.http.port&gt; &lt;wlp dir&gt; &lt;agent workspace dir&gt;
 * </pre>
 *
 * <p>{@code direct}: a running standalone server. {@code gateway}: the build's gateway/agent
 * integration-test servers, started here ({@link GatewayAgentPair}); each run goes once through the
 * gateway and once straight to the agent (with a gateway's service credential, as the gateway
 * calls it), one after the other, so the two are compared within each run.
 */
public final class FilesBenchmark {
    private static final long SIZE = 256L * 1024 * 1024;
    private static final int RUNS = Integer.getInteger("bench.runs", 5);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private FilesBenchmark() {
    }

    /** One way to the files of a workspace: the URL of a file and the headers a call carries. */
    private record Route(String label, Supplier<Map<String, String>> headers, java.util.function.Function<String, URI> file) {
        HttpRequest.Builder request(String path) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(file.apply(path)).timeout(Duration.ofMinutes(5));
            headers.get().forEach(builder::header);
            return builder;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("gateway")) {
            throughGateway(Integer.parseInt(args[1]), Path.of(args[2]), Path.of(args[3]));
        } else {
            direct(URI.create(args.length > 1 ? args[1] : "http://localhost:9290"), Path.of(args.length > 2 ? args[2] : "target/it-data"));
        }
        System.exit(0);
    }

    private static void direct(URI base, Path dataDir) throws Exception {
        String token = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("bench"));
        Api.Reply created = Api.at(base).post("/api/v1/workspaces", token, "{\"name\":\"files-bench\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("could not create a workspace: " + created);
        }
        String workspace = created.json().getString("id");
        Route server = new Route("direct", () -> Map.of("Authorization", "Bearer " + token),
                path -> base.resolve(FilesApi.path(workspace, path)));
        try {
            measure(List.of(server), dataDir);
        } finally {
            Api.at(base).delete("/api/v1/workspaces/" + workspace, token);
        }
    }

    private static void throughGateway(int port, Path wlp, Path agentWorkspace) throws Exception {
        String token = TestIdentityProvider.token(TestIdentityProvider.uniqueUser("bench"));
        try (GatewayAgentPair pair = new GatewayAgentPair(port, wlp, "coditectGatewayIT" + port, "coditectAgentIT" + port,
                agentWorkspace)) {
            String workspace = pair.start(() -> token, "files-bench");
            Route gateway = new Route("through-gateway", () -> Map.of("Authorization", "Bearer " + token),
                    path -> pair.gateway().baseUri().resolve(FilesApi.path(workspace, path)));
            Route agent = new Route("straight-to-agent", () -> Map.of(
                    "Authorization", "Bearer " + ServiceCredentials.issue(TestGatewayKeys.privateKey(), workspace, "alice",
                            Instant.now(), Duration.ofMinutes(5)),
                    AgentProtocol.HEADER, String.valueOf(AgentProtocol.VERSION)),
                    path -> pair.agent().baseUri().resolve("/api/agent/v1/workspaces/" + workspace + "/files/" + path));
            measure(List.of(gateway, agent), agentWorkspace);
            Files.deleteIfExists(agentWorkspace.resolve("big.bin"));
        }
    }

    /** Upload and download through each route in turn, a warm-up and {@link #RUNS} runs, then {@code cp} in {@code disk}. */
    private static void measure(List<Route> routes, Path disk) throws Exception {
        Map<String, List<Double>> rates = new LinkedHashMap<>();
        Stats.Machine machine = Stats.Machine.now();
        for (int run = -1; run < RUNS; run++) {
            for (Route route : routes) {
                double upload = upload(route);
                double download = download(route);
                System.out.printf(Locale.ROOT, "files run %d%s %s: upload %.1f MB/s, download %.1f MB/s%n", run,
                        run < 0 ? " (warm-up)" : "", route.label(), upload, download);
                if (run >= 0) {
                    rates.computeIfAbsent(route.label() + " upload", key -> new ArrayList<>()).add(upload);
                    rates.computeIfAbsent(route.label() + " download", key -> new ArrayList<>()).add(download);
                }
            }
        }
        rates.put("baseline cp", copies(disk));
        String pressure = Stats.Machine.now().since(machine);
        rates.forEach((label, values) -> System.out.printf(Locale.ROOT, "RESULT files %s 256MiB MB/s median %.0f %s; %s%n",
                label, Stats.median(values), Stats.list(values, "%.0f"), pressure));
    }

    private static double upload(Route route) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> put = HTTP.send(route.request("big.bin").header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> FilesApi.generated(SIZE, 7)), SIZE)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (put.statusCode() / 100 != 2) {
            throw new IllegalStateException(route.label() + ": upload refused: " + put.statusCode() + " " + put.body());
        }
        return rate(start);
    }

    private static double download(Route route) throws Exception {
        long start = System.nanoTime();
        HttpResponse<InputStream> get = HTTP.send(route.request("big.bin").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        long read = drain(get.body());
        if (get.statusCode() != 200 || read != SIZE) {
            throw new IllegalStateException(route.label() + ": download was " + get.statusCode() + ", " + read + " bytes");
        }
        return rate(start);
    }

    /** {@code cp} of a 256 MiB file to another in {@code disk}, {@link #RUNS} times. */
    private static List<Double> copies(Path disk) throws Exception {
        Path source = Files.createTempFile(disk, "files-bench-", ".bin");
        Path target = disk.resolve(source.getFileName() + ".copy");
        List<Double> copies = new ArrayList<>();
        try {
            try (InputStream in = FilesApi.generated(SIZE, 7)) {
                Files.copy(in, source, StandardCopyOption.REPLACE_EXISTING);
            }
            for (int run = 0; run < RUNS; run++) {
                Files.deleteIfExists(target);
                long start = System.nanoTime();
                Process cp = new ProcessBuilder("cp", source.toString(), target.toString()).inheritIO().start();
                if (cp.waitFor() != 0) {
                    throw new IllegalStateException("cp failed");
                }
                copies.add(rate(start));
            }
        } finally {
            Files.deleteIfExists(source);
            Files.deleteIfExists(target);
        }
        return copies;
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
        return SIZE / 1e6 / ((System.nanoTime() - startNanos) / 1e9);
    }
}
