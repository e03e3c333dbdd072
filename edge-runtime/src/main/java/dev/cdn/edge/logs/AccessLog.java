package dev.cdn.edge.logs;

import dev.cdn.config.AccessRecord;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Where the request path hands its access records: samples per service, then offers to the bounded
 * {@link LogBuffer}. Called once per response on the event loop; it never blocks, and a record is only built when
 * the request is sampled.
 */
public final class AccessLog {

    private final LogSampler sampler;
    private final LogBuffer buffer;

    public AccessLog(LogBuffer buffer) {
        this(buffer, () -> ThreadLocalRandom.current().nextDouble());
    }

    AccessLog(LogBuffer buffer, DoubleSupplier random) {
        this.sampler = new LogSampler(random);
        this.buffer = buffer;
    }

    /** Logs one request of a service whose sample rate is {@code sampleRate}. */
    public void record(double sampleRate, Supplier<AccessRecord> record) {
        if (sampler.sampled(sampleRate)) {
            buffer.offer(record.get());
        }
    }

    public LogBuffer buffer() {
        return buffer;
    }
}
