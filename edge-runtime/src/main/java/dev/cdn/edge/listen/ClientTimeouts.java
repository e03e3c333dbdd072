package dev.cdn.edge.listen;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2StreamChannel;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.Connection;
import reactor.netty.NettyPipeline;

/**
 * Installs the client timeout on a client connection, once, right after its HTTP codec: {@link Http1ClientTimeout}
 * on HTTP/1.1, {@link Http2ClientTimeout} on HTTP/2. Called from a listener's {@code doOnChannelInit}.
 *
 * <p>On a listener that negotiates the protocol by ALPN (RFC 7301), the codec exists only once the TLS handshake is
 * done; a stand-in placed after the negotiating handler installs the timeout then, at the handshake's event or at the
 * first bytes it passes on (application data that arrived with the handshake is handed on before the event), before
 * the codec decodes anything, so no request goes uncounted.
 */
public final class ClientTimeouts {

    private static final Logger log = LoggerFactory.getLogger(ClientTimeouts.class);
    static final String NAME = "edge.clientTimeout";
    private static final String INSTALLER = "edge.clientTimeoutInstaller";

    private ClientTimeouts() {
    }

    /** Puts the client timeout on {@code channel}'s pipeline, now or once its protocol is negotiated. */
    public static void install(Channel channel, Duration timeout) {
        long nanos = timeout.toNanos();
        ChannelPipeline pipeline = channel.pipeline();
        if (installAfterCodec(pipeline, nanos)) {
            return;
        }
        if (pipeline.get(NettyPipeline.H2OrHttp11Codec) != null) {
            pipeline.addAfter(NettyPipeline.H2OrHttp11Codec, INSTALLER, new AfterNegotiation(nanos));
        } else {
            // Not a pipeline reactor-netty builds for an HTTP listener today; say so rather than serve unbounded.
            log.warn("no HTTP codec on {}: its connections have no client timeout", channel);
        }
    }

    /**
     * Called for every request a listener configures (reactor-netty's {@code doOnConnection}): an HTTP/2 stream
     * channel is made known to its connection's timeout, which reaches the stream through it; anything else costs a
     * type check.
     */
    public static void requestConfigured(Connection request) {
        if (request.channel() instanceof Http2StreamChannel stream
                && stream.parent().pipeline().get(NAME) instanceof Http2ClientTimeout timeout) {
            timeout.streamOpened(stream);
        }
    }

    /** Installs the timeout after the HTTP codec if there is one (and none is installed yet); whether it is there. */
    static boolean installAfterCodec(ChannelPipeline pipeline, long timeoutNanos) {
        if (pipeline.get(NAME) != null) {
            return true;
        }
        if (pipeline.get(NettyPipeline.HttpCodec) == null) {
            return false;
        }
        ChannelHandler handler = pipeline.get(NettyPipeline.H2MultiplexHandler) != null
                ? new Http2ClientTimeout(timeoutNanos) : new Http1ClientTimeout(timeoutNanos);
        pipeline.addAfter(NettyPipeline.HttpCodec, NAME, handler);
        return true;
    }

    /** Waits for ALPN to add the codec, installs the timeout after it and leaves the pipeline. */
    private static final class AfterNegotiation extends ChannelInboundHandlerAdapter {

        private final long timeoutNanos;

        AfterNegotiation(long timeoutNanos) {
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            installed(ctx);
            ctx.fireChannelRead(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            installed(ctx);
            ctx.fireUserEventTriggered(evt);
        }

        private void installed(ChannelHandlerContext ctx) {
            if (installAfterCodec(ctx.pipeline(), timeoutNanos)) {
                ctx.pipeline().remove(this);
            }
        }
    }
}
