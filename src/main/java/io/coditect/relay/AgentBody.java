package io.coditect.relay;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An agent's reply body as an {@link InputStream} whose every read waits at most {@code idle} for
 * the agent's next bytes. The JDK's {@code BodySubscribers.ofInputStream()} waits forever, and the
 * request timeout ends with the reply's headers, so an agent that stops sending in the middle of a
 * download would hold the gateway thread relaying it for good. Here such a read fails with an
 * {@link IOException} and the exchange is cancelled: the relay ends and the client's download is
 * cut off. One list of buffers is asked for at a time, so little more than one of the HTTP client's
 * chunks waits here.
 */
final class AgentBody extends InputStream implements HttpResponse.BodySubscriber<InputStream> {
    private static final Object END = new Object();

    private final BlockingQueue<Object> arrived = new LinkedBlockingQueue<>();
    private final long idleNanos;
    private volatile Flow.Subscription subscription;
    private volatile boolean closed;
    private Iterator<ByteBuffer> pending = List.<ByteBuffer>of().iterator();
    private ByteBuffer current;
    private boolean ended;

    private AgentBody(Duration idle) {
        this.idleNanos = idle.toNanos();
    }

    /** Replies whose bodies time out after {@code idle} without a byte. */
    static HttpResponse.BodyHandler<InputStream> handler(Duration idle) {
        return info -> new AgentBody(idle);
    }

    @Override
    public CompletionStage<InputStream> getBody() {
        return CompletableFuture.completedStage(this);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (closed) {
            subscription.cancel();
        } else {
            subscription.request(1);
        }
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        arrived.add(buffers);
    }

    @Override
    public void onError(Throwable failure) {
        arrived.add(failure);
    }

    @Override
    public void onComplete() {
        arrived.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        ByteBuffer buffer = next();
        if (buffer == null) {
            return -1;
        }
        int n = Math.min(length, buffer.remaining());
        buffer.get(into, offset, n);
        return n;
    }

    @Override
    public void close() {
        closed = true;
        arrived.clear();
        Flow.Subscription held = subscription;
        if (held != null) {
            held.cancel();
        }
    }

    /** The buffer with the next bytes; null at the end of the body. */
    @SuppressWarnings("unchecked")
    private ByteBuffer next() throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (pending.hasNext()) {
                current = pending.next();
                continue;
            }
            if (ended) {
                return null;
            }
            if (closed) {
                throw new IOException("the agent's reply was closed");
            }
            Object item;
            try {
                item = arrived.poll(idleNanos, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new InterruptedIOException("interrupted waiting for the agent");
            }
            if (item == null) {
                close();
                throw new IOException("the agent sent nothing for " + TimeUnit.NANOSECONDS.toMillis(idleNanos) + " ms");
            }
            if (item == END) {
                ended = true;
                return null;
            }
            if (item instanceof Throwable failure) {
                ended = true;
                throw failure instanceof IOException io ? io : new IOException(failure);
            }
            pending = ((List<ByteBuffer>) item).iterator();
            subscription.request(1);
        }
        return current;
    }
}
