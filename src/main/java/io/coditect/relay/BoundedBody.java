package io.coditect.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * An agent's answer body read to at most {@code maxBytes}: one byte more cancels the exchange and
 * fails the answer, so an agent answering with gigabytes costs the gateway at most the cap. (The
 * JDK's own handlers read without a limit.)
 */
final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    /** The cap of an agent's REST answer. */
    static final int MAX_BYTES = 1024 * 1024;

    /** The answer was longer than the cap. */
    static final class TooLarge extends IOException {
        TooLarge(int maxBytes) {
            super("the answer is longer than " + maxBytes + " bytes");
        }
    }

    private final int maxBytes;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final boolean declaredTooLarge;
    private Flow.Subscription subscription;

    private BoundedBody(int maxBytes, boolean declaredTooLarge) {
        this.maxBytes = maxBytes;
        this.declaredTooLarge = declaredTooLarge;
    }

    static HttpResponse.BodyHandler<byte[]> handler(int maxBytes) {
        return info -> new BoundedBody(maxBytes, info.headers().firstValueAsLong("content-length").orElse(-1) > maxBytes);
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (declaredTooLarge) {
            // Refused before a byte of it is read.
            subscription.cancel();
            result.completeExceptionally(new TooLarge(maxBytes));
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer item : items) {
            if (bytes.size() + item.remaining() > maxBytes) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge(maxBytes));
                return;
            }
            byte[] chunk = new byte[item.remaining()];
            item.get(chunk);
            bytes.writeBytes(chunk);
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable failure) {
        result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
        result.complete(bytes.toByteArray());
    }
}
