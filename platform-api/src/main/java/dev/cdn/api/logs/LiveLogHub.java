package dev.cdn.api.logs;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.cdn.api.error.ApiException;
import dev.cdn.config.AccessRecord;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Fans the records edges ship out to the live streams open on this replica, by service. A stream only ever
 * receives records of the one service it was opened for, and it is opened only by a tenant that owns that service
 * ({@link LiveLogController}): that is the tenant isolation. The number of streams is bounded per tenant, and each
 * stream's memory by its buffer, so the hub's memory is bounded too.
 */
@Component
class LiveLogHub {

    private final Map<String, Set<LiveStream>> byService = new ConcurrentHashMap<>();
    private final Map<UUID, AtomicInteger> perTenant = new ConcurrentHashMap<>();
    /** Other consumers of every record (batch delivery); called on the ingesting thread, must not block. */
    private final List<Consumer<AccessRecord>> taps = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Ticker ticker;
    private final int bufferRecords;
    private final int maxStreamsPerTenant;
    private final io.micrometer.core.instrument.Counter received;
    private final io.micrometer.core.instrument.Counter edgeDropped;

    LiveLogHub(Ticker ticker, MeterRegistry meters,
               @Value("${cdn.logs.stream.buffer-records:1024}") int bufferRecords,
               @Value("${cdn.logs.stream.per-tenant:5}") int maxStreamsPerTenant) {
        this.ticker = ticker;
        this.bufferRecords = bufferRecords;
        this.maxStreamsPerTenant = maxStreamsPerTenant;
        this.received = meters.counter("cdn.logs.records.received");
        this.edgeDropped = meters.counter("cdn.logs.records.dropped.at.edges");
        meters.gauge("cdn.logs.streams", byService, m -> m.values().stream().mapToInt(Set::size).sum());
        meters.gauge("cdn.logs.streams.buffered", byService,
                m -> m.values().stream().flatMap(Set::stream).mapToInt(LiveStream::buffered).sum());
    }

    /** Opens a stream; a tenant that has its maximum open already gets a 429. */
    LiveStream open(UUID tenantId, String serviceId, LogFilter filter, int maxPerSecond) {
        AtomicInteger open = perTenant.computeIfAbsent(tenantId, t -> new AtomicInteger());
        if (open.incrementAndGet() > maxStreamsPerTenant) {
            open.decrementAndGet();
            throw ApiException.tooManyRequests("at most " + maxStreamsPerTenant
                    + " live log streams may be open per tenant; close one first", 5);
        }
        LiveStream stream = new LiveStream(tenantId, serviceId, filter, maxPerSecond, bufferRecords, ticker);
        byService.computeIfAbsent(serviceId, s -> ConcurrentHashMap.newKeySet()).add(stream);
        return stream;
    }

    void close(LiveStream stream) {
        byService.computeIfPresent(stream.serviceId(), (s, set) -> {
            set.remove(stream);
            return set.isEmpty() ? null : set;
        });
        perTenant.computeIfPresent(stream.tenantId(), (t, n) -> n.decrementAndGet() <= 0 ? null : n);
        stream.close();
    }

    /** Hands a batch's records to the streams (and taps) that want them; never waits. */
    void publish(List<AccessRecord> records, long droppedAtEdge) {
        received.increment(records.size());
        if (droppedAtEdge > 0) {
            edgeDropped.increment(droppedAtEdge);
        }
        for (AccessRecord r : records) {
            Set<LiveStream> streams = byService.get(r.serviceId());
            if (streams != null) {
                for (LiveStream s : streams) {
                    s.offer(r);
                }
            }
            for (Consumer<AccessRecord> tap : taps) {
                tap.accept(r);
            }
        }
    }

    void tap(Consumer<AccessRecord> consumer) {
        taps.add(consumer);
    }

    /** Records waiting in every stream's buffer together. */
    int buffered() {
        return byService.values().stream().flatMap(Set::stream).mapToInt(LiveStream::buffered).sum();
    }

    int bufferRecords() {
        return bufferRecords;
    }

    /** The streams open for a service; for tests and the admin view. */
    List<LiveStream> streams(String serviceId) {
        return List.copyOf(byService.getOrDefault(serviceId, Set.of()));
    }
}
