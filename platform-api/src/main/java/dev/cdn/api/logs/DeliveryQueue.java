package dev.cdn.api.logs;

import dev.cdn.config.AccessRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One service's records waiting for delivery to its endpoint, bounded: when the endpoint is slower than the
 * traffic (or down) the queue fills and new records are dropped and counted. Also keeps what delivery did.
 */
final class DeliveryQueue {

    private final ArrayBlockingQueue<AccessRecord> queue;
    final AtomicBoolean inFlight = new AtomicBoolean();
    final AtomicLong delivered = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong retries = new AtomicLong();
    volatile String lastError;
    volatile Instant lastErrorAt;
    volatile Instant lastDeliveredAt;
    volatile Delivery config;

    /** What the tenant configured. */
    record Delivery(String serviceId, DeliveryEndpoint endpoint, int batchRecords) {
    }

    DeliveryQueue(Delivery config, int capacity) {
        this.config = config;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /** Never waits: a full queue drops the record and counts it. */
    void offer(AccessRecord record) {
        if (!queue.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    List<AccessRecord> take(int max) {
        List<AccessRecord> out = new ArrayList<>(Math.min(max, queue.size()));
        queue.drainTo(out, max);
        return out;
    }

    int size() {
        return queue.size();
    }
}
