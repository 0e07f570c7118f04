package io.coditect.load;

import io.coditect.testing.LibertyServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What happens to the gateway replicas during a run: every {@code drainEvery} the first is drained
 * with SIGTERM, as Kubernetes stops a pod, while its readiness is polled over HTTP, and started
 * again; once, at {@code killAt}, the second is killed (SIGKILL) and started again. So the second's
 * process after the kill lives to the end of the run: an early kill leaves one gateway whose memory
 * is watched over (almost) the whole run. Errors the
 * clients meet from a moment before each event until a while after the replica is back are
 * expected ones (a refused attach, a dropped connection); the bytes are checked all the same.
 */
final class Chaos implements AutoCloseable {
    private static final long GRACE_NANOS = Duration.ofSeconds(15).toNanos();

    private final List<LibertyServer> replicas;
    private final Duration drainEvery;
    private final Duration killAt;
    private final Recorder recorder;
    private final PrintWriter events;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile long expectedUntil;
    private volatile boolean eventUnderWay;
    private volatile boolean stopped;
    private Thread thread;
    final AtomicInteger drains = new AtomicInteger();
    final AtomicInteger drainsSeenDown = new AtomicInteger();
    final AtomicInteger kills = new AtomicInteger();
    final AtomicInteger restarts = new AtomicInteger();

    private Chaos(List<LibertyServer> replicas, Duration drainEvery, Duration killAt, Recorder recorder, Path directory) {
        this.replicas = replicas;
        this.drainEvery = drainEvery;
        this.killAt = killAt;
        this.recorder = recorder;
        try {
            Files.createDirectories(directory);
            this.events = new PrintWriter(Files.newBufferedWriter(directory.resolve("chaos.csv")), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        events.println("seconds,event,replica,detail");
    }

    /** No replicas to stop (a deployment the tool did not start): nothing is expected to fail. */
    static Chaos none(Recorder recorder, Path directory) {
        return new Chaos(List.of(), null, null, recorder, directory);
    }

    static Chaos of(List<LibertyServer> replicas, Duration drainEvery, Duration killAt, Recorder recorder, Path directory) {
        return new Chaos(replicas, drainEvery, killAt, recorder, directory);
    }

    /** Whether a replica is stopping, down or just back: errors now are expected. */
    boolean expectedNow() {
        return eventUnderWay || System.nanoTime() < expectedUntil;
    }

    void start() {
        if (replicas.size() < 2) {
            return;
        }
        thread = Thread.ofPlatform().name("load-chaos").daemon().start(this::run);
    }

    private void run() {
        long begin = System.nanoTime();
        long nextDrain = begin + drainEvery.toNanos();
        long kill = killAt == null ? Long.MAX_VALUE : begin + killAt.toNanos();
        try {
            // The one kill is made even when the run ends first (a slow restart delayed it); drains stop with the run.
            while (!stopped || kill != Long.MAX_VALUE) {
                long now = System.nanoTime();
                long next = stopped ? kill : Math.min(nextDrain, kill);
                if (now < next) {
                    Thread.sleep(Math.min(1000, Math.max(1, (next - now) / 1_000_000)));
                    continue;
                }
                if (next == kill) {
                    kill = Long.MAX_VALUE;
                    killAndRestart(replicas.get(1));
                } else {
                    drainAndRestart(replicas.get(0));
                    nextDrain = System.nanoTime() + drainEvery.toNanos();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            recorder.error("chaos_failed", false, e.toString());
        }
    }

    private void drainAndRestart(LibertyServer replica) throws InterruptedException {
        eventUnderWay = true;
        drains.incrementAndGet();
        AtomicBoolean sawDown = new AtomicBoolean();
        AtomicBoolean polling = new AtomicBoolean(true);
        URI ready = replica.managementUri().resolve("/health/ready");
        Thread poller = Thread.ofPlatform().name("load-readiness").start(() -> {
            while (polling.get()) {
                int status = readiness(ready);
                if (status == 503) {
                    sawDown.set(true);
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        log("drain", replica, "SIGTERM");
        long start = System.nanoTime();
        stop(replica);
        polling.set(false);
        poller.join();
        if (sawDown.get()) {
            drainsSeenDown.incrementAndGet();
        } else {
            recorder.error("readiness_not_seen_down", false, replica.name());
        }
        log("drained", replica, String.format(Locale.ROOT, "exited after %.1f s; readiness DOWN seen: %s",
                (System.nanoTime() - start) / 1e9, sawDown.get()));
        restart(replica);
    }

    /**
     * SIGTERM and the exit. The server's own wait gives up after two minutes; a replica on a machine
     * this busy can take longer to stop (Liberty stopped one in almost four), so that is waited for too.
     */
    private void stop(LibertyServer replica) {
        Optional<ProcessHandle> process = replica.process();
        try {
            replica.terminate();
        } catch (IllegalStateException slow) {
            log("slow-exit", replica, "still running two minutes after SIGTERM; waiting up to ten more");
            process.ifPresent(handle -> handle.onExit().orTimeout(10, java.util.concurrent.TimeUnit.MINUTES).join());
        }
    }

    private void killAndRestart(LibertyServer replica) throws InterruptedException {
        eventUnderWay = true;
        kills.incrementAndGet();
        log("kill", replica, "SIGKILL");
        replica.kill();
        restart(replica);
    }

    private void restart(LibertyServer replica) {
        long start = System.nanoTime();
        replica.start();
        restarts.incrementAndGet();
        log("ready", replica, String.format(Locale.ROOT, "restarted in %.1f s", (System.nanoTime() - start) / 1e9));
        expectedUntil = System.nanoTime() + GRACE_NANOS;
        eventUnderWay = false;
    }

    private int readiness(URI ready) {
        try {
            return http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private synchronized void log(String event, LibertyServer replica, String detail) {
        events.printf(Locale.ROOT, "%.1f,%s,%s,%s%n", recorder.seconds(), event, replica.name(), detail);
        System.out.printf(Locale.ROOT, "[%6.0f s] %s %s: %s%n", recorder.seconds(), event, replica.name(), detail);
    }

    /** Stops planning events and waits for one under way (a restart) to finish. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        if (thread != null) {
            thread.join(Duration.ofMinutes(5));
        }
        events.close();
    }
}
