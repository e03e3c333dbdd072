package dev.cdn.edge.sim;

import dev.cdn.config.Admission;
import dev.cdn.edge.admission.AdmissionPolicy;
import dev.cdn.edge.admission.Admissions;
import dev.cdn.edge.eviction.WTinyLfuCache;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Replays a request trace through the L1 tier's real policy code ({@link WTinyLfuCache} with each {@link Admission})
 * and prints hit ratio and byte hit ratio per policy, in the spirit of Caffeine's simulator: choose policies on
 * traces, not on intuition.
 *
 * <pre>
 * java -cp edge-runtime.jar:... dev.cdn.edge.sim.HitRatioSimulator --trace zipf --alpha 1.0 --keys 100000 \
 *     --requests 1000000 --cache-percent 1 [--sizes fixed|mixed] [--seed 42]
 * java -cp ... dev.cdn.edge.sim.HitRatioSimulator --trace shifting --phases 10 ...   (popularity moves to new keys)
 * java -cp ... dev.cdn.edge.sim.HitRatioSimulator --trace recency --repeat 0.5 --horizon 500 ...   (LRU-stack)
 * java -cp ... dev.cdn.edge.sim.HitRatioSimulator --trace-file FILE --cache-percent 1   (lines: key size)
 * </pre>
 */
public final class HitRatioSimulator {

    /** Hits and bytes of one policy's replay. */
    public record Result(Admission policy, long requests, long hits, long bytes, long hitBytes) {
        public double hitRatio() {
            return requests == 0 ? 0 : (double) hits / requests;
        }

        public double byteHitRatio() {
            return bytes == 0 ? 0 : (double) hitBytes / bytes;
        }
    }

    private HitRatioSimulator() {
    }

    public static void main(String[] args) throws Exception {
        String trace = "zipf";
        Path file = null;
        double alpha = 1.0;
        int keys = 100_000;
        int requests = 1_000_000;
        double cachePercent = 1;
        boolean mixed = false;
        int phases = 10;
        double repeat = 0.5;
        int horizon = 500;
        long seed = 42;
        for (int i = 0; i < args.length; i += 2) {
            String v = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--trace" -> trace = v;
                case "--trace-file" -> file = Path.of(v);
                case "--alpha" -> alpha = Double.parseDouble(v);
                case "--keys" -> keys = Integer.parseInt(v);
                case "--requests" -> requests = Integer.parseInt(v);
                case "--cache-percent" -> cachePercent = Double.parseDouble(v);
                case "--sizes" -> mixed = v.equals("mixed");
                case "--seed" -> seed = Long.parseLong(v);
                case "--phases" -> phases = Integer.parseInt(v);
                case "--repeat" -> repeat = Double.parseDouble(v);
                case "--horizon" -> horizon = Integer.parseInt(v);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        String base = String.format(Locale.ROOT, "alpha=%.2f keys=%d requests=%d seed=%d", alpha, keys, requests, seed);
        Trace t;
        String label;
        if (file != null) {
            t = Trace.file(file);
            label = file.toString();
        } else {
            switch (trace) {
                case "zipf" -> {
                    t = Trace.zipf(keys, alpha, requests, seed, mixed);
                    label = "zipf " + base + " sizes=" + (mixed ? "mixed" : "fixed");
                }
                case "shifting" -> {
                    t = Trace.shifting(keys, alpha, requests, phases, seed);
                    label = "shifting " + base + " phases=" + phases;
                }
                case "recency" -> {
                    t = Trace.recency(keys, alpha, requests, repeat, horizon, seed);
                    label = String.format(Locale.ROOT, "recency %s repeat=%.2f horizon=%d", base, repeat, horizon);
                }
                default -> {
                    System.err.println("--trace must be zipf, shifting or recency (or use --trace-file FILE)");
                    System.exit(2);
                    return;
                }
            }
        }
        print(System.out, t, cachePercent, label);
    }

    static void print(PrintStream out, Trace t, double cachePercent, String label) {
        long capacity = capacity(t, cachePercent);
        out.printf(Locale.ROOT, "trace: %s; cache %.2f%% of %d keys = %d bytes%n", label, cachePercent,
                t.distinctKeys(), capacity);
        out.printf(Locale.ROOT, "%-11s %10s %15s%n", "policy", "hit ratio", "byte hit ratio");
        Result plain = replayPlainLru(t, capacity);
        out.printf(Locale.ROOT, "%-11s %9.2f%% %14.2f%%%n", "plain-lru", 100 * plain.hitRatio(), 100 * plain.byteHitRatio());
        for (Admission a : Admission.values()) {
            Result r = replay(t, capacity, a);
            out.printf(Locale.ROOT, "%-11s %9.2f%% %14.2f%%%n", a.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    100 * r.hitRatio(), 100 * r.byteHitRatio());
        }
    }

    static long capacity(Trace t, double cachePercent) {
        return (long) (t.distinctKeys() * cachePercent / 100 * t.meanDistinctSize());
    }

    /** Replays the trace through the baseline {@link PlainLru} (no admission, no segments); policy is null. */
    static Result replayPlainLru(Trace t, long capacity) {
        PlainLru lru = new PlainLru(capacity);
        long hits = 0;
        long bytes = 0;
        long hitBytes = 0;
        for (int i = 0; i < t.keys().length; i++) {
            int size = t.sizes()[i];
            bytes += size;
            if (lru.request(t.keys()[i], size)) {
                hits++;
                hitBytes += size;
            }
        }
        return new Result(null, t.keys().length, hits, bytes, hitBytes);
    }

    /** Replays the trace through a fresh L1 of {@code capacity} bytes under one admission policy. */
    static Result replay(Trace t, long capacity, Admission admission) {
        int expected = (int) Math.max(1024, capacity / Math.max(1, (long) t.meanDistinctSize()));
        Admissions admissions = new Admissions(expected);
        WTinyLfuCache<Integer> l1 = new WTinyLfuCache<>(capacity, admissions);
        AdmissionPolicy policy = admissions.of(admission);
        long hits = 0;
        long bytes = 0;
        long hitBytes = 0;
        for (int i = 0; i < t.keys().length; i++) {
            String key = "k" + t.keys()[i];
            long hash = WTinyLfuCache.hash(key);
            int size = t.sizes()[i];
            bytes += size;
            if (l1.get(key) != null) {
                hits++;
                hitBytes += size;
            } else {
                l1.recordMiss(hash);
                l1.put(key, t.keys()[i], size, hash, policy);
            }
        }
        return new Result(admission, t.keys().length, hits, bytes, hitBytes);
    }
}
