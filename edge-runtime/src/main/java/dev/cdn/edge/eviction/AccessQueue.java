package dev.cdn.edge.eviction;

/**
 * An intrusive doubly-linked list of nodes in access order (least recently used first) with its total weight; the
 * links live in the nodes, so moving a node costs no allocation. Guarded by the cache's lock.
 */
final class AccessQueue<V> {

    private Node<V> first;
    private Node<V> last;
    long weight;

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
        weight -= n.weight;
    }

    void moveToLast(Node<V> n) {
        if (n != last) {
            unlink(n);
            addLast(n);
        }
    }
}
