package io.coditect.relay;

import io.coditect.terminal.TerminalSettings;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * Opens the gateway's attach WebSockets to agents ({@link AgentSocket}), with Netty's HTTP codec
 * and WebSocket handshaker on a few event-loop threads of their own. An agent is untrusted input
 * (its user controls it), so every part of the exchange is bounded:
 * <ul>
 * <li>the whole handshake (connecting, the upgrade, a refusal's body) within one deadline;
 * <li>a refused upgrade's answer read to at most {@link #MAX_REFUSAL_BYTES} (Netty's
 * {@code HttpObjectAggregator}): the status and that much of the body, for {@link AgentRefusals}; a
 * longer answer fails the attempt, and the connection is cut;
 * <li>frames of at most {@link #MAX_FRAME_BYTES}, text messages of at most {@link #MAX_TEXT_BYTES};
 * <li>the socket read only while the listener asked for frames (auto-read off), one read buffer of
 * at most {@link #READ_BYTES} at a time.
 * </ul>
 * (The JDK's WebSocket client reads a refused upgrade's whole body into a String, with no cap and
 * no timeout past the headers: an agent answering with an endless body took the gateway's heap.)
 * Created on the first attach, so servers of the other roles never start its threads.
 */
@ApplicationScoped
public class AgentSockets {
    /** The most of a refused upgrade's answer the gateway reads: an agent's error body is a few hundred bytes. */
    static final int MAX_REFUSAL_BYTES = 16 * 1024;
    /** The largest frame an agent sends (its output frames); a larger one is a broken agent. */
    static final int MAX_FRAME_BYTES = TerminalSettings.OUTPUT_FRAME;
    /** The longest text message (an event) an agent sends; events are small. */
    static final int MAX_TEXT_BYTES = 64 * 1024;
    /** The most one read of a link takes from its socket: beyond the relay's window, a link holds at most this and one frame. */
    static final int READ_BYTES = 64 * 1024;

    private EventLoopGroup loops;
    /** Where a link's end is told (a virtual thread each): the relay's reaction may wait on the store. */
    private ExecutorService endings;

    @PostConstruct
    void start() {
        loops = new NioEventLoopGroup(Runtime.getRuntime().availableProcessors(), new DefaultThreadFactory("coditect-agent-link", true));
        endings = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("coditect-agent-link-end-", 0).factory());
    }

    @PreDestroy
    void stop() {
        if (loops != null) {
            loops.shutdownGracefully(0, 2, TimeUnit.SECONDS);
            endings.shutdown();
        }
    }

    /**
     * Opens a WebSocket to {@code uri} ({@code ws} or {@code wss}) with {@code headers}; the future
     * completes once the agent accepted the upgrade, or fails within {@code timeout}: with
     * {@link AgentSocket.Refused} when the agent answered with another status, else with what went wrong.
     */
    public CompletableFuture<AgentSocket> open(URI uri, Map<String, String> headers, Duration timeout, AgentSocket.Listener listener) {
        boolean secure = "wss".equals(uri.getScheme());
        int port = uri.getPort() != -1 ? uri.getPort() : secure ? 443 : 80;
        // Resolved here, on the attaching thread: a slow name lookup must not hold a shared event loop.
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), port);
        if (address.isUnresolved()) {
            return CompletableFuture.failedFuture(new UnknownHostException(uri.getHost()));
        }
        HttpHeaders extra = new DefaultHttpHeaders();
        headers.forEach(extra::add);
        NettyAgentSocket socket = new NettyAgentSocket(
                // Masked frames as a client must send; no Origin header: the gateway is a program, not a page.
                WebSocketClientHandshakerFactory.newHandshaker(uri, WebSocketVersion.V13, null, false, extra, MAX_FRAME_BYTES,
                        true, false, 0, false, false),
                listener, MAX_TEXT_BYTES, endings);
        Bootstrap bootstrap = new Bootstrap().group(loops).channel(NioSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(64, 2048, READ_BYTES).maxMessagesPerRead(1))
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) throws NoSuchAlgorithmException {
                        ChannelPipeline pipeline = channel.pipeline();
                        if (secure) {
                            pipeline.addLast(tls(uri.getHost(), port));
                        }
                        pipeline.addLast(new HttpClientCodec(), new HttpObjectAggregator(MAX_REFUSAL_BYTES), socket);
                    }
                });
        return socket.handshake(bootstrap.connect(address), timeout);
    }

    /** TLS as the JDK's clients do it: the JVM's default trust, and the host name checked against the certificate. */
    private static SslHandler tls(String host, int port) throws NoSuchAlgorithmException {
        SSLEngine engine = SSLContext.getDefault().createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        return new SslHandler(engine);
    }
}
