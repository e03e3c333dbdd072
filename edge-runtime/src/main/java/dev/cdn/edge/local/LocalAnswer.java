package dev.cdn.edge.local;

import dev.cdn.edge.store.Body;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the request path answered an in-process request: status, headers and the body as it streams. The body must
 * be consumed exactly once (read, relayed or {@link #discard() discarded}): the request path finishes only when it
 * has been.
 *
 * @param storedBody the stored payload the whole body came from, or null (a fill, an error, a disk read)
 */
public record LocalAnswer(int status, HttpHeaders headers, Flux<ByteBuf> body, Body storedBody) {

    /** Thrown through {@link #bytes} when the body is longer than allowed. */
    public static final class TooLarge extends RuntimeException {
        TooLarge(long max) {
            super("body longer than " + max + " bytes", null, false, false);
        }
    }

    /** The whole body on the heap, or an error ({@link TooLarge}) as soon as it passes {@code max} bytes. */
    public Mono<byte[]> bytes(long max) {
        return body.reduce(new ByteArrayOutputStream(), (out, buf) -> {
            try {
                if (out.size() + (long) buf.readableBytes() > max) {
                    throw new TooLarge(max);
                }
                byte[] chunk = new byte[buf.readableBytes()];
                buf.getBytes(buf.readerIndex(), chunk);
                out.writeBytes(chunk);
                return out;
            } finally {
                buf.release();
            }
        }).map(ByteArrayOutputStream::toByteArray).defaultIfEmpty(new byte[0]);
    }

    /** Reads the body to its end and drops it. */
    public Mono<Void> discard() {
        return body.doOnNext(ByteBuf::release).then();
    }
}
