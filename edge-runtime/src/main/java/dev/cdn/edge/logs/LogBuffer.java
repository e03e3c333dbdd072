package dev.cdn.edge.logs;

import dev.cdn.config.AccessRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The edge's bounded buffer of access records waiting to be shipped. Offering never blocks and never allocates
 * past the bound: when the buffer is full the record is dropped and counted (the event loop must not wait for a
 * slow control plane, and memory must not grow with one). Many request threads offer; one shipper drains.
 */
public final class LogBuffer {

    private final int capacity;
    private final ConcurrentLinkedQueue<AccessRecord> queue = new ConcurrentLinkedQueue<>();
    /** Records in the queue; reserved before adding, so the queue never holds more than {@link #capacity}. */
    private final AtomicInteger size = new AtomicInteger();
    private final LongAdder dropped = new LongAdder();

    public LogBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("log buffer capacity must be at least 1, got " + capacity);
        }
        this.capacity = capacity;
    }

    /** Adds a record, or drops and counts it when the buffer is full; false when dropped. */
    public boolean offer(AccessRecord record) {
        if (size.incrementAndGet() > capacity) {
            size.decrementAndGet();
            dropped.increment();
            return false;
        }
        queue.add(record);
        return true;
    }

    /** Takes up to {@code max} records, oldest first. */
    public List<AccessRecord> drain(int max) {
        return drain(max, Long.MAX_VALUE);
    }

    /**
     * Takes up to {@code max} records, oldest first, whose estimated JSON size stays within {@code maxBytes} (at
     * least one record, whatever its size). Only the one shipper drains, so what it peeks is what it polls.
     */
    public List<AccessRecord> drain(int max, long maxBytes) {
        List<AccessRecord> out = new ArrayList<>(Math.min(max, Math.max(size.get(), 0)));
        long bytes = 0;
        AccessRecord r;
        while (out.size() < max && (r = queue.peek()) != null) {
            bytes += estimatedBytes(r);
            if (bytes > maxBytes && !out.isEmpty()) {
                break;
            }
            queue.poll();
            size.decrementAndGet();
            out.add(r);
        }
        return out;
    }

    /** A record's JSON size, give or take: its free-text fields plus the fixed fields' names and values. */
    static long estimatedBytes(AccessRecord r) {
        return 256 + length(r.url()) + length(r.serviceId()) + length(r.client()) + length(r.method())
                + length(r.edge()) + length(r.rule()) + length(r.experiment());
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }

    public int size() {
        return Math.max(size.get(), 0);
    }

    public int capacity() {
        return capacity;
    }

    /** Records dropped because the buffer was full, since start. */
    public long droppedFull() {
        return dropped.sum();
    }
}
