package dev.cdn.edge.control;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeEvent;
import dev.cdn.config.WarmCommand;
import dev.cdn.config.wire.Ack;
import java.util.function.Consumer;
import dev.cdn.config.InvalidConfigException;
import dev.cdn.edge.config.ApplyOutcome;
import dev.cdn.edge.config.ConfigHolder;
import dev.cdn.edge.purge.Purger;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Applies control-channel events in sequence order and says what to acknowledge: a config replaces the served one
 * whatever its version number (the sequence says which activation is the latest, so a rollback to a lower version
 * applies), a bad one is NACKed while the last good config stays;
 * purges go to the {@link Purger}; removes stop serving a service. Tracks the highest sequence applied.
 */
public final class EventApplier {

    private static final Logger log = LoggerFactory.getLogger(EventApplier.class);
    private static final JsonMapper LENIENT = JsonMapper.builder().build();

    private final ConfigHolder holder;
    private final Purger purger;
    private final AtomicLong appliedSeq;

    public EventApplier(ConfigHolder holder, Purger purger, long initialSeq) {
        this.holder = holder;
        this.purger = purger;
        this.appliedSeq = new AtomicLong(initialSeq);
    }

    public long appliedSeq() {
        return appliedSeq.get();
    }

    /** Lines the control plane sent that could not be read as an event, or named a kind of event this node does not know. */
    private final AtomicLong refused = new AtomicLong();

    /** Control messages refused so far (each was logged, and NACKed when its sequence could be read). */
    public long refusedMessages() {
        return refused.get();
    }

    /** Applies one NDJSON line; the ack to send, if any (heartbeats and replays of applied events get none). */
    public Optional<Ack> apply(String line) {
        if (line.isBlank()) {
            return Optional.empty();
        }
        EdgeEvent event;
        try {
            event = ConfigCodec.readEvent(line);
        } catch (InvalidConfigException e) {
            return Optional.ofNullable(nackUnreadable(line, e));
        }
        if (event.type() == EdgeEvent.Type.HEARTBEAT) {
            // The control plane sends one right after replaying what this node missed: it is now caught up.
            caughtUp = true;
            return Optional.empty();
        }
        // Strictly older events are replays of what was applied. Equal sequence numbers are not: a fresh edge
        // receives every service's config (and a far-behind edge a purge of each service) stamped with one
        // sequence number, the head of the log at that moment.
        if (event.seq() < appliedSeq.get()) {
            return Optional.empty();
        }
        Ack ack = switch (event.type()) {
            case CONFIG -> applyConfig(event);
            case PURGE -> applyPurge(event);
            case REMOVE -> {
                holder.remove(event.serviceId());
                yield Ack.applied(event.seq(), event.serviceId(), null, null);
            }
            case WARM -> startWarm(event);
            case CERTIFICATES -> startCertificateFetch(event);
            case TOPOLOGY -> applyTopology(event);
            case HEARTBEAT -> null;
        };
        appliedSeq.set(event.seq());
        return Optional.ofNullable(ack);
    }

    /** Runs a warming order; calls {@code done} with null when finished, or with what went wrong. */
    public interface WarmRunner {
        /** Returns false when this node does not take part (another role's order): it then never calls done. */
        boolean warm(WarmCommand command, Consumer<String> done);
    }

    private volatile boolean caughtUp;

    /** True once the control plane said this node has applied everything it missed (first heartbeat). */
    public boolean caughtUp() {
        return caughtUp;
    }

    private volatile WarmRunner warmRunner = (command, done) -> false;
    private volatile Consumer<Ack> lateAcks = ack -> { };

    /** Fetches the tenants' certificates and ACME answers again; calls {@code done} with null once installed. */
    public interface CertificateRefresh {
        void fetch(Consumer<String> done);
    }

    private volatile CertificateRefresh certificatesChanged = done -> done.accept(null);

    /** What to do when the control plane says the tenants' certificates or ACME answers changed. */
    public void certificatesChanged(CertificateRefresh refresh) {
        this.certificatesChanged = refresh;
    }

    /**
     * The event carries no key material: the node fetches the new set, and acknowledges once it is installed (the
     * control plane triggers an ACME challenge only when every edge acknowledged, so serves, its answer).
     */
    private Ack startCertificateFetch(EdgeEvent event) {
        long seq = event.seq();
        String serviceId = event.serviceId();
        certificatesChanged.fetch(error -> lateAcks.accept(error == null
                ? Ack.applied(seq, serviceId, null, null)
                : Ack.failed(seq, serviceId, null, null, error)));
        return null;
    }

    /** Applies a pushed shield topology; returns null once applied, or why it was not. */
    public interface TopologyApplier {
        String apply(dev.cdn.config.topology.Topology topology);
    }

    private volatile TopologyApplier topologyApplier = topology -> null;

    /** What to do with a pushed topology (nodes without a shield tier acknowledge it and keep nothing). */
    public void topologyApplier(TopologyApplier applier) {
        this.topologyApplier = applier;
    }

    /** Acknowledged like a config, under the topology's version, so the control plane shows who runs which. */
    private Ack applyTopology(EdgeEvent event) {
        long version = event.topology().version();
        String error = topologyApplier.apply(event.topology());
        if (error != null) {
            log.warn("topology v{} (seq {}) not applied, keeping the last one: {}", version, event.seq(), error);
            return Ack.failed(event.seq(), EdgeEvent.TOPOLOGY_SUBJECT, version, null, error);
        }
        log.info("applied shield topology v{} (seq {})", version, event.seq());
        return Ack.applied(event.seq(), EdgeEvent.TOPOLOGY_SUBJECT, version, null);
    }

    public void warmRunner(WarmRunner runner) {
        this.warmRunner = runner;
    }

    /** Where acks of work that finishes after {@link #apply} returned (warming) go. */
    public void lateAcks(Consumer<Ack> sink) {
        this.lateAcks = sink;
    }

    /** Warming runs in the background; its ack is sent when every URL was fetched (see {@link #lateAcks}). */
    private Ack startWarm(EdgeEvent event) {
        WarmCommand w = event.warm();
        long seq = event.seq();
        warmRunner.warm(w, error -> lateAcks.accept(error == null
                ? Ack.applied(seq, w.serviceId(), null, w.id())
                : Ack.failed(seq, w.serviceId(), null, w.id(), error)));
        return null;
    }

    private Ack applyConfig(EdgeEvent event) {
        ConfigHolder.Result result = holder.apply(event.service());
        long version = event.service().version();
        if (result.outcome() == ApplyOutcome.FAILED) {
            log.warn("config {} v{} (seq {}) refused, keeping the last good one: {}", event.service().id(), version,
                    event.seq(), result.error());
            return Ack.failed(event.seq(), event.service().id(), version, null, result.error());
        }
        if (result.outcome() == ApplyOutcome.APPLIED) {
            log.info("applied config {} v{} (seq {})", event.service().id(), version, event.seq());
        }
        return Ack.applied(event.seq(), event.service().id(), version, null);
    }

    /**
     * A purge whose values cannot be read (not an absolute URL) can never apply: it is NACKed and the sequence moves
     * past it. Any other failure may pass (a disk that refused a delete): the purge is NACKed, the sequence stays
     * before it, and {@link NotApplied} tells the channel to replay it rather than skip it.
     */
    private Ack applyPurge(EdgeEvent event) {
        String purgeId = event.purge().id();
        try {
            var result = purger.purge(event.purge());
            log.debug("purge {} {} removed {}", purgeId, event.purge().kind(), result.count());
            return Ack.applied(event.seq(), event.purge().serviceId(), null, purgeId);
        } catch (IllegalArgumentException e) {
            return Ack.failed(event.seq(), event.purge().serviceId(), null, purgeId, e.getMessage());
        } catch (RuntimeException e) {
            throw new NotApplied(Ack.failed(event.seq(), event.purge().serviceId(), null, purgeId,
                    "not applied, will retry: " + e.getMessage()), e);
        }
    }

    /**
     * An event that failed to apply for a reason that may pass: the applied sequence stays before it (so it is
     * replayed on reconnect, never skipped), and {@link #nack} reports it meanwhile.
     */
    public static final class NotApplied extends RuntimeException {
        private final transient Ack nack;

        NotApplied(Ack nack, Throwable cause) {
            super(nack.error(), cause);
            this.nack = nack;
        }

        public Ack nack() {
            return nack;
        }
    }

    /** An event that failed validation: NACK it by whatever fields can be read, and move past it. */
    private Ack nackUnreadable(String line, InvalidConfigException e) {
        refused.incrementAndGet();
        try {
            JsonNode node = LENIENT.readTree(line);
            long seq = node.path("seq").asLong(0);
            String serviceId = node.path("serviceId").isString() ? node.path("serviceId").asString() : null;
            Long version = node.path("service").path("version").isNumber() ? node.path("service").path("version").asLong() : null;
            if ("topology".equals(node.path("type").asString(""))) {
                serviceId = EdgeEvent.TOPOLOGY_SUBJECT;
                version = node.path("topology").path("version").isNumber()
                        ? node.path("topology").path("version").asLong() : null;
            }
            log.warn("control event seq {} refused, keeping the last good config: {}", seq, e.getMessage());
            if (seq < appliedSeq.get()) {
                return null;
            }
            appliedSeq.set(seq);
            return Ack.failed(seq, serviceId, version, null, e.getMessage());
        } catch (RuntimeException unreadable) {
            log.warn("unreadable control event skipped: {}", e.getMessage());
            return null;
        }
    }
}
