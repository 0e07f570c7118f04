package io.coditect.relay;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One attach WebSocket to an agent, as the last handler of its Netty pipeline: the upgrade first
 * (its answer aggregated by the pipeline, so a refusal arrives whole or not at all), then frames,
 * queued as they are decoded and passed to the {@link AgentSocket.Listener} only as it asks for
 * them. The socket is read (auto-read is off after the upgrade) only while frames are asked for and
 * none is queued, so an agent's frames wait in its own socket buffers, not in the gateway. A close
 * of the connection reaches the listener after the frames that came before it. The link's end
 * ({@code onClose}, {@code onError}) is told on a thread of {@code endings}, not on the event loop:
 * what the relay does then (the attachment's end, a store write) must not hold other links.
 *
 * <p>All state but {@link #ended} is touched on the channel's event loop only.
 */
final class NettyAgentSocket extends ChannelInboundHandlerAdapter implements AgentSocket {
    /** What a WebSocket close without a status code reports (RFC 6455, 7.1.5). */
    private static final int NO_STATUS = 1005;

    private final WebSocketClientHandshaker handshaker;
    private final Listener listener;
    private final int maxTextBytes;
    private final Executor endings;
    private final CompletableFuture<AgentSocket> opened = new CompletableFuture<>();
    private final ArrayDeque<WebSocketFrame> frames = new ArrayDeque<>();
    private volatile Channel channel;
    /** The listener was told of the end (or the link was aborted): it hears nothing more. */
    private volatile boolean ended;
    /** The text message being put together from its frames; null outside one. */
    private ByteArrayOutputStream text;
    private long demand;
    private boolean delivering;
    private boolean inactive;

    NettyAgentSocket(WebSocketClientHandshaker handshaker, Listener listener, int maxTextBytes, Executor endings) {
        this.handshaker = handshaker;
        this.listener = listener;
        this.maxTextBytes = maxTextBytes;
        this.endings = endings;
    }

    /** The attempt on {@code connect}'s channel: completes with this socket once upgraded, or fails within {@code timeout}. */
    CompletableFuture<AgentSocket> handshake(ChannelFuture connect, Duration timeout) {
        channel = connect.channel();
        var deadline = channel.eventLoop().schedule(() -> failOpening(
                new SocketTimeoutException("the agent did not complete the upgrade within " + timeout)), timeout.toNanos(), TimeUnit.NANOSECONDS);
        connect.addListener(done -> {
            if (!done.isSuccess()) {
                failOpening(done.cause());
            }
        });
        // A failed or abandoned (cancelled) attempt cuts its connection.
        opened.whenComplete((socket, failure) -> {
            deadline.cancel(false);
            if (failure != null) {
                ended = true;
                channel.close();
            }
        });
        return opened;
    }

    // ---- AgentSocket --------------------------------------------------------------------------

    @Override
    public void request(long n) {
        Channel on = channel;
        if (on.eventLoop().inEventLoop()) {
            demand += n;
            deliver();
        } else {
            on.eventLoop().execute(() -> {
                demand += n;
                deliver();
            });
        }
    }

    @Override
    public CompletableFuture<Void> sendBinary(ByteBuffer data) {
        return written(channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(data))));
    }

    @Override
    public CompletableFuture<Void> sendText(String message) {
        return written(channel.writeAndFlush(new TextWebSocketFrame(message)));
    }

    @Override
    public void abort() {
        ended = true;
        channel.close();
    }

    private static CompletableFuture<Void> written(ChannelFuture write) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        write.addListener(result -> {
            if (result.isSuccess()) {
                done.complete(null);
            } else {
                done.completeExceptionally(result.cause());
            }
        });
        return done;
    }

    // ---- the pipeline's events ----------------------------------------------------------------

    @Override
    public void channelActive(ChannelHandlerContext context) {
        handshaker.handshake(context.channel()).addListener(sent -> {
            if (!sent.isSuccess()) {
                failOpening(sent.cause());
            }
        });
        context.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (message instanceof WebSocketFrame frame && !ended) {
            frames.add(frame);
            deliver();
            return;
        }
        try {
            if (message instanceof FullHttpResponse answer) {
                answered(context, answer);
            }
        } finally {
            ReferenceCountUtil.release(message);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (!opened.isDone()) {
            failOpening(cause instanceof TooLongFrameException
                    ? new Broken("the agent's answer to the upgrade is longer than " + AgentSockets.MAX_REFUSAL_BYTES + " bytes", cause)
                    : cause);
            return;
        }
        end(cause instanceof CorruptedWebSocketFrameException || cause instanceof DecoderException
                ? new Broken("the agent broke the WebSocket protocol: " + cause.getMessage(), cause) : cause);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        if (!opened.isDone()) {
            failOpening(new IOException("the agent closed the connection before it answered the upgrade"));
        } else {
            inactive = true;
            deliver();
        }
        context.fireChannelInactive();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        channel = context.channel();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext context) {
        frames.forEach(ReferenceCountUtil::release);
        frames.clear();
    }

    /** The upgrade's answer, whole (the aggregator refused a longer one). */
    private void answered(ChannelHandlerContext context, FullHttpResponse answer) {
        if (opened.isDone()) {
            return;
        }
        if (answer.decoderResult().isFailure()) {
            failOpening(new Broken("a malformed answer to the upgrade", answer.decoderResult().cause()));
            return;
        }
        if (!HttpResponseStatus.SWITCHING_PROTOCOLS.equals(answer.status())) {
            failOpening(new Refused(answer.status().code(), ByteBufUtil.getBytes(answer.content())));
            return;
        }
        // From here on the socket is read only as frames are asked for.
        context.channel().config().setAutoRead(false);
        try {
            handshaker.finishHandshake(context.channel(), answer);
        } catch (WebSocketHandshakeException e) {
            failOpening(new Broken("the agent's answer to the upgrade is not a WebSocket one: " + e.getMessage(), e));
            return;
        }
        if (opened.complete(this)) {
            listener.onOpen(this);
        }
    }

    private void failOpening(Throwable cause) {
        opened.completeExceptionally(cause);
    }

    /** Passes queued frames on while they are asked for; reads the socket for more while asked and none is queued. */
    private void deliver() {
        if (delivering) {
            // A listener asking for more while it is handed a frame: the loop below goes on.
            return;
        }
        delivering = true;
        try {
            while (!ended && demand > 0 && !frames.isEmpty()) {
                demand--;
                WebSocketFrame frame = frames.poll();
                try {
                    dispatch(frame);
                } finally {
                    frame.release();
                }
            }
            if (!ended && frames.isEmpty()) {
                if (inactive) {
                    end(new IOException("the agent closed the connection without a close frame"));
                } else if (demand > 0) {
                    channel.read();
                }
            }
        } finally {
            delivering = false;
        }
    }

    private void dispatch(WebSocketFrame frame) {
        if (frame instanceof PingWebSocketFrame) {
            channel.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
            listener.onPing(this);
        } else if (frame instanceof PongWebSocketFrame) {
            listener.onPart(this);
        } else if (frame instanceof CloseWebSocketFrame close) {
            ended = true;
            int statusCode = close.statusCode() < 0 ? NO_STATUS : close.statusCode();
            String reason = close.reasonText();
            tell(() -> listener.onClose(this, statusCode, reason));
        } else if (frame instanceof TextWebSocketFrame || (frame instanceof ContinuationWebSocketFrame && text != null)) {
            textPart(frame);
        } else {
            // A binary frame, or a continuation of a binary message: the decoder checked the sequence.
            ByteBuffer copy = ByteBuffer.allocate(frame.content().readableBytes());
            frame.content().readBytes(copy);
            listener.onBinary(this, copy.flip());
        }
    }

    private void textPart(WebSocketFrame frame) {
        if (text == null) {
            text = new ByteArrayOutputStream();
        }
        int length = frame.content().readableBytes();
        if (text.size() + length > maxTextBytes) {
            end(new Broken("the agent sent a text message longer than " + maxTextBytes + " bytes", null));
            return;
        }
        byte[] bytes = new byte[length];
        frame.content().readBytes(bytes);
        text.writeBytes(bytes);
        if (!frame.isFinalFragment()) {
            listener.onPart(this);
            return;
        }
        String message = text.toString(StandardCharsets.UTF_8);
        text = null;
        listener.onText(this, message);
    }

    /** Ends the link for a reason other than the agent's close: the listener hears of it once, the connection is cut. */
    private void end(Throwable error) {
        if (ended) {
            return;
        }
        ended = true;
        channel.close();
        tell(() -> listener.onError(this, error));
    }

    private void tell(Runnable end) {
        try {
            endings.execute(end);
        } catch (RejectedExecutionException e) {
            // The gateway is stopping: no attachment is left to tell.
        }
    }
}
