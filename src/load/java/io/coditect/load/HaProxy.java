package io.coditect.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's HAProxy in front of the gateway replicas on loopback: it checks each replica's
 * readiness every 250 ms (a replica that answers 503 twice, as a draining one does, is taken out;
 * a check may take 2 s: on a busy machine a single slow answer must not take both out), keeps
 * WebSockets open for an hour, and sends a request that a replica refused with 503 or could not
 * take to the other one, as a cluster's load balancer would.
 */
final class HaProxy implements AutoCloseable {
    private final Process process;

    private HaProxy(Process process) {
        this.process = process;
    }

    static HaProxy start(Path directory, int port, List<Integer> replicas) throws IOException, InterruptedException {
        Files.createDirectories(directory);
        StringBuilder config = new StringBuilder("""
                global
                    maxconn 8000
                defaults
                    mode http
                    timeout connect 2s
                    timeout check 2s
                    timeout client 1h
                    timeout server 1h
                    timeout tunnel 1h
                    retries 3
                    option redispatch 1
                    retry-on conn-failure empty-response 503
                frontend gateways
                    bind 127.0.0.1:%d
                    default_backend replicas
                backend replicas
                    balance roundrobin
                    option httpchk GET /api/v1/ready
                    http-check expect status 200
                """.formatted(port));
        for (int i = 0; i < replicas.size(); i++) {
            config.append("    server replica").append(i + 1).append(" 127.0.0.1:").append(replicas.get(i))
                    .append(" check inter 250ms fall 2 rise 2\n");
        }
        Path file = directory.resolve("haproxy.cfg");
        Files.writeString(file, config);
        Process process = new ProcessBuilder(haproxy(), "-db", "-f", file.toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("haproxy.log").toFile()).start();
        if (process.waitFor(1, TimeUnit.SECONDS)) {
            throw new IllegalStateException("haproxy exited with " + process.exitValue() + "; see " + directory.resolve("haproxy.log"));
        }
        return new HaProxy(process);
    }

    static final String NOT_INSTALLED = "HAProxy is not installed (Debian: apt-get install haproxy)";

    private static String haproxy() {
        return installed().orElseThrow(() -> new IllegalStateException(NOT_INSTALLED));
    }

    /** Debian's HAProxy binary, if it is installed. */
    static java.util.Optional<String> installed() {
        return List.of("/usr/sbin/haproxy", "/usr/bin/haproxy").stream()
                .filter(candidate -> Files.isExecutable(Path.of(candidate))).findFirst();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

}
