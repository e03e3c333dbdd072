package dev.cdn.edge.logic;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Assignment buckets 0..9999: drawn for a new client, read back from its cookie, or hashed from a request attribute.
 * A bucket is laid over an experiment's cumulative weights (so changing weights moves only the buckets whose range
 * changed owner). The hash is 64-bit FNV-1a over the experiment name and the value, finished with the SplitMix64
 * mixer (Steele et al., "Fast splittable pseudorandom number generators", OOPSLA 2014) so that similar values
 * (user-1, user-2) spread evenly; the experiment name is hashed in so that experiments split independently.
 */
final class Buckets {

    static final int COUNT = 10_000;

    private Buckets() {
    }

    static int draw() {
        return ThreadLocalRandom.current().nextInt(COUNT);
    }

    static int hash(String experiment, String value) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, experiment.getBytes(StandardCharsets.UTF_8));
        h = (h ^ 0) * 0x100000001b3L;
        h = fnv(h, value.getBytes(StandardCharsets.UTF_8));
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        h = h ^ (h >>> 31);
        return (int) Math.floorMod(h, (long) COUNT);
    }

    private static long fnv(long h, byte[] bytes) {
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        return h;
    }

    /** The bucket a cookie value holds, or -1 when it holds none (absent, tampered, out of range). */
    static int parse(String cookie) {
        if (cookie == null || cookie.isEmpty() || cookie.length() > 4) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < cookie.length(); i++) {
            char c = cookie.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** The index of the range {@code bucket} falls in, given each range's exclusive upper bound. */
    static int owner(int bucket, int[] upperBounds) {
        for (int i = 0; i < upperBounds.length; i++) {
            if (bucket < upperBounds[i]) {
                return i;
            }
        }
        return upperBounds.length - 1;
    }
}
