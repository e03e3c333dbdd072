package dev.cdn.edge.control;

import io.netty.buffer.Unpooled;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;

/**
 * The ack stream (docs/control-channel.md): one long {@code POST /v1/edge/acks} whose body carries one NDJSON line
 * per batch of acks, so that acknowledging an event costs a line instead of a request (about a millisecond of CPU,
 * client and server together; docs/benchmarks.md). It is opened with each event stream connection, on control planes that
 * offer it, and ended with it. While none is open, or once the control plane ended it, {@link #trySend} refuses and
 * the caller posts the batch as a request of its own. Acks are advisory, so lines lost with a broken connection
 * are not resent.
 *
 * <p>Bounded: at most {@link #MAX_BUFFERED} lines wait to be written (before the connection is up, or while the
 * control plane does not read). When that is full the control plane is not taking the stream: it is ended, and
 * acks go as requests of their own (each with a timeout, see {@link AckPump}) until the next event stream opens a
 * new one.
 */
final class AckStream implements AutoCloseable {

    /** The response header by which a control plane's event stream offers the ack stream. */
    static final String OFFER_HEADER = "X-Edge-Acks";
    static final String NDJSON = "application/x-ndjson";

    private static final Logger log = LoggerFactory.getLogger(AckStream.class);

    static final int MAX_BUFFERED = 1024;

    private final HttpClient client;
    private final int maxBuffered;
    /** The lines of the open stream, or null when none is open. */
    private final AtomicReference<Sinks.Many<byte[]>> open = new AtomicReference<>();

    AckStream(HttpClient client) {
        this(client, MAX_BUFFERED);
    }

    AckStream(HttpClient client, int maxBuffered) {
        this.client = client.headers(h -> h.set("Content-Type", NDJSON));
        this.maxBuffered = maxBuffered;
    }

    /** Opens a new stream, ending the previous one. */
    void open() {
        Sinks.Many<byte[]> lines = Sinks.many().unicast()
                .onBackpressureBuffer(reactor.util.concurrent.Queues.<byte[]>get(maxBuffered).get());
        end(open.getAndSet(lines));
        client.post()
                .uri("/v1/edge/acks")
                .send(lines.asFlux().map(Unpooled::wrappedBuffer))
                .responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
                .subscribe(status -> {
                    if (status / 100 != 2) {
                        log.warn("the control plane ended the ack stream with {}; posting acks instead", status);
                    }
                }, error -> {
                    log.debug("ack stream failed: {}", error.toString());
                    open.compareAndSet(lines, null);
                }, () -> open.compareAndSet(lines, null));
    }

    /**
     * Sends one line (a JSON document without its line feed) on the open stream; false when none is open. Not
     * for concurrent use: the caller sends one line at a time.
     */
    boolean trySend(byte[] json) {
        Sinks.Many<byte[]> lines = open.get();
        if (lines == null) {
            return false;
        }
        byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        if (lines.tryEmitNext(line).isSuccess()) {
            return true;
        }
        // Full (the control plane is not reading) or already ended: give the stream up; acks go by request.
        if (open.compareAndSet(lines, null)) {
            log.warn("the ack stream's buffer is full ({} lines): ending it; posting acks instead", maxBuffered);
            end(lines);
        }
        return false;
    }

    @Override
    public void close() {
        end(open.getAndSet(null));
    }

    private static void end(Sinks.Many<byte[]> lines) {
        if (lines != null) {
            lines.tryEmitComplete();
        }
    }
}
