package dev.cdn.edge.logs;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** The access log's meters: records waiting, shipped, and dropped by reason (buffer full, delivery failed). */
public final class LogMeters {

    private LogMeters() {
    }

    public static void register(MeterRegistry registry, LogBuffer buffer, LogShipper shipper) {
        Gauge.builder("edge.log.buffer.records", buffer, LogBuffer::size)
                .description("Access records waiting to be shipped to the control plane").register(registry);
        FunctionCounter.builder("edge.log.records.shipped", shipper, LogShipper::shipped)
                .description("Access records delivered to the control plane").register(registry);
        FunctionCounter.builder("edge.log.records.dropped", buffer, LogBuffer::droppedFull)
                .description("Access records dropped, by reason").tag("reason", "buffer-full").register(registry);
        FunctionCounter.builder("edge.log.records.dropped", shipper, LogShipper::droppedDelivery)
                .description("Access records dropped, by reason").tag("reason", "delivery-failed").register(registry);
    }
}
