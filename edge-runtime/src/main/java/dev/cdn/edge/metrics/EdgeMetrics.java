package dev.cdn.edge.metrics;

import dev.cdn.edge.coalesce.FillOutcome;
import dev.cdn.edge.policy.CacheStatus;
import dev.cdn.edge.policy.NoCacheReason;
import dev.cdn.edge.store.DiskStorage;
import dev.cdn.edge.store.Storage;
import dev.cdn.edge.upstream.HealthRecorder;
import dev.cdn.edge.upstream.OriginHealth;
import dev.cdn.edge.upstream.OriginStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The edge's meters in one Prometheus registry. Tags are bounded: cache status and outcome enums, and service
 * ids (a bounded set chosen by the operator; unknown hosts are tagged {@code unknown}).
 */
public final class EdgeMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<String, Map<CacheStatus, RequestMeters[]>> requestMeters = new ConcurrentHashMap<>();
    /** The per-service counters reported to the control plane (see {@link TrafficStats}). */
    private final TrafficStats traffic = new TrafficStats();
    /** Latency buckets (the seed's dashboard: 10 ms to 2.5 s) and 5 s, 10 s for the slow tail. */
    private static final Duration[] LATENCY_BUCKETS = java.util.stream.LongStream
            .of(10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10_000).mapToObj(Duration::ofMillis).toArray(Duration[]::new);
    private final Map<OriginHealth, List<Meter>> originGauges = new ConcurrentHashMap<>();
    private final HealthRecorder health = new OriginMeters();
    /** Edge logic's meters: per rule and per experiment variant (docs/edge-logic.md). */
    private final dev.cdn.edge.logic.LogicMeters logic = new dev.cdn.edge.logic.LogicMeters(registry);

    public EdgeMetrics(Storage storage) {
        Gauge.builder("edge.store.bytes", storage, Storage::weightedSize).description("Weighted size of the RAM tier")
                .baseUnit("bytes").register(registry);
        Gauge.builder("edge.store.objects", storage, Storage::objectCount).description("Objects in the RAM tier")
                .register(registry);
    }

    /** The RAM tier's direct memory: bytes held by bodies, and bodies refused because the budget was full. */
    public void directBodies(dev.cdn.edge.store.DirectBodies bodies) {
        Gauge.builder("edge.store.direct.bytes", bodies, dev.cdn.edge.store.DirectBodies::usedBytes)
                .description("Direct memory held by RAM-tier bodies (resident, or evicted and still being sent)")
                .baseUnit("bytes").register(registry);
        FunctionCounter.builder("edge.store.direct.refused", bodies, dev.cdn.edge.store.DirectBodies::refusedBodies)
                .description("Objects kept out of the RAM tier because its direct-memory budget was exhausted")
                .register(registry);
        dev.cdn.edge.store.MemoryFiles files = bodies.files();
        if (files != null) {
            Gauge.builder("edge.store.files.bytes", files, dev.cdn.edge.store.MemoryFiles::usedBytes)
                    .description("Bytes of RAM-tier bodies held in memory-backed files (part of edge.store.direct.bytes)")
                    .baseUnit("bytes").register(registry);
            FunctionCounter.builder("edge.store.files.failed", files, dev.cdn.edge.store.MemoryFiles::failedFiles)
                    .description("Large RAM-tier bodies kept in direct memory because no memory-backed file could hold"
                            + " them (a full tmpfs, say)")
                    .register(registry);
            FunctionCounter.builder("edge.store.files.sendfile", files, dev.cdn.edge.store.MemoryFiles::regionsSent)
                    .description("Hits (or ranges) sent from a memory-backed file with sendfile")
                    .register(registry);
        }
    }

    /** Gauges of the disk tier, when there is one. */
    public void disk(DiskStorage disk) {
        Gauge.builder("edge.disk.bytes", disk, DiskStorage::bytes).description("Bytes in the disk tier")
                .baseUnit("bytes").register(registry);
        Gauge.builder("edge.disk.objects", disk, DiskStorage::objectCount).description("Objects in the disk tier")
                .register(registry);
        Gauge.builder("edge.disk.pending.writes", disk, DiskStorage::pendingWrites)
                .description("Disk writes accepted but not finished").register(registry);
        Gauge.builder("edge.disk.write.queue.bytes", disk, DiskStorage::queuedWriteBytes)
                .description("Bytes of bodies held by the disk writer (queued or being written)").register(registry);
        FunctionCounter.builder("edge.disk.write.refused", disk, DiskStorage::refusedWrites)
                .description("Disk writes refused because the write queue's byte budget was full").register(registry);
        FunctionCounter.builder("edge.disk.write.failed", disk, DiskStorage::failedWrites)
                .description("Disk writes that failed on I/O (a full disk among them); the object stayed in RAM only")
                .register(registry);
        FunctionCounter.builder("edge.disk.corrupt", disk, DiskStorage::corruptObjects)
                .description("Disk objects found torn or corrupt, deleted and answered as misses").register(registry);
        FunctionCounter.builder("edge.disk.file.opens", disk, DiskStorage::fileOpens)
                .description("Files opened to send disk hits (a hit whose file is kept open opens none)")
                .register(registry);
        Gauge.builder("edge.disk.open.files", disk, DiskStorage::openFiles)
                .description("Disk-tier files kept open for the next hits").register(registry);
    }

    public TrafficStats traffic() {
        return traffic;
    }

    public dev.cdn.edge.logic.LogicMeters logic() {
        return logic;
    }

    /** One response sent to a client; {@code selfMade} when the edge produced it (see {@link TrafficStats#request}). */
    public void request(String serviceId, CacheStatus status, boolean selfMade, int httpStatus, long bytes,
                        Duration latency) {
        request(serviceId, status, selfMade, httpStatus, bytes, latency, null);
    }

    /** As above, with the request's normalized path (no query) for the service's top-URL list; null: not counted. */
    public void request(String serviceId, CacheStatus status, boolean selfMade, int httpStatus, long bytes,
                        Duration latency, String path) {
        request(serviceId, status, selfMade, httpStatus, bytes, latency.toNanos(), path);
    }

    /** As above, the latency in nanoseconds: the request path's form, which allocates no {@link Duration}. */
    public void request(String serviceId, CacheStatus status, boolean selfMade, int httpStatus, long bytes,
                        long latencyNanos, String path) {
        traffic.request(serviceId, selfMade ? null : status, httpStatus, bytes, path);
        // Meters are looked up once per (service, status) and cached: building and registering them per request
        // showed up as the largest allocation on the hit path.
        StatusClass statusClass = StatusClass.of(httpStatus);
        RequestMeters[] byClass = requestMeters.computeIfAbsent(serviceId, id -> new ConcurrentHashMap<>())
                .computeIfAbsent(status, st -> new RequestMeters[StatusClass.values().length]);
        RequestMeters m = byClass[statusClass.ordinal()];
        if (m == null) {
            // A benign race: two threads may build the same meters; the registry hands both the same instances.
            m = new RequestMeters(serviceId, status, statusClass);
            byClass[statusClass.ordinal()] = m;
        }
        m.requests.increment();
        if (bytes > 0) {
            m.body.increment(bytes);
        }
        m.latency.record(latencyNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** The meters one request updates. */
    private final class RequestMeters {
        final Counter requests;
        final Counter body;
        final Timer latency;

        RequestMeters(String serviceId, CacheStatus status, StatusClass statusClass) {
            String s = tag(status);
            requests = Counter.builder("edge.requests")
                    .description("Requests by service, cache status and class of the status code sent")
                    .tag("service", serviceId).tag("cache_status", s).tag("status_class", statusClass.token())
                    .register(registry);
            body = Counter.builder("edge.response.body").baseUnit("bytes").description("Response body bytes sent")
                    .tag("service", serviceId).register(registry);
            // Fixed buckets (the seed's latency distribution) rather than a percentile histogram: a few series per
            // cache status, and percentiles that aggregate across nodes with histogram_quantile.
            latency = Timer.builder("edge.request.latency").description("Time to the end of the response")
                    .tag("cache_status", s).serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
        }
    }

    /** One upstream answer's time to its first byte (headers), from the origin or from a shield. */
    public void upstreamFirstByte(boolean fromShield, Duration elapsed) {
        (fromShield ? shieldFirstByte : originFirstByte).record(elapsed);
    }

    private Timer firstByteTimer(String tier) {
        return Timer.builder("edge.upstream.first.byte").description("Time from sending a fill upstream to its response headers")
                .tag("tier", tier).serviceLevelObjectives(LATENCY_BUCKETS).register(registry);
    }

    private final Timer originFirstByte = firstByteTimer("origin");
    private final Timer shieldFirstByte = firstByteTimer("shield");

    /** What became of one object a shield predicted (see {@code dev.cdn.edge.prefetch}). */
    public void prefetch(String serviceId, dev.cdn.edge.prefetch.PrefetchOutcome outcome) {
        Counter.builder("edge.prefetch").description("Objects a shield predicted and prefetched, by outcome")
                .tag("service", serviceId).tag("outcome", outcome.token()).register(registry).increment();
    }

    /** Gauges of the prefetcher's learner: client sessions and objects it remembers (both bounded). */
    public void prefetchLearner(dev.cdn.edge.prefetch.CoOccurrence learner) {
        Gauge.builder("edge.prefetch.sessions", learner, dev.cdn.edge.prefetch.CoOccurrence::clients)
                .description("Client sessions the shield's prefetcher remembers").register(registry);
        Gauge.builder("edge.prefetch.objects", learner, dev.cdn.edge.prefetch.CoOccurrence::objects)
                .description("Objects whose successors the shield's prefetcher remembers").register(registry);
    }

    /** A request refused before it reached a service (unknown host, loop, malformed). */
    public void rejected(int status) {
        Counter.builder("edge.requests.rejected").tag("status", String.valueOf(status)).register(registry).increment();
    }

    /** A shield refused a request that carried no valid fleet credential ({@code edge_fleet_refused_total}). */
    public void fleetRefused(dev.cdn.config.FleetCredential.Refusal reason) {
        Counter.builder("edge.fleet.refused").tag("reason", reason.name().toLowerCase(java.util.Locale.ROOT))
                .register(registry).increment();
    }

    /** 1 while the disk tier is served unverified (fail-static after a restart), else 0. */
    public void diskTrust(java.util.function.Supplier<dev.cdn.edge.store.DiskTrust> trust) {
        Gauge.builder("edge.disk.unverified", trust, t -> t.get() == dev.cdn.edge.store.DiskTrust.UNVERIFIED ? 1 : 0)
                .description("1 while disk objects are served without having caught up with the control plane")
                .register(registry);
    }

    /** A disk object served while the node could not verify its disk against the control plane (fail-static). */
    public void diskUnverifiedHit() {
        diskUnverifiedHits.increment();
    }

    /** How many disk hits were served unverified since the node started. */
    public long diskUnverifiedHits() {
        return (long) diskUnverifiedHits.count();
    }

    private final Counter diskUnverifiedHits = Counter.builder("edge.disk.unverified.hits")
            .description("Disk hits served unverified: restarted, not caught up with the control plane past the fail-static timeout")
            .register(registry);

    /** A fetched response that was not stored, by why (the same token as Cache-Status {@code detail}). */
    public void notStored(String serviceId, NoCacheReason reason) {
        Counter.builder("edge.responses.not.stored").description("Fetched responses not stored, by reason")
                .tag("service", serviceId).tag("reason", reason.token()).register(registry).increment();
    }

    /** An origin connection the SSRF guard refused, by the kind of address it would have reached. */
    public void originAddressRefused(dev.cdn.config.AddressKind kind) {
        Counter.builder("edge.upstream.refused.address").description("Origin connections refused by the SSRF policy")
                .tag("kind", kind.name().toLowerCase(java.util.Locale.ROOT)).register(registry).increment();
    }

    /** Body bytes received from upstream for a service; only the origin's count as origin bytes. */
    public void upstreamBody(String serviceId, boolean fromShield, long bytes) {
        if (!fromShield) {
            traffic.upstreamBytes(serviceId, bytes);
        }
    }

    /** Gauges of the node's byte budget for bodies being filled. */
    public void fillBudget(dev.cdn.edge.memory.ByteBudget budget) {
        Gauge.builder("edge.fill.buffer.bytes", budget, dev.cdn.edge.memory.ByteBudget::heldBytes).baseUnit("bytes")
                .description("Bytes of bodies being filled held for their readers").register(registry);
        Gauge.builder("edge.fill.buffer.peak.bytes", budget, dev.cdn.edge.memory.ByteBudget::peakBytes)
                .baseUnit("bytes").description("The most bytes of fills held at once since start").register(registry);
    }

    /**
     * Fills in flight, and the writers' leases taken and released: the two counters differ only by the fills
     * running, so a gap that stays says a fill never ended.
     */
    public void fills(dev.cdn.edge.coalesce.FillLock lock) {
        Gauge.builder("edge.fills.in.flight", lock, dev.cdn.edge.coalesce.FillLock::inflightCount)
                .description("Fills other requests can join").register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("edge.fill.leases.taken", lock,
                dev.cdn.edge.coalesce.FillLock::writersAcquired).description("Fills started as a key's writer")
                .register(registry);
        io.micrometer.core.instrument.FunctionCounter.builder("edge.fill.leases.released", lock,
                dev.cdn.edge.coalesce.FillLock::writersReleased).description("Fills ended, each counted once")
                .register(registry);
    }

    /** A fill that did not fit the fill budget: streamed through, neither buffered nor stored. */
    public void fillBudgetRefused(String serviceId) {
        Counter.builder("edge.fill.buffer.refused").description("Fills refused by the node's fill budget")
                .tag("service", serviceId).register(registry).increment();
    }

    /** Gauges of the upstream bulkheads: connections in use and requests waiting, over all services. */
    public void bulkheads(dev.cdn.edge.upstream.Bulkheads bulkheads) {
        Gauge.builder("edge.bulkhead.in.flight", bulkheads, dev.cdn.edge.upstream.Bulkheads::inFlight)
                .description("Upstream connections in use through the per-service shares").register(registry);
        Gauge.builder("edge.bulkhead.queued", bulkheads, dev.cdn.edge.upstream.Bulkheads::queued)
                .description("Requests waiting for an upstream connection in their service's share").register(registry);
    }

    /** A request refused because its service's share of upstream connections was in use and its line full or long. */
    public void bulkheadRefused(String serviceId, dev.cdn.edge.upstream.BulkheadRefusal reason) {
        Counter.builder("edge.bulkhead.refused").description("Requests refused by their service's upstream share")
                .tag("service", serviceId).tag("reason", reason.token()).register(registry).increment();
    }

    /** One request sent upstream; only those to the origin count as origin fetches in the reported traffic. */
    public void upstreamFetch(String serviceId, boolean toShield, String outcome) {
        if (!toShield) {
            traffic.upstreamFetch(serviceId);
        }
        Counter.builder("edge.upstream.fetches").description("Requests sent upstream")
                .tag("service", serviceId).tag("outcome", outcome).register(registry).increment();
    }

    /** How long an upstream took to answer; only the origin's times go into the reported traffic. */
    public void upstreamResponseTime(String serviceId, boolean toShield, long millis) {
        if (!toShield) {
            traffic.originResponseTime(serviceId, millis);
        }
    }

    /** One request sent to a shield, by shield ({@code host:port}, a bounded set: the topology) and outcome. */
    public void shieldRequest(String shield, dev.cdn.edge.upstream.ShieldOutcome outcome) {
        Counter.builder("edge.shield.requests").description("Requests sent to each shield, by outcome")
                .tag("shield", shield).tag("outcome", outcome.token()).register(registry).increment();
    }

    public void coalescedWait(FillOutcome outcome) {
        Counter.builder("edge.coalesced.waits").description("Requests that waited on another request's fill")
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    public void staleServed(CacheStatus why) {
        Counter.builder("edge.stale.served").tag("reason", tag(why)).register(registry).increment();
    }

    public void purged(String kind, int count) {
        Counter.builder("edge.purged.objects").tag("kind", kind).register(registry).increment(count);
    }

    /** Where the upstream package records origin health and failovers. */
    public HealthRecorder health() {
        return health;
    }

    /**
     * Origin meters: {@code edge_origin_status{service,origin,status}} is a state set (1 for the current status, 0
     * for the others), {@code edge_origin_failovers_total{service,origin}} counts requests that could not connect
     * to the origin and went to the next one, {@code edge_origin_health_checks_total{service,origin,outcome}}
     * counts active checks. Origins are a bounded set chosen by the operator; their gauges leave with them.
     */
    private final class OriginMeters implements HealthRecorder {

        @Override
        public void tracked(OriginHealth h) {
            List<Meter> meters = new ArrayList<>();
            for (OriginStatus s : OriginStatus.values()) {
                meters.add(Gauge.builder("edge.origin.status", h, x -> x.status() == s ? 1 : 0)
                        .description("Origin health as this node sees it: 1 for the current status")
                        .tag("service", h.serviceId()).tag("origin", h.origin().name()).tag("status", s.wireName())
                        .strongReference(true).register(registry));
            }
            originGauges.put(h, meters);
        }

        @Override
        public void forgotten(OriginHealth h) {
            List<Meter> meters = originGauges.remove(h);
            if (meters != null) {
                meters.forEach(registry::remove);
            }
        }

        @Override
        public void failover(String serviceId, String origin) {
            Counter.builder("edge.origin.failovers").description("Requests retried on the next origin after a connect failure")
                    .tag("service", serviceId).tag("origin", origin).register(registry).increment();
        }

        @Override
        public void checked(String serviceId, String origin, boolean passed) {
            Counter.builder("edge.origin.health.checks").description("Active health checks")
                    .tag("service", serviceId).tag("origin", origin).tag("outcome", passed ? "passed" : "failed")
                    .register(registry).increment();
        }
    }

    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    private static String tag(CacheStatus s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    /** Meters of ESI assembly: includes by outcome, pages cut at the output limit, elements dropped while parsing. */
    public dev.cdn.edge.esi.EsiRecorder esi() {
        java.util.Map<dev.cdn.edge.esi.IncludeOutcome, Counter> includes =
                new java.util.EnumMap<>(dev.cdn.edge.esi.IncludeOutcome.class);
        for (dev.cdn.edge.esi.IncludeOutcome o : dev.cdn.edge.esi.IncludeOutcome.values()) {
            includes.put(o, Counter.builder("edge.esi.includes").tag("outcome", o.name().toLowerCase(java.util.Locale.ROOT))
                    .description("ESI includes by how they ended, and fetches refused or timed out").register(registry));
        }
        Counter truncated = Counter.builder("edge.esi.truncated")
                .description("Assembled pages cut at the output limit").register(registry);
        Counter dropped = Counter.builder("edge.esi.elements.dropped")
                .description("Unknown or misplaced esi: elements dropped while parsing").register(registry);
        Counter malformed = Counter.builder("edge.esi.tags.malformed")
                .description("Unreadable, unclosed or unbalanced ESI tags dropped while parsing").register(registry);
        Counter parsed = Counter.builder("edge.esi.parses")
                .description("Stored pages parsed for ESI (once per body)").register(registry);
        java.util.Map<dev.cdn.edge.esi.Unprocessed, Counter> unprocessed =
                new java.util.EnumMap<>(dev.cdn.edge.esi.Unprocessed.class);
        for (dev.cdn.edge.esi.Unprocessed u : dev.cdn.edge.esi.Unprocessed.values()) {
            unprocessed.put(u, Counter.builder("edge.esi.unprocessed").tag("reason", u.token())
                    .description("Pages under an ESI rule relayed unprocessed, by reason").register(registry));
        }
        return new dev.cdn.edge.esi.EsiRecorder() {
            @Override
            public void unprocessed(dev.cdn.edge.esi.Unprocessed reason) {
                unprocessed.get(reason).increment();
            }

            @Override
            public void include(dev.cdn.edge.esi.IncludeOutcome outcome) {
                includes.get(outcome).increment();
            }

            @Override
            public void truncated() {
                truncated.increment();
            }

            @Override
            public void parsed(int droppedElements, int malformedTags) {
                parsed.increment();
                dropped.increment(droppedElements);
                malformed.increment(malformedTags);
            }
        };
    }
}
