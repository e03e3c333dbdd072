package dev.cdn.geodns.wire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns bytes into a query with Netty's decoder, never throwing: anything that is oversized, shorter than a
 * header, or that the decoder refuses (bad counts, names running past the end, compression loops) becomes a
 * {@link MalformedQuery}. Shared by both transports: over TCP each length-prefixed message is read the same way.
 */
final class QueryReader extends DatagramDnsQueryDecoder {

    /** A DNS header: 12 bytes (RFC 1035 section 4.1.1). */
    static final int HEADER_BYTES = 12;

    private final int maxQueryBytes;

    QueryReader(int maxQueryBytes) {
        this.maxQueryBytes = maxQueryBytes;
    }

    /** A query ({@code io.netty.handler.codec.dns.DnsQuery}, to be released) or a {@link MalformedQuery}. */
    Object read(ChannelHandlerContext ctx, ByteBuf bytes, InetSocketAddress sender, InetSocketAddress recipient) {
        int length = bytes.readableBytes();
        int id = length >= 2 ? bytes.getUnsignedShort(bytes.readerIndex()) : -1;
        if (length > maxQueryBytes) {
            return new MalformedQuery(sender, recipient, id, true);
        }
        // A response (QR set) sent here is never answered: answering would let two servers bounce messages forever.
        if (length >= 3 && (bytes.getByte(bytes.readerIndex() + 2) & 0x80) != 0) {
            return new MalformedQuery(sender, recipient, -1, false);
        }
        if (length < HEADER_BYTES) {
            return new MalformedQuery(sender, recipient, id, false);
        }
        List<Object> out = new ArrayList<>(1);
        try {
            super.decode(ctx, new DatagramPacket(bytes, recipient, sender), out);
        } catch (Exception | StackOverflowError e) {
            // The decoder releases what it built before it throws; what it added to out is released here.
            out.forEach(io.netty.util.ReferenceCountUtil::release);
            return new MalformedQuery(sender, recipient, id, false);
        }
        return out.isEmpty() ? new MalformedQuery(sender, recipient, id, false) : out.get(0);
    }
}
