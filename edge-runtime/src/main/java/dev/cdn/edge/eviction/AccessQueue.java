package dev.cdn.edge.eviction;

/**
 * An intrusive doubly-linked list of nodes in access order (least recently used first) with its total weight; the
 * links live in the nodes, so moving a node costs no allocation. Guarded by the cache's lock.
 */
final class AccessQueue<V> {

    /**
     * A read of a node already among the most recent {@code 1 / 2^RECENT_SHIFT} of its queue leaves it where it is.
     * Its place barely changes (whatever the queue evicts is far older), and the hottest nodes, read most, are the
     * ones a move would write: their links and their neighbours' share cache lines with what readers on other
     * cores load (the node's value, the map's entry allocated beside it). Hit ratios in the simulator stayed within
     * 0.12 points (docs/benchmarks.md, "Run N").
     */
    static final int RECENT_SHIFT = 3;

    private Node<V> first;
    private Node<V> last;
    long weight;
    /** Nodes linked in. */
    private int size;
    /** Appends so far: a node's {@link Node#appended} against it tells how many came in behind it. */
    private long appends;

    Node<V> peekFirst() {
        return first;
    }

    Node<V> peekLast() {
        return last;
    }

    boolean isEmpty() {
        return first == null;
    }

    void addLast(Node<V> n) {
        n.prev = last;
        n.next = null;
        if (last == null) {
            first = n;
        } else {
            last.next = n;
        }
        last = n;
        n.appended = ++appends;
        size++;
        weight += n.weight;
    }

    void unlink(Node<V> n) {
        if (n.prev == null) {
            first = n.next;
        } else {
            n.prev.next = n.next;
        }
        if (n.next == null) {
            last = n.prev;
        } else {
            n.next.prev = n.prev;
        }
        n.prev = null;
        n.next = null;
        size--;
        weight -= n.weight;
    }

    /** A read of a node: to the most recent end, unless it is among the most recent already (see RECENT_SHIFT). */
    void touch(Node<V> n) {
        if (appends - n.appended > (size >>> RECENT_SHIFT)) {
            unlink(n);
            addLast(n);
        }
    }
}
