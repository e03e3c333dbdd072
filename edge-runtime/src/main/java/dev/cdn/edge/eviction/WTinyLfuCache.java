package dev.cdn.edge.eviction;

import dev.cdn.edge.admission.AdmissionPolicy;
import dev.cdn.edge.admission.Admissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * A concurrent map bounded in bytes with W-TinyLFU eviction (Einziger, Friedman, Manes, "TinyLFU: A Highly Efficient
 * Cache Admission Policy", ACM ToS 2017, section 4), built the way Caffeine builds it, with one difference: the
 * admission test is the {@link AdmissionPolicy} of the rule that stored the candidate (lru, tinylfu, size-aware),
 * not one policy for the whole cache.
 *
 * <p><b>Segments.</b> A newcomer enters the <i>window</i> (1% of the bytes), an LRU that lets new objects prove
 * themselves, so a burst of recent objects is served before it has frequency. What the window pushes out becomes a
 * candidate for the <i>main</i> space, a segmented LRU (<i>probation</i>, then <i>protected</i>, 80% of main, for
 * objects hit again while on probation). When the cache is over its bound, the candidate meets the probation's
 * least recently used entry and the candidate's policy decides which of the two goes.
 *
 * <p><b>Reads take no lock.</b> A read is a {@link ConcurrentHashMap} lookup plus an offer to a lossy striped
 * buffer ({@link ReadBuffer}); the reorder and the TinyLFU count it implies (and the count of a miss, {@link #recordMiss}), are
 * applied later by the thread that drains the buffers under {@code tryLock}: the reader whose offer found its stripe
 * full, if it is the reader that drained last (one reader drains, so the policy's state stays in one core's cache;
 * see {@link #isDrainer}), or the next writer. A lost event costs a little policy accuracy, never correctness.
 * Writes (put, remove, replace) take the lock; their work is O(1) amortised plus the victims they evict, and never
 * I/O, so they are safe on an event loop. The lock is taken by retrying {@code tryLock} rather than parking, for the same reason.
 *
 * @param <V> the stored value
 */
public final class WTinyLfuCache<V> {

    /** The window's initial share of the bytes (Caffeine's 1%); the climber moves it. */
    static final double WINDOW_SHARE = 0.01;
    /** The protected segment's share of the main space. */
    static final double PROTECTED_SHARE = 0.80;

    /** What a put did. */
    public enum Outcome {
        ADMITTED,
        /** The admission policy preferred the current residents. */
        REJECTED,
        /** Larger than the whole cache. */
        TOO_LARGE
    }

    /**
     * A put's outcome, the entries it evicted (to unindex, or demote to a lower tier), and the value a refresh
     * replaced (null for a newcomer).
     */
    public record PutResult<V>(Outcome outcome, List<V> evicted, V replaced) {
    }

    private final ConcurrentHashMap<String, Node<V>> map = new ConcurrentHashMap<>(256);
    private final ReentrantLock lock = new ReentrantLock();
    private final ReadBuffer<Node<V>> reads = new ReadBuffer<>(this::onAccess);
    private final CountBuffer counts = new CountBuffer(this::onRequest);
    private final AccessQueue<V> window = new AccessQueue<>();
    private final AccessQueue<V> probation = new AccessQueue<>();
    private final AccessQueue<V> protectedQueue = new AccessQueue<>();
    private final Admissions admissions;
    private final long maxWeight;
    private final WindowClimber climber;
    /** The window's and the protected segment's bounds in bytes; the climber trades one for the other. */
    private long windowMax;
    private long protectedMax;
    /** Total weight; written under the lock, read by anyone. */
    private volatile long weight;
    /** The reader that drains for reads; see {@link #isDrainer}. */
    private volatile Thread drainer;

    public WTinyLfuCache(long maxWeight, Admissions admissions) {
        if (maxWeight <= 0) {
            throw new IllegalArgumentException("maxWeight must be positive, was " + maxWeight);
        }
        this.maxWeight = maxWeight;
        this.admissions = admissions;
        this.windowMax = (long) (maxWeight * WINDOW_SHARE);
        this.protectedMax = (long) ((maxWeight - windowMax) * PROTECTED_SHARE);
        this.climber = new WindowClimber(maxWeight);
    }

    /**
     * A request that found no entry (a miss): what TinyLFU counts for it. A hit is counted by {@link #get}, from the
     * same buffered read event that reorders it, so a hit costs one buffer offer, not two. Never waits.
     */
    public void recordMiss(long hash) {
        if (counts.offer(hash) == StripedRing.Offer.FULL && (isDrainer() || counts.stalled()) && lock.tryLock()) {
            try {
                drainAsReader();
                onRequest(hash);
            } finally {
                lock.unlock();
            }
        }
    }

    /** The value, noted as recently used and counted as a request for its key; null when absent. Never waits. */
    public V get(String key) {
        Node<V> n = map.get(key);
        if (n == null) {
            return null;
        }
        V value = n.value;
        if (reads.offer(n) == StripedRing.Offer.FULL && (isDrainer() || reads.stalled()) && lock.tryLock()) {
            try {
                drainAsReader();
                onAccess(n);
            } finally {
                lock.unlock();
            }
        }
        return value;
    }

    public boolean contains(String key) {
        return map.containsKey(key);
    }

    /** The value without noting a use (for bookkeeping that is not a request); null when absent. */
    public V peek(String key) {
        Node<V> n = map.get(key);
        return n == null ? null : n.value;
    }

    public PutResult<V> put(String key, V value, long valueWeight, long hash, AdmissionPolicy policy) {
        if (valueWeight > maxWeight) {
            return new PutResult<>(Outcome.TOO_LARGE, List.of(), null);
        }
        acquire();
        try {
            drainBuffers();
            List<V> evicted = new ArrayList<>(2);
            Node<V> old = map.get(key);
            if (old != null) {
                // A refresh of a resident is always admitted: it keeps its place and its segment.
                queueOf(old).unlink(old);
                weight -= old.weight;
                V replaced = old.value;
                old.value = value;
                old.weight = valueWeight;
                old.policy = policy;
                queueOf(old).addLast(old);
                weight += valueWeight;
                return settle(old, evicted, replaced);
            }
            Node<V> n = new Node<>(key, value, valueWeight, hash, policy);
            map.put(key, n);
            window.addLast(n);
            weight += valueWeight;
            return settle(n, evicted, null);
        } finally {
            lock.unlock();
        }
    }

    /** Evicts down to the bound; the put's node itself may lose its contest, and is then reported as rejected. */
    private PutResult<V> settle(Node<V> put, List<V> evicted, V replaced) {
        evict(evicted);
        if (put.queue == Node.Queue.DEAD) {
            V value = put.value;
            evicted.removeIf(v -> v == value);
            return new PutResult<>(Outcome.REJECTED, evicted, replaced);
        }
        return new PutResult<>(Outcome.ADMITTED, evicted, replaced);
    }

    /**
     * Whether a newcomer of this weight would stay if it were put now and pushed out of the window at once: it must
     * fit, or its policy must prefer it to the entries the main space would give up for it. Changes nothing.
     */
    public boolean wouldAdmit(long valueWeight, long hash, AdmissionPolicy policy) {
        if (valueWeight > maxWeight) {
            return false;
        }
        acquire();
        try {
            drainBuffers();
            long need = weight + valueWeight - maxWeight;
            if (need <= 0) {
                return true;
            }
            long freed = 0;
            int victimFrequency = 0;
            for (AccessQueue<V> q : List.of(probation, protectedQueue, window)) {
                for (Node<V> v = q.peekFirst(); v != null && freed < need; v = v.next) {
                    freed += v.weight;
                    victimFrequency = Math.max(victimFrequency, admissions.frequency(v.hash));
                }
            }
            return policy.admit(hash, valueWeight, victimFrequency, freed);
        } finally {
            lock.unlock();
        }
    }

    public V remove(String key) {
        acquire();
        try {
            drainBuffers();
            Node<V> n = map.remove(key);
            if (n == null) {
                return null;
            }
            unlinkDead(n);
            return n.value;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a key only while it still maps to {@code expected} (compared by identity); true when it did. */
    public boolean remove(String key, V expected) {
        acquire();
        try {
            drainBuffers();
            Node<V> n = map.get(key);
            if (n == null || n.value != expected) {
                return false;
            }
            map.remove(key, n);
            unlinkDead(n);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Removes every entry; returns their values (to release what they hold). */
    public List<V> clear() {
        acquire();
        try {
            drainBuffers();
            List<V> values = new ArrayList<>(map.size());
            for (Node<V> n : List.copyOf(map.values())) {
                map.remove(n.key);
                unlinkDead(n);
                values.add(n.value);
            }
            return values;
        } finally {
            lock.unlock();
        }
    }

    /** Replaces a resident's value in place (same weight), e.g. to mark it soft-purged; null when absent. */
    public V replace(String key, UnaryOperator<V> change) {
        acquire();
        try {
            Node<V> n = map.get(key);
            if (n == null) {
                return null;
            }
            V next = change.apply(n.value);
            n.value = next;
            return next;
        } finally {
            lock.unlock();
        }
    }

    public long weightedSize() {
        return weight;
    }

    public int size() {
        return map.size();
    }

    /**
     * A key's hash for the frequency sketch: its {@link String#hashCode()} spread over 64 bits (as Caffeine's sketch
     * spreads {@code hashCode()}). A String caches its hash code and the request path computes it anyway for the map
     * lookups, so counting a request costs no pass over the key; an FNV-1a pass over a 50-character key took 13% of a
     * single-threaded read's profile (docs/benchmarks.md, "L1 read path").
     */
    public static long hash(String key) {
        long h = key.hashCode() * 0x9e3779b97f4a7c15L;
        return h ^ (h >>> 29);
    }

    /**
     * Takes the lock by retrying {@code tryLock}: parking an event loop would stall every connection on it, and the
     * sections it guards are short (see the class comment).
     */
    private void acquire() {
        while (!lock.tryLock()) {
            // busy-wait: the holder runs a bounded section that does no I/O
        }
    }

    /**
     * Whether the calling reader is the one that drains for reads: the last reader that did. Reads leave draining to
     * one thread so that what a drain writes (the sketch's counters, the queues' links, the climber) stays in one
     * core's cache instead of moving to the other core whenever the other reader drains; in paired runs on two threads,
     * reads were faster with it (docs/benchmarks.md, "Run N"). Another reader takes over once its own ring has stayed
     * full, undrained, for {@link StripedRing#TAKEOVER_OFFERS} of its offers: the drainer has stopped reading. Writers
     * drain whoever they are (they need the lock anyway) without taking the role.
     */
    private boolean isDrainer() {
        Thread d = drainer;
        return d == null || d == Thread.currentThread();
    }

    /** Drains for reads, under the lock, and becomes the reader that drains. */
    private void drainAsReader() {
        Thread me = Thread.currentThread();
        if (drainer != me) {
            drainer = me;
        }
        drainBuffers();
    }

    /** The reader that drains for reads (null before the first); for tests. */
    Thread drainer() {
        return drainer;
    }

    /** Applies the buffered counts, then the buffered reads (so a promotion sees the latest counts). */
    private void drainBuffers() {
        counts.drain();
        reads.drain();
        long step = climber.adjustment(map.size());
        if (step > 0) {
            growWindow(step);
        } else if (step < 0) {
            shrinkWindow(-step);
        }
    }

    private void onRequest(long hash) {
        admissions.record(hash);
        climber.request();
    }

    /** Gives the window bytes of the protected segment and refills it from the probation's oldest entries. */
    private void growWindow(long step) {
        long quota = Math.min(step, protectedMax);
        protectedMax -= quota;
        windowMax += quota;
        while (protectedQueue.weight > protectedMax) {
            moveOldest(protectedQueue, probation, Node.Queue.PROBATION);
        }
        while (!probation.isEmpty() && window.weight + probation.peekFirst().weight <= windowMax) {
            moveOldest(probation, window, Node.Queue.WINDOW);
        }
    }

    /** Gives the protected segment bytes of the window; what no longer fits the window moves to probation. */
    private void shrinkWindow(long step) {
        long quota = Math.min(step, windowMax);
        windowMax -= quota;
        protectedMax += quota;
        while (window.weight > windowMax) {
            moveOldest(window, probation, Node.Queue.PROBATION);
        }
    }

    /** Moves the least recently used node of one segment to the most recent end of another; returns it. */
    private Node<V> moveOldest(AccessQueue<V> from, AccessQueue<V> to, Node.Queue queue) {
        Node<V> n = from.peekFirst();
        from.unlink(n);
        n.queue = queue;
        to.addLast(n);
        return n;
    }

    /**
     * A read of a node: a request TinyLFU counts, an LRU reorder within its segment; a hit on probation earns a place in
     * protected.
     */
    private void onAccess(Node<V> n) {
        onRequest(n.hash);
        if (n.queue != Node.Queue.DEAD) {
            climber.hit();
        }
        switch (n.queue) {
            case WINDOW -> window.touch(n);
            case PROTECTED -> protectedQueue.touch(n);
            case PROBATION -> {
                probation.unlink(n);
                n.queue = Node.Queue.PROTECTED;
                protectedQueue.addLast(n);
                while (protectedQueue.weight > protectedMax && protectedQueue.peekFirst() != n) {
                    moveOldest(protectedQueue, probation, Node.Queue.PROBATION);
                }
            }
            case DEAD -> {
                // removed since the read: nothing to reorder
            }
        }
    }

    /**
     * Moves what overflows the window to the probation's most recent end as candidates; then, while over the bound,
     * the newest candidate meets the least recently used entries of the main space it would displace (probation
     * first, then protected) and its policy decides: admitted, those victims go; refused, it goes. Comparing against
     * every victim needed to make room, not only the first (as Caffeine does for equal weights), keeps a large
     * candidate from pushing out many small entries on the strength of beating one of them.
     */
    private void evict(List<V> evicted) {
        Node<V> candidate = null;
        while (window.weight > windowMax) {
            candidate = moveOldest(window, probation, Node.Queue.PROBATION);
            candidate.candidate = true;
        }
        List<Node<V>> victims = new ArrayList<>();
        while (weight > maxWeight) {
            if (candidate == null || !candidate.candidate) {
                evictNode(firstVictim(), evicted);
                continue;
            }
            long need = weight - maxWeight;
            long freed = 0;
            int victimFrequency = 0;
            victims.clear();
            for (Node<V> v = nextVictim(null); v != null && freed < need; v = nextVictim(v)) {
                victims.add(v);
                freed += v.weight;
                victimFrequency = Math.max(victimFrequency, admissions.frequency(v.hash));
            }
            Node<V> previous = candidate.prev;
            candidate.candidate = false;
            if (freed >= need && candidate.policy.admit(candidate.hash, candidate.weight, victimFrequency, freed)) {
                for (Node<V> v : victims) {
                    evictNode(v, evicted);
                }
            } else {
                evictNode(candidate, evicted);
            }
            candidate = previous;
        }
        for (Node<V> c = candidate; c != null && c.candidate; c = c.prev) {
            c.candidate = false;
        }
    }

    /** The least recently used entry of main (probation, then protected), else of the window. */
    private Node<V> firstVictim() {
        Node<V> v = probation.peekFirst();
        if (v == null) {
            v = protectedQueue.peekFirst();
        }
        return v != null ? v : window.peekFirst();
    }

    /** The victim after {@code v} in eviction order (probation up to the candidates, then protected), or null. */
    private Node<V> nextVictim(Node<V> v) {
        Node<V> next;
        if (v == null) {
            next = probation.peekFirst();
        } else {
            next = v.next;
            if (next == null && v.queue == Node.Queue.PROBATION) {
                next = protectedQueue.peekFirst();
            }
        }
        if (next != null && next.candidate) {
            next = protectedQueue.peekFirst();
        }
        return next;
    }

    private void evictNode(Node<V> n, List<V> evicted) {
        map.remove(n.key, n);
        unlinkDead(n);
        evicted.add(n.value);
    }

    private void unlinkDead(Node<V> n) {
        queueOf(n).unlink(n);
        n.queue = Node.Queue.DEAD;
        weight -= n.weight;
    }

    private AccessQueue<V> queueOf(Node<V> n) {
        return switch (n.queue) {
            case WINDOW -> window;
            case PROBATION -> probation;
            case PROTECTED -> protectedQueue;
            case DEAD -> throw new IllegalStateException("node " + n.key + " was removed");
        };
    }
}
