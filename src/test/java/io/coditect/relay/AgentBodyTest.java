package io.coditect.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AgentBodyTest {
    private final AtomicLong requested = new AtomicLong();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final Flow.Subscription subscription = new Flow.Subscription() {
        @Override
        public void request(long n) {
            requested.addAndGet(n);
        }

        @Override
        public void cancel() {
            cancelled.set(true);
        }
    };

    private HttpResponse.BodySubscriber<InputStream> body(Duration idle) {
        HttpResponse.BodySubscriber<InputStream> body = AgentBody.handler(idle).apply(null);
        body.onSubscribe(subscription);
        return body;
    }

    @Test
    void bytesAsTheyCome_oneListAskedForAtATime_thenTheEnd() throws Exception {
        HttpResponse.BodySubscriber<InputStream> body = body(Duration.ofSeconds(30));
        assertThat(requested).hasValue(1);
        body.onNext(List.of(ByteBuffer.wrap(new byte[] {1, 2}), ByteBuffer.wrap(new byte[] {3})));
        body.onComplete();
        InputStream in = body.getBody().toCompletableFuture().get();
        assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
        assertThat(requested).hasValue(2);
        assertThat(in.read()).isEqualTo(-1);
    }

    @Test
    void agentStopsMidBody_readFailsAfterTheIdleTime_andTheExchangeIsCancelled() throws Exception {
        HttpResponse.BodySubscriber<InputStream> body = body(Duration.ofMillis(300));
        body.onNext(List.of(ByteBuffer.wrap(new byte[] {7})));
        InputStream in = body.getBody().toCompletableFuture().get();
        assertThat(in.read()).isEqualTo(7);
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("sent nothing for 300 ms");
        assertThat(cancelled).isTrue();
    }

    @Test
    void failedExchange_readFailsWithIt() throws Exception {
        HttpResponse.BodySubscriber<InputStream> body = body(Duration.ofSeconds(30));
        body.onError(new IOException("connection reset"));
        InputStream in = body.getBody().toCompletableFuture().get();
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessage("connection reset");
    }
}
