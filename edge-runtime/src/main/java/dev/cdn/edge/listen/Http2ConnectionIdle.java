package dev.cdn.edge.listen;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The client timeout of one HTTP/2 connection: closed (GOAWAY, then close, by the HTTP/2 codec before it) once neither
 * a frame was read nor a write completed for the timeout. This is reactor-netty's own rule for HTTP/2 ({@code
 * idleTimeout} on the connection, installed once, with no PING probing configured), kept as it was: one handler per
 * connection, nothing per stream. A stream whose request body stalls is reset by reactor-netty's {@code readTimeout},
 * which the listener that speaks HTTP/2 keeps for that reason.
 */
final class Http2ConnectionIdle extends IdleStateHandler {

    Http2ConnectionIdle(long timeoutNanos) {
        super(0, 0, timeoutNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
        if (evt.state() == IdleState.ALL_IDLE) {
            ctx.close();
        }
        ctx.fireUserEventTriggered(evt);
    }
}
