package io.coditect.terminal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A terminal host's one housekeeping thread: a sweep over its terminals or clients every second
 * (stuck clients, idle ones, expired terminals) and the odd delayed task. Nothing on it may block
 * or sleep; one item's failure is logged and does not hold up the others.
 */
public final class Housekeeping {
    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());
    private static final long SWEEP_MILLIS = 1000;

    private final ScheduledExecutorService thread;

    /** Starts the thread, named {@code name}, running {@code sweep} every second. */
    public Housekeeping(String name, Runnable sweep) {
        this.thread = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name(name).factory());
        thread.scheduleWithFixedDelay(sweep, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} once, {@code seconds} from now. */
    public void later(Runnable task, long seconds) {
        thread.schedule(task, seconds, TimeUnit.SECONDS);
    }

    public void stop() {
        thread.shutdownNow();
    }

    /** Sweeps each item; {@code name} says which one failed in the log. */
    public static <T> void each(Iterable<T> items, Consumer<T> sweep, Function<T, String> name) {
        for (T item : items) {
            try {
                sweep.accept(item);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "housekeeping of " + name.apply(item) + " failed", e);
            }
        }
    }
}
