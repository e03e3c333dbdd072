package dev.cdn.edge.sim;

import dev.cdn.edge.prefetch.PrefetchOutcome;
import dev.cdn.edge.prefetch.PrefetchSettings;
import dev.cdn.edge.prefetch.ShieldPrefetcher;
import java.io.PrintStream;
import java.util.BitSet;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Replays a synthetic session trace ({@link SessionTrace}) through a shield's cache (a byte-bounded LRU) with and
 * without the real {@link ShieldPrefetcher} (its learner, budget and bounds; simulated time), and prints the hit
 * ratio, the origin traffic, and how many prefetched objects were requested before they were evicted.
 *
 * <pre>
 * java -cp edge-runtime.jar:... dev.cdn.edge.sim.PrefetchSimulator [--cache-percent 5] [--budgets 5,20,100]
 *     [--bytes-per-fetch 100000] [--min-confidence 0.3] [--max-predictions 2] [--requests 500000]
 *     [--clients 5000] [--pages 50000] [--seed 42]
 * </pre>
 */
public final class PrefetchSimulator {

    /** One replay's figures. */
    record Result(String label, long requests, long hits, long originFetches, long originBytes, long prefetches,
                  long usefulPrefetches, long refused) {
        double hitRatio() {
            return requests == 0 ? 0 : (double) hits / requests;
        }
    }

    private PrefetchSimulator() {
    }

    public static void main(String[] args) {
        SessionTrace.Shape d = SessionTrace.Shape.DEFAULT;
        int pages = d.pages();
        int clients = d.clients();
        int requests = d.requests();
        long seed = d.seed();
        double cachePercent = 5;
        int[] budgets = {5, 20, 100};
        long bytesPerFetch = 100_000;
        double minConfidence = PrefetchSettings.OFF.minConfidence();
        int maxPredictions = PrefetchSettings.OFF.maxPredictions();
        for (int i = 0; i < args.length; i += 2) {
            String v = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--cache-percent" -> cachePercent = Double.parseDouble(v);
                case "--budgets" -> budgets = java.util.Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
                case "--bytes-per-fetch" -> bytesPerFetch = Long.parseLong(v);
                case "--min-confidence" -> minConfidence = Double.parseDouble(v);
                case "--max-predictions" -> maxPredictions = Integer.parseInt(v);
                case "--requests" -> requests = Integer.parseInt(v);
                case "--clients" -> clients = Integer.parseInt(v);
                case "--pages" -> pages = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        SessionTrace.Shape shape = new SessionTrace.Shape(pages, d.links(), clients, requests, d.follow(),
                d.thinkSeconds(), d.awaySeconds(), seed);
        PrefetchSettings o = PrefetchSettings.OFF;
        PrefetchSettings learner = new PrefetchSettings(0, 0, o.sessionWindow(), o.maxClients(), o.maxObjects(),
                o.successors(), o.minCount(), minConfidence, maxPredictions);
        print(System.out, SessionTrace.generate(shape), shape, cachePercent, budgets, bytesPerFetch, learner);
    }

    static void print(PrintStream out, SessionTrace t, SessionTrace.Shape shape, double cachePercent, int[] budgets,
                      long bytesPerFetch, PrefetchSettings learner) {
        long capacity = (long) (t.distinctBytes() * cachePercent / 100);
        double seconds = t.nanos()[t.nanos().length - 1] / 1e9;
        out.printf(Locale.ROOT, "trace: sessions pages=%d links=%d clients=%d requests=%d follow=%.2f seed=%d "
                        + "(%.0f s simulated, %.0f requests/s); shield LRU %.1f%% of %d distinct bytes%n",
                shape.pages(), shape.links(), shape.clients(), shape.requests(), shape.follow(), shape.seed(), seconds,
                t.keys().length / seconds, cachePercent, t.distinctBytes());
        out.printf(Locale.ROOT, "prefetcher: window %ds, %d clients, %d objects, %d successors each, minCount %d, "
                        + "minConfidence %.2f, maxPredictions %d, budget per second: N prefetches and N x %d bytes%n",
                learner.sessionWindow().toSeconds(), learner.maxClients(), learner.maxObjects(), learner.successors(),
                learner.minCount(), learner.minConfidence(), learner.maxPredictions(), bytesPerFetch);
        out.printf(Locale.ROOT, "%-24s %9s %14s %14s %11s %8s %8s%n", "mode", "hit ratio", "origin fetches",
                "origin MB", "prefetches", "useful", "refused");
        Result base = replay(t, capacity, null, "no prefetch");
        row(out, base, base);
        for (int perSecond : budgets) {
            Result r = replay(t, capacity, learner.withBudget(perSecond, perSecond * bytesPerFetch),
                    "prefetch " + perSecond + "/s");
            row(out, r, base);
        }
    }

    private static void row(PrintStream out, Result r, Result base) {
        String fetches = r == base ? String.valueOf(r.originFetches())
                : String.format(Locale.ROOT, "%d (%+.1f%%)", r.originFetches(),
                        100.0 * (r.originFetches() - base.originFetches()) / base.originFetches());
        String bytes = r == base ? String.format(Locale.ROOT, "%.0f", r.originBytes() / 1e6)
                : String.format(Locale.ROOT, "%.0f (%+.1f%%)", r.originBytes() / 1e6,
                        100.0 * (r.originBytes() - base.originBytes()) / base.originBytes());
        out.printf(Locale.ROOT, "%-24s %8.2f%% %14s %14s %11d %7.1f%% %8d%n", r.label(), 100 * r.hitRatio(), fetches,
                bytes, r.prefetches(), r.prefetches() == 0 ? 0 : 100.0 * r.usefulPrefetches() / r.prefetches(),
                r.refused());
    }

    /** Replays the trace; {@code settings} null: no prefetching. */
    static Result replay(SessionTrace t, long capacity, PrefetchSettings settings, String label) {
        PlainLru cache = new PlainLru(capacity);
        long[] now = {0};
        long[] origin = {0, 0, 0}; // fetches, bytes, prefetches that reached the origin
        BitSet prefetched = new BitSet(t.pages());
        long[] useful = {0};
        int[] sizeOf = new int[t.pages()];
        for (int i = 0; i < t.keys().length; i++) {
            sizeOf[t.keys()[i]] = t.sizes()[i];
        }
        Map<PrefetchOutcome, long[]> outcomes = new EnumMap<>(PrefetchOutcome.class);
        ShieldPrefetcher prefetcher = settings == null ? null : new ShieldPrefetcher(settings, () -> now[0],
                (scheme, authority, path) -> {
                    int key = Integer.parseInt(path.substring(1));
                    int size = Math.max(1, sizeOf[key]);
                    if (!cache.contains(key)) {
                        origin[0]++;
                        origin[1] += size;
                        origin[2]++;
                        cache.request(key, size);
                        prefetched.set(key);
                    }
                    return Mono.just((long) size);
                }, (service, outcome) -> outcomes.computeIfAbsent(outcome, o -> new long[1])[0]++);
        long hits = 0;
        for (int i = 0; i < t.keys().length; i++) {
            now[0] = t.nanos()[i];
            int key = t.keys()[i];
            int size = t.sizes()[i];
            if (cache.request(key, size)) {
                hits++;
                if (prefetched.get(key)) {
                    useful[0]++;
                    prefetched.clear(key);
                }
            } else {
                origin[0]++;
                origin[1] += size;
                prefetched.clear(key);
            }
            if (prefetcher != null) {
                prefetcher.requested("svc", "c" + t.clients()[i], "http", "sim.localhost", "/" + key, 200);
            }
        }
        long refused = outcomes.getOrDefault(PrefetchOutcome.NO_BUDGET, new long[1])[0]
                + outcomes.getOrDefault(PrefetchOutcome.BUSY, new long[1])[0];
        return new Result(label, t.keys().length, hits, origin[0], origin[1], origin[2], useful[0], refused);
    }
}
