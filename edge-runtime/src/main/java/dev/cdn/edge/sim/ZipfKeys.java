package dev.cdn.edge.sim;

/** Key ids drawn from Zipf(alpha) with a fixed seed, for harnesses outside this package (the JMH benchmarks). */
public final class ZipfKeys {

    private ZipfKeys() {
    }

    /** {@code requests} key ids in [0, keyCount), the same sequence as the simulator's Zipf trace for that seed. */
    public static int[] draw(int keyCount, double alpha, int requests, long seed) {
        return Trace.zipf(keyCount, alpha, requests, seed, false).keys();
    }
}
