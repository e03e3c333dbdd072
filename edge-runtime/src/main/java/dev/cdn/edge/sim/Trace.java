package dev.cdn.edge.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A request trace for the simulator: parallel arrays of key ids and object sizes, plus the mean size of the
 * distinct keys (what "a cache holding 1% of the keys" is measured in).
 */
record Trace(int[] keys, int[] sizes, int distinctKeys, double meanDistinctSize) {

    /**
     * Zipf(alpha) over {@code keyCount} keys with a fixed seed. Sizes are per key: 4 KiB for {@code fixed}, else
     * 1 KiB x 2^u with u uniform in [0, 10] (1 KiB to 1 MiB, most objects small), so byte hit ratio means something.
     */
    static Trace zipf(int keyCount, double alpha, int requests, long seed, boolean mixedSizes) {
        double[] cdf = new double[keyCount];
        double sum = 0;
        for (int i = 0; i < keyCount; i++) {
            sum += 1.0 / Math.pow(i + 1, alpha);
            cdf[i] = sum;
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] sizeOf = new int[keyCount];
        double sizeSum = 0;
        for (int i = 0; i < keyCount; i++) {
            sizeOf[i] = mixedSizes ? (int) (1024 * Math.pow(2, rnd.nextDouble() * 10)) : 4096;
            sizeSum += sizeOf[i];
        }
        int[] keys = new int[requests];
        int[] sizes = new int[requests];
        for (int r = 0; r < requests; r++) {
            int idx = Arrays.binarySearch(cdf, rnd.nextDouble() * sum);
            int rank = idx >= 0 ? idx : Math.min(keyCount - 1, -idx - 1);
            keys[r] = rank;
            sizes[r] = sizeOf[rank];
        }
        return new Trace(keys, sizes, keyCount, sizeSum / keyCount);
    }

    /**
     * Shifting popularity: Zipf(alpha) over {@code keyCount} keys, but every {@code requests / phases} requests the
     * whole ranking moves to keys never seen before (a new day's articles, a new release). A policy that only trusts
     * accumulated frequency keeps yesterday's hot set too long; recency (the window) lets the new one in.
     * 4 KiB objects; the cache is sized on the keys of one phase.
     */
    static Trace shifting(int keyCount, double alpha, int requests, int phases, long seed) {
        Trace one = zipf(keyCount, alpha, requests, seed, false);
        int[] keys = one.keys().clone();
        int perPhase = Math.max(1, requests / Math.max(1, phases));
        for (int r = 0; r < requests; r++) {
            keys[r] += (r / perPhase) * keyCount;
        }
        return new Trace(keys, one.sizes(), keyCount, one.meanDistinctSize());
    }

    /**
     * Recency-skewed: each request repeats, with probability {@code repeat}, a key drawn uniformly from the last
     * {@code horizon} requests, else draws from Zipf(alpha) (an LRU-stack model: a page's images and scripts, a
     * viral link, requested again within minutes and then forgotten). 4 KiB objects.
     */
    static Trace recency(int keyCount, double alpha, int requests, double repeat, int horizon, long seed) {
        Trace base = zipf(keyCount, alpha, requests, seed, false);
        int[] keys = base.keys().clone();
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x5deece66dL);
        for (int r = 1; r < requests; r++) {
            if (rnd.nextDouble() < repeat) {
                keys[r] = keys[r - 1 - rnd.nextInt(Math.min(r, horizon))];
            }
        }
        return new Trace(keys, base.sizes(), keyCount, base.meanDistinctSize());
    }

    /** A file of {@code key size} lines (blank lines and lines starting with # are skipped). */
    static Trace file(Path file) throws IOException {
        Map<String, Integer> ids = new HashMap<>();
        List<int[]> rows = new ArrayList<>();
        Map<Integer, Integer> sizeOfId = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String t = line.trim();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] parts = t.split("\\s+");
            int id = ids.computeIfAbsent(parts[0], k -> ids.size());
            int size = parts.length > 1 ? Integer.parseInt(parts[1]) : 4096;
            sizeOfId.put(id, size);
            rows.add(new int[] {id, size});
        }
        int[] keys = new int[rows.size()];
        int[] sizes = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            keys[i] = rows.get(i)[0];
            sizes[i] = rows.get(i)[1];
        }
        double mean = sizeOfId.values().stream().mapToLong(Integer::longValue).average().orElse(4096);
        return new Trace(keys, sizes, ids.size(), mean);
    }
}
