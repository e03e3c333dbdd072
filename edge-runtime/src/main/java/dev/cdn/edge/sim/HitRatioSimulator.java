package dev.cdn.edge.sim;

import dev.cdn.config.Admission;
import dev.cdn.edge.admission.AdmissionPolicy;
import dev.cdn.edge.admission.Admissions;
import dev.cdn.edge.store.AdmittedLru;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Replays a request trace through the L1 tier's real policy code ({@link AdmittedLru} with each {@link Admission})
 * and prints hit ratio and byte hit ratio per policy, in the spirit of Caffeine's simulator: choose policies on
 * traces, not on intuition.
 *
 * <pre>
 * java -cp edge-runtime.jar:... dev.cdn.edge.sim.HitRatioSimulator --trace zipf --alpha 1.0 --keys 100000 \
 *     --requests 1000000 --cache-percent 1 [--sizes fixed|mixed] [--seed 42]
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
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        if (file == null && !trace.equals("zipf")) {
            System.err.println("--trace must be zipf (or use --trace-file FILE)");
            System.exit(2);
        }
        Trace t = file != null ? Trace.file(file) : Trace.zipf(keys, alpha, requests, seed, mixed);
        print(System.out, t, cachePercent, file != null ? file.toString()
                : String.format(Locale.ROOT, "zipf alpha=%.2f keys=%d requests=%d sizes=%s seed=%d", alpha, keys,
                requests, mixed ? "mixed" : "fixed", seed));
    }

    static void print(PrintStream out, Trace t, double cachePercent, String label) {
        long capacity = capacity(t, cachePercent);
        out.printf(Locale.ROOT, "trace: %s; cache %.2f%% of %d keys = %d bytes%n", label, cachePercent,
                t.distinctKeys(), capacity);
        out.printf(Locale.ROOT, "%-11s %10s %15s%n", "policy", "hit ratio", "byte hit ratio");
        for (Admission a : Admission.values()) {
            Result r = replay(t, capacity, a);
            out.printf(Locale.ROOT, "%-11s %9.2f%% %14.2f%%%n", a.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    100 * r.hitRatio(), 100 * r.byteHitRatio());
        }
    }

    static long capacity(Trace t, double cachePercent) {
        return (long) (t.distinctKeys() * cachePercent / 100 * t.meanDistinctSize());
    }

    /** Replays the trace through a fresh L1 of {@code capacity} bytes under one admission policy. */
    static Result replay(Trace t, long capacity, Admission admission) {
        int expected = (int) Math.max(1024, capacity / Math.max(1, (long) t.meanDistinctSize()));
        Admissions admissions = new Admissions(expected);
        AdmittedLru<Integer> l1 = new AdmittedLru<>(capacity, admissions);
        AdmissionPolicy policy = admissions.of(admission);
        long hits = 0;
        long bytes = 0;
        long hitBytes = 0;
        for (int i = 0; i < t.keys().length; i++) {
            String key = "k" + t.keys()[i];
            long hash = AdmittedLru.hash(key);
            int size = t.sizes()[i];
            l1.record(hash);
            bytes += size;
            if (l1.get(key) != null) {
                hits++;
                hitBytes += size;
            } else {
                l1.put(key, t.keys()[i], size, hash, policy);
            }
        }
        return new Result(admission, t.keys().length, hits, bytes, hitBytes);
    }
}
