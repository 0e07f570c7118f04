package io.coditect.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One Liberty server of the build ({@code target/liberty/wlp/usr/servers/<name>}), run as its own
 * process with wlp's {@code server} command: started with an environment, killed (SIGKILL, as a
 * crash or an OOM kill), terminated (SIGTERM, as Kubernetes stops a pod) or stopped.
 */
public final class LibertyServer {
    /** Four minutes; a machine busier than the build's (a long load run) may allow more. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(Long.getLong("coditect.it.start-timeout-minutes", 4));
    private static final Duration EXIT_TIMEOUT = Duration.ofMinutes(2);

    private final Path wlp;
    private final String name;
    private final URI baseUri;
    private Map<String, String> environment = Map.of();

    public LibertyServer(Path wlp, String name, int httpPort) {
        this(wlp, name, URI.create("http://localhost:" + httpPort));
    }

    /** A server that listens at {@code baseUri} (e.g. on a loopback address of its own). */
    public LibertyServer(Path wlp, String name, URI baseUri) {
        this.wlp = wlp;
        this.name = name;
        this.baseUri = baseUri;
    }

    public URI baseUri() {
        return baseUri;
    }

    /** Its health, metrics and OpenAPI document (the test servers' management port; {@link Api#managementUri}). */
    public URI managementUri() {
        return Api.managementUri(baseUri);
    }

    public String name() {
        return name;
    }

    public Path logs() {
        return wlp.resolve("usr/servers").resolve(name).resolve("logs");
    }

    /** Starts the server with {@code environment} (on top of its server.env) and waits until it is ready. */
    public void start(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        start();
    }

    /** Starts it again with the environment it was last started with. */
    public void start() {
        launch();
        await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                .until(() -> Api.send(HttpRequest.newBuilder(managementUri().resolve("/health/ready")).timeout(Duration.ofSeconds(5)))
                        .status() == 200);
    }

    /** Starts the server with {@code environment} without waiting for it to be ready (nothing asks it anything). */
    public void launch(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        launch();
    }

    private void launch() {
        ProcessBuilder command = new ProcessBuilder(wlp.resolve("bin/server").toString(), "start", name)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(wlp.resolve("usr/servers").resolve(name + ".console").toFile()));
        // The management port a test expects (managementUri), unless the server's own configuration sets it.
        command.environment().put("MANAGEMENT_PORT", String.valueOf(managementUri().getPort()));
        command.environment().putAll(environment);
        command.environment().put("JAVA_HOME", System.getProperty("java.home"));
        try {
            Process process = command.start();
            if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("server start " + name + " failed; see " + logs());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The server's process, while it runs. */
    public Optional<ProcessHandle> process() {
        Path pidFile = wlp.resolve("usr/servers/.pid").resolve(name + ".pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            return ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).filter(ProcessHandle::isAlive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: the process is gone at once, nothing of it runs on. */
    public void kill() {
        process().ifPresent(process -> {
            process.destroyForcibly();
            awaitExit(process);
        });
    }

    /** SIGTERM, as Kubernetes stops a pod; returns once the process has exited. */
    public void terminate() {
        process().ifPresent(process -> {
            process.destroy();
            awaitExit(process);
        });
    }

    private static void awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("process " + process.pid() + " did not exit", e);
        }
    }

    /** Every line of messages.log that contains {@code text}. */
    public List<String> messages(String text) {
        try (var lines = Files.lines(logs().resolve("messages.log"))) {
            return lines.filter(line -> line.contains(text)).toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
