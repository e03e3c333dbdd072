package dev.cdn.geodns.wire;

import dev.cdn.geodns.metrics.DnsMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DefaultDnsResponse;
import io.netty.handler.codec.dns.DnsQuery;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-message step shared by both transports: bytes in, one response out (or nothing, for a message that
 * cannot be answered). Runs on the event loop and never blocks: the answer reads an in-memory snapshot.
 */
final class QueryHandler extends SimpleChannelInboundHandler<Object> {

    private static final Logger log = LoggerFactory.getLogger(QueryHandler.class);

    private final Transport transport;
    private final QueryReader reader;
    private final Responder responder;
    private final DnsMetrics metrics;

    QueryHandler(Transport transport, QueryReader reader, Responder responder, DnsMetrics metrics) {
        this.transport = transport;
        this.reader = reader;
        this.responder = responder;
        this.metrics = metrics;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
        InetSocketAddress sender;
        InetSocketAddress recipient;
        ByteBuf bytes;
        if (msg instanceof DatagramPacket packet) {
            sender = packet.sender();
            recipient = packet.recipient();
            bytes = packet.content();
        } else if (msg instanceof ByteBuf frame) {
            sender = (InetSocketAddress) ctx.channel().remoteAddress();
            recipient = (InetSocketAddress) ctx.channel().localAddress();
            bytes = frame;
        } else {
            return;
        }
        Object read = reader.read(ctx, bytes, sender, recipient);
        Reply reply;
        if (read instanceof DnsQuery query) {
            try {
                reply = responder.respond(query, sender.getAddress(), transport);
            } catch (RuntimeException e) {
                // A defect of ours, not the client's mistake: SERVFAIL (RFC 1035 section 4.1.1), and keep serving.
                log.error("answering {} failed", query, e);
                reply = responder.failure(query);
            } finally {
                ReferenceCountUtil.release(query);
            }
        } else {
            MalformedQuery m = (MalformedQuery) read;
            if (m.id() < 0) {
                metrics.dropped(transport.label());
                return;
            }
            reply = responder.malformed(m);
        }
        metrics.query(transport.label(), reply.typeLabel(), reply.rcode().name(), reply.truncated());
        reply.decision().ifPresent(d -> d.chosen().ifPresent(c -> metrics.answer(c.pop().name(), d.pick().label())));
        DnsResponse response = transport == Transport.UDP
                ? new DatagramDnsResponse(recipient, sender, reply.id(), reply.opCode(), DnsResponseCode.valueOf(reply.rcode().headerBits()))
                : new DefaultDnsResponse(reply.id(), reply.opCode(), DnsResponseCode.valueOf(reply.rcode().headerBits()));
        fill(response, reply);
        if (transport == Transport.UDP) {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        }
    }

    private static void fill(DnsResponse response, Reply reply) {
        response.setAuthoritativeAnswer(reply.authoritative());
        response.setTruncated(reply.truncated());
        response.setRecursionDesired(reply.recursionDesired());
        reply.question().ifPresent(q -> response.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(q.name(), q.type(), q.dnsClass())));
        add(response, DnsSection.ANSWER, reply.answers());
        add(response, DnsSection.AUTHORITY, reply.authority());
        reply.opt().ifPresent(o -> add(response, DnsSection.ADDITIONAL, List.of(o)));
    }

    private static void add(DnsResponse response, DnsSection section, List<Rr> records) {
        for (Rr r : records) {
            response.addRecord(section, new DefaultDnsRawRecord(r.name(), r.type(), r.dnsClass(), r.ttl(),
                    Unpooled.wrappedBuffer(r.rdata())));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // UDP: one bad write must not stop the socket. TCP: the connection is closed, the server keeps serving.
        log.debug("{} channel error: {}", transport.label(), cause.toString());
        if (transport == Transport.TCP) {
            ctx.close();
        }
    }
}
