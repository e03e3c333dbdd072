package dev.cdn.edge.listen;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutException;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Ticker;
import java.util.concurrent.TimeUnit;

/**
 * The client timeout of one HTTP/1.1 connection: closes it once the client has been silent for the timeout while the
 * connection is idle between requests or while a request is being received (a slowloris), and never while the edge
 * owes it a response (a request read in full whose response has not finished: a slow origin is the edge's silence,
 * not the client's).
 *
 * <p>One instance per connection, installed once right after the HTTP codec, so it sees decoded requests and the
 * responses' final writes. It keeps the time of the last read in a field and arms one check at a time, which re-arms
 * itself for the time left when it fires early (the technique of Netty's {@code IdleStateHandler}): a request costs
 * no object and no timer operation. reactor-netty's {@code idleTimeout} and {@code readTimeout} serve the same rule by
 * adding and removing a handler and a scheduled task on every request.
 *
 * <p>Pipelined requests (RFC 9112 section 9.3.2) are counted: requests read in full against responses finished, in
 * order. A response that finishes while its request is still being received (an early 413 or 431) answers that
 * request, so its body arriving later owes nothing and cannot leave the connection exempt.
 *
 * <p>Everything runs on the connection's event loop; nothing blocks.
 */
final class Http1ClientTimeout extends ChannelDuplexHandler implements Runnable, ChannelFutureListener {

    private final long timeoutNanos;
    private ChannelHandlerContext ctx;
    private Ticker ticker;
    private Future<?> check;
    /** The last read of a decoded message, or the end of the last response: when the client's silence began. */
    private long lastActivity;
    /** Requests read in full whose responses have not finished. */
    private int owed;
    /** A request's head was read and its last content not yet. */
    private boolean receiving;
    /** The request being received was answered before it was read in full. */
    private boolean answeredEarly;
    /** The response being written is informational (100 Continue): its end does not answer the request. */
    private boolean informational;

    Http1ClientTimeout(long timeoutNanos) {
        if (timeoutNanos <= 0) {
            throw new IllegalArgumentException("the client timeout must be positive, was " + timeoutNanos + " ns");
        }
        this.timeoutNanos = timeoutNanos;
    }

    /** Where the connection stands now. */
    ConnectionPhase phase() {
        return ConnectionPhase.of(owed, receiving);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.ticker = ctx.executor().ticker();
        this.lastActivity = ticker.nanoTime();
        if (ctx.channel().isActive()) {
            arm(timeoutNanos);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (check == null) {
            lastActivity = ticker.nanoTime();
            arm(timeoutNanos);
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        disarm();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        disarm();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        lastActivity = ticker.nanoTime();
        if (msg instanceof HttpRequest) {
            receiving = true;
            answeredEarly = false;
        }
        // A FullHttpRequest is both: its head and its last content in one message.
        if (msg instanceof LastHttpContent && receiving) {
            receiving = false;
            if (answeredEarly) {
                answeredEarly = false;
            } else {
                owed++;
            }
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response) {
            informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        }
        if (msg instanceof LastHttpContent && !informational) {
            // The response has finished once its last bytes are written out (a client still reading it is owed it).
            ChannelPromise p = promise.unvoid();
            p.addListener(this);
            ctx.write(msg, p);
            return;
        }
        ctx.write(msg, promise);
    }

    /** The last write of a response completed: that response has finished. */
    @Override
    public void operationComplete(ChannelFuture future) {
        lastActivity = ticker.nanoTime();
        if (owed > 0) {
            owed--;
        } else if (receiving) {
            answeredEarly = true;
        }
    }

    /** The check: closes a connection silent past the timeout, or arms itself again for the time left. */
    @Override
    public void run() {
        check = null;
        if (!ctx.channel().isOpen()) {
            return;
        }
        ConnectionPhase phase = phase();
        if (phase == ConnectionPhase.RESPONSE_OWED) {
            arm(timeoutNanos);
            return;
        }
        long left = timeoutNanos - (ticker.nanoTime() - lastActivity);
        if (left > 0) {
            arm(left);
            return;
        }
        if (phase == ConnectionPhase.RECEIVING) {
            // As reactor-netty's read timeout did: the request's handler learns why its body ended.
            ctx.fireExceptionCaught(ReadTimeoutException.INSTANCE);
        }
        ctx.close();
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
