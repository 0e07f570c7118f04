package io.coditect.terminal.attach;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FrameSenderTest {
    private final FrameSender sender = new FrameSender();

    @AfterEach
    void stop() {
        sender.shutdown();
    }

    @Test
    void sendsOnASenderThreadNeverTheCallers() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        List<String> threads = new ArrayList<>();
        assertThat(sender.trySend(() -> {
            threads.add(Thread.currentThread().getName());
            done.countDown();
        })).isTrue();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(threads).singleElement().asString().startsWith("coditect-ws-send-").isNotEqualTo(Thread.currentThread().getName());
    }

    @Test
    void aSendThatACompletionAsksForRunsAfterItOnTheSameThreadNotNested() throws InterruptedException {
        int frames = 10_000;
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger depth = new AtomicInteger();
        AtomicInteger deepest = new AtomicInteger();
        List<String> threads = java.util.Collections.synchronizedList(new ArrayList<>());
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            deepest.accumulateAndGet(depth.incrementAndGet(), Math::max);
            threads.add(Thread.currentThread().getName());
            if (sent.incrementAndGet() < frames) {
                assertThat(sender.trySend(next[0])).isTrue();
            } else {
                done.countDown();
            }
            depth.decrementAndGet();
        };
        assertThat(sender.trySend(next[0])).isTrue();
        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(sent).hasValue(frames);
        assertThat(deepest).hasValue(1);
        assertThat(threads.stream().distinct()).hasSize(1);
    }

    @Test
    void refusesWhenEverySenderIsBlockedSoTheCallerSendsAnotherWay() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(FrameSender.MAX_SENDERS);
        for (int i = 0; i < FrameSender.MAX_SENDERS; i++) {
            assertThat(sender.trySend(() -> {
                blocked.countDown();
                awaitQuietly(release);
            })).isTrue();
        }
        assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(sender.trySend(() -> { })).isFalse();

        release.countDown();
        CountDownLatch again = new CountDownLatch(1);
        // A sender that finished its send takes new ones again.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> sender.trySend(again::countDown));
        assertThat(again.await(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aFailingSendDoesNotStopTheOnesAfterIt() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        assertThat(sender.trySend(() -> {
            sender.trySend(done::countDown);
            throw new IllegalStateException("broken send");
        })).isTrue();
        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
