package io.coditect.platform;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * When the application finished starting: set after every other start-up observer (opening the
 * store, restoring sessions) has run, which the startup probe waits for.
 */
@ApplicationScoped
public class StartupState {
    private final AtomicReference<Instant> startedAt = new AtomicReference<>();

    void onStart(@Observes @Priority(Interceptor.Priority.LIBRARY_AFTER + 1000) @Initialized(ApplicationScoped.class) Object event) {
        startedAt.compareAndSet(null, Instant.now());
    }

    /** The instant start-up completed, or null while it is still running. */
    public Instant startedAt() {
        return startedAt.get();
    }
}
