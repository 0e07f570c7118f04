package io.coditect.terminal.engine;

import java.time.Duration;
import java.util.Arrays;

/**
 * The clients attached to one terminal, and since when it has had none. Its terminal's lock guards
 * it; the array is replaced on each change, so one taken under the lock can be used after it.
 */
final class AttachedClients {
    private AttachedClient[] all = new AttachedClient[0];
    private long detachedSinceNanos = System.nanoTime();

    AttachedClient[] all() {
        return all;
    }

    int count() {
        return all.length;
    }

    void add(AttachedClient client) {
        AttachedClient[] more = Arrays.copyOf(all, all.length + 1);
        more[all.length] = client;
        all = more;
    }

    /** False when {@code client} was not attached. */
    boolean remove(AttachedClient client) {
        AttachedClient[] rest = Arrays.stream(all).filter(c -> c != client).toArray(AttachedClient[]::new);
        boolean removed = rest.length != all.length;
        all = rest;
        if (all.length == 0) {
            detachedSinceNanos = System.nanoTime();
        }
        return removed;
    }

    /** The most output any client has not been sent of the output up to {@code end}; 0 without clients. */
    long unsent(long end) {
        long oldest = end;
        for (AttachedClient client : all) {
            oldest = Math.min(oldest, client.cursor());
        }
        return end - oldest;
    }

    /** Whether there has been no client for longer than {@code grace} at {@code nowNanos}. */
    boolean noneFor(Duration grace, long nowNanos) {
        return all.length == 0 && nowNanos - detachedSinceNanos > grace.toNanos();
    }
}
