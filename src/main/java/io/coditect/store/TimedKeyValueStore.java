package io.coditect.store;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Times every transaction of a backend into {@value #METRIC}, tagged with the backend, the operation
 * ({@code transact} or {@code read}) and the outcome ({@code ok}, or {@code error} when the call
 * threw), from the call to the commit, retries included.
 */
public final class TimedKeyValueStore implements KeyValueStore, AutoCloseable {
    public static final String METRIC = "coditect.store.operation";

    private final KeyValueStore backend;
    private final Timer transactOk;
    private final Timer transactError;
    private final Timer readOk;
    private final Timer readError;

    public TimedKeyValueStore(KeyValueStore backend, MetricRegistry registry) {
        this.backend = backend;
        Metadata metadata = Metadata.builder()
                .withName(METRIC)
                .withDescription("Store transactions, from the call to the commit, retries included")
                .build();
        this.transactOk = timer(registry, metadata, "transact", "ok");
        this.transactError = timer(registry, metadata, "transact", "error");
        this.readOk = timer(registry, metadata, "read", "ok");
        this.readError = timer(registry, metadata, "read", "error");
    }

    @Override
    public <T> T transact(Function<Transaction, T> work) {
        return timed(transactOk, transactError, () -> backend.transact(work));
    }

    @Override
    public <T> T read(Function<ReadTransaction, T> work) {
        return timed(readOk, readError, () -> backend.read(work));
    }

    @Override
    public StoreHealth health() {
        return backend.health();
    }

    @Override
    public String backend() {
        return backend.backend();
    }

    @Override
    public void close() throws Exception {
        if (backend instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    private Timer timer(MetricRegistry registry, Metadata metadata, String operation, String outcome) {
        return registry.timer(metadata, new Tag("backend", backend.backend()), new Tag("operation", operation),
                new Tag("outcome", outcome));
    }

    private static <T> T timed(Timer ok, Timer error, Supplier<T> call) {
        long start = System.nanoTime();
        try {
            T result = call.get();
            ok.update(Duration.ofNanos(System.nanoTime() - start));
            return result;
        } catch (RuntimeException | Error e) {
            error.update(Duration.ofNanos(System.nanoTime() - start));
            throw e;
        }
    }
}
