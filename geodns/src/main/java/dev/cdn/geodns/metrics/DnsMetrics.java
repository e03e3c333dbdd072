package dev.cdn.geodns.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;

/** The responder's meters, behind one recorder so that the wire code names no meter itself. */
public final class DnsMetrics {

    /** Query types named in metrics; any other is counted as OTHER, so a client cannot grow the tag set. */
    private static final Set<String> TYPES = Set.of("A", "AAAA", "SOA", "NS", "ANY", "none");

    private final MeterRegistry registry;

    public DnsMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** One response sent: {@code geodns_queries_total{transport,type,rcode}}. */
    public void query(String transport, String type, String rcode, boolean truncated) {
        Counter.builder("geodns_queries").description("DNS responses sent, by transport, query type and response code")
                .tag("transport", transport).tag("type", TYPES.contains(type) ? type : "OTHER").tag("rcode", rcode)
                .tag("truncated", Boolean.toString(truncated)).register(registry).increment();
    }

    /** One address answer: {@code geodns_answers_total{pop,pick}}. */
    public void answer(String pop, String pick) {
        Counter.builder("geodns_answers").description("Address answers, by the PoP answered and how it was picked")
                .tag("pop", pop).tag("pick", pick).register(registry).increment();
    }

    /** A message that got no response at all (no ID to answer, or a response sent to us). */
    public void dropped(String transport) {
        Counter.builder("geodns_dropped").description("Messages dropped without a response")
                .tag("transport", transport).register(registry).increment();
    }

    public MeterRegistry registry() {
        return registry;
    }
}
