package dev.cdn.edge.logs;

import dev.cdn.config.AccessRecord;
import dev.cdn.config.AccessRecordBatch;
import dev.cdn.config.ConfigCodec;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Ships buffered access records to the control plane ({@code POST /v1/edge/logs}, authenticated like the edge's
 * other control-channel requests), in batches, one request in flight at a time. Every tick it sends batches until
 * the buffer is empty. A batch that fails is dropped and counted, not retried: records are a live view, and keeping
 * them would let a slow control plane grow the edge's memory. Each batch says how many records were dropped since
 * the last one that got through, so the stream's readers learn of the gap.
 */
public final class LogShipper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LogShipper.class);
    /** Batches stay under the control plane's request body limit (256 KiB) with room to spare. */
    static final long MAX_BATCH_BYTES = 192 * 1024;

    private final LogBuffer buffer;
    private final HttpClient client;
    private final String nodeId;
    private final int batchSize;
    private final LongAdder droppedDelivery = new LongAdder();
    private final LongAdder shipped = new LongAdder();
    /** Drops (buffer full or failed batches) already reported to the control plane. */
    private final AtomicLong droppedReported = new AtomicLong();
    private final Disposable schedule;

    public LogShipper(LogBuffer buffer, String controlPlane, String edgeToken, String nodeId, int batchSize,
                      Duration every, Duration timeout) {
        this.buffer = buffer;
        this.nodeId = nodeId;
        this.batchSize = batchSize;
        this.client = HttpClient.create()
                .baseUrl(controlPlane.replaceAll("/+$", ""))
                .responseTimeout(timeout)
                .headers(h -> h.set("Authorization", "Bearer " + edgeToken)
                        .set("X-Edge-Id", nodeId)
                        .set("Content-Type", "application/json"));
        this.schedule = Flux.interval(every, every)
                .onBackpressureDrop()
                .concatMap(t -> shipAll())
                .subscribe();
    }

    /** Sends batches until the buffer is empty (or a batch failed); completes when done. */
    public Mono<Void> shipAll() {
        return shipOne().expand(sent -> sent ? shipOne() : Mono.empty()).then();
    }

    /** Sends one batch; true when one was sent in full and more may wait. */
    private Mono<Boolean> shipOne() {
        return Mono.defer(() -> {
            List<AccessRecord> records = buffer.drain(batchSize, MAX_BATCH_BYTES);
            long dropped = dropped();
            long unreported = dropped - droppedReported.get();
            if (records.isEmpty() && unreported == 0) {
                return Mono.just(false);
            }
            byte[] body = ConfigCodec.writeBytes(new AccessRecordBatch(nodeId, records, unreported));
            return client.post().uri("/v1/edge/logs")
                    .send(Mono.just(Unpooled.wrappedBuffer(body)))
                    .responseSingle((res, content) -> res.status().code() / 100 == 2 ? Mono.just(true)
                            : content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                            .flatMap(text -> Mono.<Boolean>error(new IllegalStateException(
                                    "control plane answered " + res.status().code() + ": " + text))))
                    .map(ok -> {
                        droppedReported.accumulateAndGet(dropped, Math::max);
                        shipped.add(records.size());
                        return buffer.size() > 0;
                    })
                    .onErrorResume(e -> {
                        log.debug("log batch of {} records dropped: {}", records.size(), e.toString());
                        droppedDelivery.add(records.size());
                        return Mono.just(false);
                    });
        });
    }

    /** Every record dropped since start: the buffer was full, or its batch could not be delivered. */
    public long dropped() {
        return buffer.droppedFull() + droppedDelivery.sum();
    }

    public long droppedDelivery() {
        return droppedDelivery.sum();
    }

    public long shipped() {
        return shipped.sum();
    }

    @Override
    public void close() {
        schedule.dispose();
    }
}
