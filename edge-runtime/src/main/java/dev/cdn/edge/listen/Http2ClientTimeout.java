package dev.cdn.edge.listen;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2FrameStreamEvent;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;

/**
 * The client timeout of one HTTP/2 connection, installed once between the HTTP/2 frame codec and the stream
 * multiplexer. Two rules, both reactor-netty's as they were with {@code idleTimeout} and {@code readTimeout}:
 * <ul>
 *   <li>the connection is closed (GOAWAY, then close, by the codec before this handler) once neither a frame was read
 *       nor a write completed for the timeout (with no PING probing configured);</li>
 *   <li>a stream whose request body is still being received (HEADERS without END_STREAM, RFC 9113 section 8.1) and
 *       has been silent for the timeout gets a read timeout on its stream channel (its request's handler learns why
 *       the body ended) and is closed, which resets it (CANCEL, section 8.7) if still open, while the connection's
 *       other streams go on. A request sent whole in its HEADERS costs nothing here; a body costs one small record
 *       while it arrives, and one check per connection re-arms itself for the earliest deadline.</li>
 * </ul>
 * A stream whose request was received in full waits for its response without a timeout of its own.
 */
final class Http2ClientTimeout extends IdleStateHandler implements Runnable {

    private final long timeoutNanos;
    private ChannelHandlerContext ctx;
    private Ticker ticker;
    /** Streams whose request body is being received, by stream id; made with the connection's first such body. */
    private IntObjectMap<Receiving> receiving;
    private Future<?> check;

    Http2ClientTimeout(long timeoutNanos) {
        super(0, 0, timeoutNanos, TimeUnit.NANOSECONDS);
        this.timeoutNanos = timeoutNanos;
    }

    /** A request body being received: its stream, its stream channel once made, and when its last frame was read. */
    private static final class Receiving {
        final Http2FrameStream stream;
        Http2StreamChannel channel;
        long lastRead;

        Receiving(Http2FrameStream stream, long lastRead) {
            this.stream = stream;
            this.lastRead = lastRead;
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        this.ticker = ctx.executor().ticker();
        super.handlerAdded(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) throws Exception {
        disarm();
        super.handlerRemoved(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        disarm();
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof Http2HeadersFrame headers) {
            if (headers.isEndStream()) {
                finished(headers.stream().id()); // a request without a body, or a body's trailers
            } else if (receiving == null || !receiving.containsKey(headers.stream().id())) {
                started(headers.stream());
            }
        } else if (msg instanceof Http2DataFrame data && receiving != null) {
            Receiving body = receiving.get(data.stream().id());
            if (body != null) {
                if (data.isEndStream()) {
                    receiving.remove(data.stream().id());
                } else {
                    body.lastRead = ticker.nanoTime();
                }
            }
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        // A stream closed by either side (a reset, an early answer) receives nothing more.
        if (evt instanceof Http2FrameStreamEvent event && event.type() == Http2FrameStreamEvent.Type.State
                && event.stream().state() == Http2Stream.State.CLOSED) {
            finished(event.stream().id());
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        if (evt.state() == IdleState.ALL_IDLE) {
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void started(Http2FrameStream stream) {
        if (receiving == null) {
            receiving = new IntObjectHashMap<>(4);
        }
        receiving.put(stream.id(), new Receiving(stream, ticker.nanoTime()));
        if (check == null) {
            arm(timeoutNanos);
        }
    }

    /** The stream channel that serves {@code channel.stream()}, made once its HEADERS passed this handler. */
    void streamOpened(Http2StreamChannel channel) {
        Receiving body = receiving == null ? null : receiving.get(channel.stream().id());
        if (body != null) {
            body.channel = channel;
        }
    }

    private void finished(int streamId) {
        if (receiving != null) {
            receiving.remove(streamId);
        }
    }

    /** The check: resets each stream whose body has been silent for the timeout, re-arms for the earliest other. */
    @Override
    public void run() {
        check = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        Receiving stalled;
        while ((stalled = nextStalled()) != null) {
            receiving.remove(stalled.stream.id());
            if (stalled.channel != null) {
                // As reactor-netty's read timeout did on the stream: its request's handler learns why the body
                // ended (and may still answer), then the stream is closed, which resets it if still open.
                stalled.channel.pipeline().fireExceptionCaught(ReadTimeoutException.INSTANCE);
                stalled.channel.close();
            } else {
                ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(stalled.stream));
            }
        }
        long now = ticker.nanoTime();
        long next = Long.MAX_VALUE;
        for (Receiving body : receiving.values()) {
            next = Math.min(next, timeoutNanos - (now - body.lastRead));
        }
        if (next != Long.MAX_VALUE) {
            arm(Math.max(next, 1));
        }
    }

    private Receiving nextStalled() {
        long now = ticker.nanoTime();
        for (Receiving body : receiving.values()) {
            if (now - body.lastRead >= timeoutNanos) {
                return body;
            }
        }
        return null;
    }

    private void arm(long delayNanos) {
        check = ctx.executor().schedule(this, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void disarm() {
        if (check != null) {
            check.cancel(false);
            check = null;
        }
    }
}
