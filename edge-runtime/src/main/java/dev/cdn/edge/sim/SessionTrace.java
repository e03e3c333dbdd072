package dev.cdn.edge.sim;

import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A synthetic trace of browsing sessions, for the prefetch simulator: pages link to a few other pages (link targets
 * Zipf-popular), clients enter at Zipf-popular pages and follow a link after a think time with some probability,
 * else end the session and come back later at a new entry page. Requests of all clients interleave in time order.
 *
 * @param keys    the page requested
 * @param clients who requested it
 * @param nanos   when (simulated time, nanoseconds from the start)
 * @param sizes   body bytes of each page (by page, fixed for a page)
 */
record SessionTrace(int[] keys, int[] clients, long[] nanos, int[] sizes, int pages) {

    /** How the trace is drawn; {@link #DEFAULT} is the one docs/benchmarks.md records. */
    record Shape(int pages, int links, int clients, int requests, double follow, double thinkSeconds,
                 double awaySeconds, long seed) {
        static final Shape DEFAULT = new Shape(50_000, 3, 5_000, 500_000, 0.75, 5, 300, 42);
    }

    /** Link choice weights: the first link of a page is the most followed. */
    private static final double[] LINK_WEIGHTS = {0.6, 0.25, 0.15};

    static SessionTrace generate(Shape s) {
        SplittableRandom random = new SplittableRandom(s.seed());
        Zipf entry = new Zipf(s.pages(), 1.0, random.split());
        Zipf target = new Zipf(s.pages(), 0.8, random.split());
        int[][] links = new int[s.pages()][s.links()];
        int[] sizes = new int[s.pages()];
        for (int p = 0; p < s.pages(); p++) {
            for (int l = 0; l < s.links(); l++) {
                links[p][l] = target.next();
            }
            sizes[p] = 5_000 + random.nextInt(95_000);
        }
        int[] at = new int[s.clients()];
        PriorityQueue<long[]> next = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
        for (int c = 0; c < s.clients(); c++) {
            at[c] = -1;
            next.add(new long[] {(long) (random.nextDouble() * s.awaySeconds() * 1e9), c});
        }
        int[] keys = new int[s.requests()];
        int[] clients = new int[s.requests()];
        long[] nanos = new long[s.requests()];
        int[] reqSizes = new int[s.requests()];
        for (int i = 0; i < s.requests(); i++) {
            long[] event = next.poll();
            int c = (int) event[1];
            int page;
            if (at[c] >= 0 && random.nextDouble() < s.follow()) {
                page = links[at[c]][pick(random.nextDouble(), s.links())];
            } else {
                page = entry.next();
            }
            at[c] = page;
            keys[i] = page;
            clients[i] = c;
            nanos[i] = event[0];
            reqSizes[i] = sizes[page];
            boolean continues = random.nextDouble() < s.follow();
            double wait = continues ? exp(random, s.thinkSeconds()) : exp(random, s.awaySeconds());
            if (!continues) {
                at[c] = -1;
            }
            next.add(new long[] {event[0] + (long) (wait * 1e9), c});
        }
        return new SessionTrace(keys, clients, nanos, reqSizes, s.pages());
    }

    private static int pick(double u, int links) {
        double sum = 0;
        for (int l = 0; l < links - 1; l++) {
            sum += l < LINK_WEIGHTS.length ? LINK_WEIGHTS[l] : 0;
            if (u < sum) {
                return l;
            }
        }
        return links - 1;
    }

    private static double exp(SplittableRandom random, double mean) {
        return -mean * Math.log(1 - random.nextDouble());
    }

    /** Distinct pages requested and their bytes. */
    long distinctBytes() {
        java.util.BitSet seen = new java.util.BitSet(pages);
        long bytes = 0;
        for (int i = 0; i < keys.length; i++) {
            if (!seen.get(keys[i])) {
                seen.set(keys[i]);
                bytes += sizes[i];
            }
        }
        return bytes;
    }

    /** Zipf sampling over 0..n-1 by inverse CDF on a precomputed table. */
    private static final class Zipf {
        private final double[] cdf;
        private final SplittableRandom random;

        Zipf(int n, double alpha, SplittableRandom random) {
            this.random = random;
            cdf = new double[n];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += 1 / Math.pow(i + 1, alpha);
                cdf[i] = sum;
            }
            for (int i = 0; i < n; i++) {
                cdf[i] /= sum;
            }
        }

        int next() {
            int i = java.util.Arrays.binarySearch(cdf, random.nextDouble());
            return Math.min(cdf.length - 1, i >= 0 ? i : -i - 1);
        }
    }
}
