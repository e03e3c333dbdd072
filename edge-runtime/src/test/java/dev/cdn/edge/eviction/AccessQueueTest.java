package dev.cdn.edge.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessQueueTest {

    private static List<String> order(AccessQueue<String> q) {
        List<String> keys = new ArrayList<>();
        for (Node<String> n = q.peekFirst(); n != null; n = n.next) {
            keys.add(n.key);
        }
        return keys;
    }

    private static List<Node<String>> fill(AccessQueue<String> q, int count) {
        List<Node<String>> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Node<String> n = new Node<>("k" + i, "v" + i, 1, i, null);
            q.addLast(n);
            nodes.add(n);
        }
        return nodes;
    }

    @Test
    void touch_movesAnOlderNodeToTheMostRecentEnd() {
        AccessQueue<String> q = new AccessQueue<>();
        List<Node<String>> nodes = fill(q, 16);

        q.touch(nodes.get(0));
        q.touch(nodes.get(5));

        assertThat(order(q)).startsWith("k1", "k2", "k3", "k4", "k6").endsWith("k15", "k0", "k5");
        assertThat(q.weight).isEqualTo(16);
    }

    @Test
    void touch_leavesANodeAmongTheMostRecentEighthWhereItIs() {
        AccessQueue<String> q = new AccessQueue<>();
        List<Node<String>> nodes = fill(q, 16); // an eighth of 16: the last 2 appended stay put
        List<String> before = order(q);

        q.touch(nodes.get(15));
        q.touch(nodes.get(14));
        q.touch(nodes.get(13));

        assertThat(order(q)).isEqualTo(before);
        q.touch(nodes.get(12)); // three came in behind it: past the eighth
        assertThat(q.peekLast()).isSameAs(nodes.get(12));
    }

    @Test
    void touch_countsAppendsSinceTheNodeCameIn_notItsPlace() {
        AccessQueue<String> q = new AccessQueue<>();
        List<Node<String>> nodes = fill(q, 16);
        q.touch(nodes.get(0)); // k0 appended again: one append behind k0, so it is recent
        q.touch(nodes.get(3)); // ...two behind k0 now

        q.touch(nodes.get(0));

        assertThat(order(q)).endsWith("k0", "k3");
        q.touch(nodes.get(1));
        q.touch(nodes.get(2)); // a third append behind k0: now k0 is past the eighth, and a read moves it
        q.touch(nodes.get(0));
        assertThat(order(q)).endsWith("k3", "k1", "k2", "k0");
    }

    @Test
    void aShortQueueReordersEveryReadButOfItsLast() {
        AccessQueue<String> q = new AccessQueue<>();
        List<Node<String>> nodes = fill(q, 4);

        q.touch(nodes.get(2));
        q.touch(nodes.get(2)); // the last already
        q.touch(nodes.get(0));
        assertThat(order(q)).containsExactly("k1", "k3", "k2", "k0");
    }
}
