package dev.cdn.edge.eviction;

import dev.cdn.edge.admission.AdmissionPolicy;

/**
 * One entry of a {@link WTinyLfuCache}: the value readers see (volatile, read without the lock), and the policy
 * state only the lock holder touches (queue, links, weight).
 */
final class Node<V> {

    /** Which segment of the cache a node is in. */
    enum Queue {
        WINDOW,
        PROBATION,
        PROTECTED,
        /** Removed: a read buffer may still hold it, and its drain ignores it. */
        DEAD
    }

    final String key;
    final long hash;
    volatile V value;
    long weight;
    /** The admission policy of the rule that stored it, consulted when it leaves the window. */
    AdmissionPolicy policy;
    Queue queue = Queue.WINDOW;
    /** Just pushed out of the window and not yet judged (only during an eviction). */
    boolean candidate;
    Node<V> prev;
    Node<V> next;
    /** Its queue's append count when it was last appended there. */
    long appended;

    Node(String key, V value, long weight, long hash, AdmissionPolicy policy) {
        this.key = key;
        this.value = value;
        this.weight = weight;
        this.hash = hash;
        this.policy = policy;
    }
}
