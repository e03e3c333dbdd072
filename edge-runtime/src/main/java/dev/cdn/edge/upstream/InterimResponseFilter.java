package dev.cdn.edge.upstream;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Drops interim (1xx) responses an upstream sends before its final response, such as {@code 102 Processing} and
 * {@code 103 Early Hints} (RFC 9110 §15.2: a client must parse any number of them before the final response).
 * Netty's decoder frames them correctly, but reactor-netty takes every status except 100 as the final response:
 * the 103 was relayed as the answer and the real response lost. Sitting between the codec and reactor-netty, this
 * handler removes each interim response and the empty content that closes it, so the exchange only ever sees the
 * final response. {@code 100 Continue} is left to reactor-netty, which handles it; {@code 101} is never interim.
 *
 * <p>The edge is a gateway: it acts as the origin server for its clients (RFC 9110 §3.7), so it does not relay the
 * hints; clients get the final response with its own Link fields.
 */
final class InterimResponseFilter extends ChannelInboundHandlerAdapter {

    static final String NAME = "cdn.interimResponseFilter";

    /** Between an interim response's head and the LastHttpContent the decoder emits for it. */
    private boolean dropping;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpResponse response && interim(response.status().code())) {
            dropping = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        if (dropping && msg instanceof HttpContent) {
            dropping = !(msg instanceof LastHttpContent);
            ReferenceCountUtil.release(msg);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    static boolean interim(int status) {
        return status >= 102 && status < 200;
    }
}
