package dev.cdn.edge.upstream;

import dev.cdn.config.Origin;
import java.util.List;

/**
 * Smooth weighted round-robin over one pool (nginx, "Upstream: smooth weighted round-robin balancing", 2012): on
 * each pick every eligible member's current weight grows by its weight, the largest wins (the earliest in list
 * order on a tie) and gives back the sum of the eligible weights. Over any run of picks each member gets its share
 * of weight to within one pick, interleaved rather than in bursts (weights 5:1:1 give a a b a c a a), and the
 * sequence is deterministic. Members with weight 0 (backups) never take part.
 */
final class SmoothWeightedRoundRobin {

    private final List<Origin> members;
    private final long[] current;

    SmoothWeightedRoundRobin(List<Origin> members) {
        this.members = members;
        this.current = new long[members.size()];
    }

    /** The member list this balancer was built for (compared by identity to notice a new config). */
    List<Origin> members() {
        return members;
    }

    /** The index of the next member among those {@code eligible}, or -1 when no weighted member is eligible. */
    synchronized int next(boolean[] eligible) {
        long total = 0;
        int best = -1;
        for (int i = 0; i < current.length; i++) {
            int weight = members.get(i).weight();
            if (!eligible[i] || weight == 0) {
                continue;
            }
            current[i] += weight;
            total += weight;
            if (best < 0 || current[i] > current[best]) {
                best = i;
            }
        }
        if (best >= 0) {
            current[best] -= total;
        }
        return best;
    }
}
