package dev.cdn.api.logs;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cdn.config.AccessRecord;
import dev.cdn.config.ConfigCodec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * One tenant's live view of one service's records. Records pass its filter, then its rate cap, then wait in a
 * bounded buffer for the client to read them: a client that reads slower than records come loses the newest (they
 * are dropped and counted), never the server's memory. Every change of the counts is reported in the stream.
 */
final class LiveStream {

    private final UUID tenantId;
    private final String serviceId;
    private final LogFilter filter;
    private final RateCap cap;
    private final int maxPerSecond;
    private final Queue<AccessRecord> buffer;
    private final Sinks.Many<AccessRecord> sink;
    private long matched;
    private long capped;
    private long dropped;
    private volatile long sent;

    LiveStream(UUID tenantId, String serviceId, LogFilter filter, int maxPerSecond, int bufferRecords, Ticker ticker) {
        this.tenantId = tenantId;
        this.serviceId = serviceId;
        this.filter = filter;
        this.maxPerSecond = maxPerSecond;
        this.cap = new RateCap(maxPerSecond, ticker);
        this.buffer = Queues.<AccessRecord>get(bufferRecords).get();
        this.sink = Sinks.many().unicast().onBackpressureBuffer(buffer);
    }

    UUID tenantId() {
        return tenantId;
    }

    String serviceId() {
        return serviceId;
    }

    /** Takes one record of this stream's service; never waits. */
    synchronized void offer(AccessRecord record) {
        if (!filter.matches(record)) {
            return;
        }
        matched++;
        if (!cap.tryTake()) {
            capped++;
            return;
        }
        // One emitter at a time (this lock): the only failure left is a full buffer, or a stream already gone.
        if (sink.tryEmitNext(record) == Sinks.EmitResult.FAIL_OVERFLOW) {
            dropped++;
        }
    }

    /** Records waiting for the client. */
    int buffered() {
        return buffer.size();
    }

    synchronized Counts counts() {
        return new Counts(matched, sent, capped, dropped);
    }

    /** What the stream has done since it opened; {@code matched = sent + capped + dropped + still buffered}. */
    record Counts(long matched, long sent, long capped, long dropped) {
    }

    /**
     * The NDJSON lines: first a {@code stream} line saying what is streamed and the cap, then each record, with a
     * {@code stream} line of the counts whenever records were capped or dropped since the last one (checked every
     * {@code statusEvery}), and at least every {@code keepAlive}.
     */
    Flux<String> lines(Duration statusEvery, Duration keepAlive) {
        Map<String, Object> opened = new LinkedHashMap<>();
        opened.put("serviceId", serviceId);
        opened.put("filter", filter.describe());
        opened.put("maxPerSecond", maxPerSecond);
        Flux<String> records = sink.asFlux().map(r -> {
            sent++;
            return ConfigCodec.write(r) + "\n";
        });
        long everyKeepAlive = Math.max(1, keepAlive.toMillis() / statusEvery.toMillis());
        long[] last = {0, 0, 0};
        Flux<String> status = Flux.interval(statusEvery, statusEvery).onBackpressureDrop()
                .handle((tick, out) -> {
                    Counts c = counts();
                    boolean changed = c.capped() != last[0] || c.dropped() != last[1];
                    if (changed || (tick + 1) % everyKeepAlive == 0) {
                        last[0] = c.capped();
                        last[1] = c.dropped();
                        out.next(statusLine(c));
                    }
                });
        return Flux.merge(Flux.just(ConfigCodec.write(Map.of("stream", opened)) + "\n"), records, status);
    }

    static String statusLine(Counts c) {
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("matched", c.matched());
        counts.put("sent", c.sent());
        counts.put("capped", c.capped());
        counts.put("dropped", c.dropped());
        return ConfigCodec.write(Map.of("stream", counts)) + "\n";
    }

    void close() {
        sink.tryEmitComplete();
    }
}
