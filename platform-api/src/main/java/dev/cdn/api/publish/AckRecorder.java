package dev.cdn.api.publish;

import dev.cdn.config.wire.Ack;
import dev.cdn.config.wire.AckStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Stores edge acknowledgements, the acks of many edges in one statement. A fleet acknowledges an event within a
 * few milliseconds of itself (20 edges: 20 batches at once); storing each batch with statements of its own cost
 * two round trips and two commits per ack, and they queued for the connection pool. Here a batch is written at
 * once while fewer than {@link #MAX_WRITES} writes are in flight, and the batches that arrive meanwhile go
 * together in the next write: natural batching, with no timer to wait for. A caller is answered once the write
 * holding its acks has committed.
 */
@Component
class AckRecorder {

    /** Acks per statement at most: a bound on the size of the array parameters, not a delay. */
    static final int MAX_BATCH = 2_000;
    /**
     * Writes in flight at most. One would make the last edges of a fleet wait for a write that started before
     * their acks arrived; a few keep that wait short without a statement per ack.
     */
    static final int MAX_WRITES = 2;

    /**
     * One statement, so one transaction: upsert the nodes (applied sequence, last seen) and the acks. A write
     * holds each node and each (node, seq, service) once, since ON CONFLICT may touch a row only once per
     * statement, and in key order, so that concurrent writes (here or on other replicas) lock rows in the same
     * order and do not deadlock. {@code acked_at} is when the row was written (not when the transaction began),
     * the closest PostgreSQL can tell to the commit that follows at once. The acks of a decommissioned node are
     * dropped, node and acks alike: they were sent before it closed, and storing them would register it again. The
     * node's row is marked, not deleted, so the upsert meets it and its condition is checked against the row as the
     * decommission left it, also when that committed while this statement ran.
     */
    private static final String WRITE = """
            WITH nodes AS (
                INSERT INTO edge_nodes (node_id, role, pop, applied_seq, last_seen_at)
                SELECT n.node_id, n.role, n.pop, n.applied_seq, now()
                FROM unnest(:nodes::text[], :roles::text[], :pops::text[], :applied::bigint[])
                    AS n (node_id, role, pop, applied_seq)
                ON CONFLICT (node_id) DO UPDATE SET applied_seq = greatest(edge_nodes.applied_seq, excluded.applied_seq),
                    last_seen_at = now()
                WHERE edge_nodes.decommissioned_at IS NULL)
            INSERT INTO edge_acks (node_id, seq, service_id, version, purge_id, status, error, acked_at)
            SELECT a.*, clock_timestamp() FROM unnest(:ackNodes::text[], :seqs::bigint[], :services::uuid[],
                :versions::integer[], :purgeIds::uuid[], :statuses::text[], :errors::text[])
                AS a (node_id, seq, service_id, version, purge_id, status, error)
            WHERE NOT EXISTS (SELECT 1 FROM edge_nodes d WHERE d.node_id = a.node_id AND d.decommissioned_at IS NOT NULL)
            ON CONFLICT (node_id, seq, service_id) DO UPDATE SET status = excluded.status, error = excluded.error,
                acked_at = excluded.acked_at""";

    /** The acks of one POST, and how its caller learns they were stored. */
    private record Pending(String nodeId, String role, String pop, List<Ack> acks, Sinks.Empty<Void> stored) {
    }

    private record Node(String role, String pop, long applied) {
    }

    private record AckKey(String nodeId, long seq, UUID serviceId) implements Comparable<AckKey> {
        private static final Comparator<AckKey> ORDER = Comparator.comparing(AckKey::nodeId)
                .thenComparingLong(AckKey::seq).thenComparing(AckKey::serviceId);

        @Override
        public int compareTo(AckKey o) {
            return ORDER.compare(this, o);
        }
    }

    private final DatabaseClient db;
    private final Queue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger writing = new AtomicInteger();

    AckRecorder(DatabaseClient db) {
        this.db = db;
    }

    /**
     * Stores a node's acks (and that it was seen now, having applied up to its highest applied ack); completes
     * once they are committed.
     */
    Mono<Void> record(String nodeId, String role, String pop, List<Ack> acks) {
        return Mono.defer(() -> {
            Pending pending = new Pending(nodeId, role, pop, acks, Sinks.empty());
            queue.add(pending);
            drain();
            return pending.stored().asMono();
        });
    }

    private void drain() {
        while (!queue.isEmpty()) {
            int inFlight = writing.get();
            if (inFlight >= MAX_WRITES) {
                return; // the next write to finish drains the queue
            }
            if (!writing.compareAndSet(inFlight, inFlight + 1)) {
                continue;
            }
            List<Pending> batch = take();
            if (batch.isEmpty()) {
                writing.decrementAndGet();
                continue; // another thread took them; re-check in case more arrived meanwhile
            }
            write(batch)
                    .doFinally(signal -> {
                        writing.decrementAndGet();
                        drain();
                    })
                    .subscribe(null, e -> batch.forEach(p -> p.stored().tryEmitError(e)),
                            () -> batch.forEach(p -> p.stored().tryEmitEmpty()));
        }
    }

    private List<Pending> take() {
        List<Pending> batch = new ArrayList<>();
        int acks = 0;
        Pending next;
        while (acks < MAX_BATCH && (next = queue.poll()) != null) {
            batch.add(next);
            acks += next.acks().size();
        }
        return batch;
    }

    private Mono<Void> write(List<Pending> batch) {
        Map<String, Node> nodes = new TreeMap<>();
        Map<AckKey, Ack> acks = new TreeMap<>();
        for (Pending p : batch) {
            long applied = p.acks().stream().filter(a -> a.status() == AckStatus.APPLIED).mapToLong(Ack::seq).max()
                    .orElse(0);
            nodes.merge(p.nodeId(), new Node(p.role(), p.pop(), applied),
                    (a, b) -> new Node(b.role(), b.pop(), Math.max(a.applied(), b.applied())));
            for (Ack a : p.acks()) {
                acks.put(new AckKey(p.nodeId(), a.seq(), UUID.fromString(a.serviceId())), a); // a later ack of the same event wins
            }
        }
        return db.sql(WRITE)
                .bind("nodes", nodes.keySet().toArray(String[]::new))
                .bind("roles", nodes.values().stream().map(Node::role).toArray(String[]::new))
                .bind("pops", nodes.values().stream().map(Node::pop).toArray(String[]::new))
                .bind("applied", nodes.values().stream().map(Node::applied).toArray(Long[]::new))
                .bind("ackNodes", acks.keySet().stream().map(AckKey::nodeId).toArray(String[]::new))
                .bind("seqs", acks.keySet().stream().map(AckKey::seq).toArray(Long[]::new))
                .bind("services", acks.keySet().stream().map(AckKey::serviceId).toArray(UUID[]::new))
                .bind("versions", acks.values().stream().map(a -> a.version() == null ? null : a.version().intValue())
                        .toArray(Integer[]::new))
                .bind("purgeIds", acks.values().stream().map(a -> a.purgeId() == null ? null : UUID.fromString(a.purgeId()))
                        .toArray(UUID[]::new))
                .bind("statuses", acks.values().stream().map(a -> a.status().wireName()).toArray(String[]::new))
                .bind("errors", acks.values().stream().map(Ack::error).toArray(String[]::new))
                .then();
    }
}
