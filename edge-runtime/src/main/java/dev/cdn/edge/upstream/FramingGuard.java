package dev.cdn.edge.upstream;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Closes an upstream connection whose HTTP/1.1 framing can no longer be trusted, so the pool never hands it to
 * another request. Three cases: bytes that arrive when no response is due (the origin sent more body than its
 * Content-Length: they would be read as the next request's response, RFC 9112 §6.3 and §9.3.2 on a connection that
 * can no longer be delimited); a message the decoder could not parse (duplicate or invalid Content-Length, bad
 * status line), which is still passed on so the exchange fails with it; and a status code outside 100-599, which
 * RFC 9110 §15 does not define (the exchange fails as a premature close, answered 502).
 *
 * <p>Sits between the HTTP codec and reactor-netty, after {@link InterimResponseFilter}; interim responses it lets
 * through (100 Continue) do not end the exchange.
 */
final class FramingGuard extends ChannelDuplexHandler {

    static final String NAME = "cdn.framingGuard";

    /** A request was written and its final response has not ended yet. */
    private boolean responseDue;
    /** Inside an interim (1xx) response: its end is not the end of the exchange. */
    private boolean interim;

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof HttpRequest) {
            responseDue = true;
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HttpObject http)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (!responseDue) {
            // Nothing was asked: these bytes belong to no exchange, and whatever follows cannot be framed.
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        if (http.decoderResult().isFailure()) {
            responseDue = false;
            ctx.fireChannelRead(msg);
            ctx.close();
            return;
        }
        if (msg instanceof HttpResponse response) {
            int status = response.status().code();
            if (status < 100 || status > 599) {
                responseDue = false;
                ReferenceCountUtil.release(msg);
                ctx.close();
                return;
            }
            interim = status < 200;
        }
        if (msg instanceof LastHttpContent) {
            if (interim) {
                interim = false;
            } else {
                responseDue = false;
            }
        }
        ctx.fireChannelRead(msg);
    }
}
