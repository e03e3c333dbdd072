package dev.cdn.edge.admission;

/**
 * Approximate access frequency of keys for TinyLFU (Einziger, Friedman, Manes: "TinyLFU: A Highly Efficient Cache
 * Admission Policy", 2017): a count-min sketch of 4-bit counters (four counters per key, each in its own 16-counter
 * block of one long), fronted by a doorkeeper Bloom filter so that keys seen once cost one bit, not four counters.
 * Aging: after {@code sampleSize} recorded accesses every counter is halved and the doorkeeper cleared, so past
 * popularity fades. Sized to 4x the expected entries (so aging happens every 40x entries recorded accesses): on the
 * Zipf(1.0), 1%-cache trace of docs/benchmarks.md, 1x gave 59.5% hits, 2x 61.0%, 4x 61.2%, 8x 60.8%. Our own small version (Caffeine's {@code FrequencySketch} is package-private and has no
 * doorkeeper); single-threaded: callers hold the store's lock.
 */
public final class FrequencySketch {

    private static final long[] SEEDS = {0xc3a5c85c97cb3127L, 0xb492b66fbe98f273L, 0x9ae16a3b2f90404fL, 0xcbf29ce484222325L};

    private final long[] table;
    private final long[] doorkeeper;
    private final int tableMask;
    private final int doorMask;
    private final int sampleSize;
    private int additions;

    /** @param expectedEntries roughly how many objects the cache holds. */
    public FrequencySketch(int expectedEntries) {
        int n = Math.max(256, Math.min(1 << 26, 4 * expectedEntries));
        int tableSize = Integer.highestOneBit(n - 1) << 1;
        this.table = new long[tableSize];
        this.tableMask = tableSize - 1;
        int doorBits = tableSize * 64;
        this.doorkeeper = new long[doorBits / 64];
        this.doorMask = doorBits - 1;
        this.sampleSize = 10 * n;
    }

    /** Records one access to a key (its 64-bit hash). */
    public void increment(long hash) {
        long h = spread(hash);
        if (!doorkeeperAdd(h)) {
            return; // first sighting since the last aging: the doorkeeper bit is the whole count
        }
        boolean added = false;
        for (int i = 0; i < 4; i++) {
            added |= incrementAt(indexOf(h, i), offsetOf(h, i));
        }
        if (added && ++additions >= sampleSize) {
            reset();
        }
    }

    /** Estimated accesses of a key since it last aged out (0-16). */
    public int frequency(long hash) {
        long h = spread(hash);
        int min = 15;
        for (int i = 0; i < 4; i++) {
            int count = (int) ((table[indexOf(h, i)] >>> (offsetOf(h, i) << 2)) & 0xfL);
            min = Math.min(min, count);
        }
        return min + (doorkeeperContains(h) ? 1 : 0);
    }

    private boolean incrementAt(int index, int offset) {
        long mask = 0xfL << (offset << 2);
        if ((table[index] & mask) != mask) {
            table[index] += 1L << (offset << 2);
            return true;
        }
        return false;
    }

    /** Halves every counter and clears the doorkeeper. */
    void reset() {
        for (int i = 0; i < table.length; i++) {
            table[i] = (table[i] >>> 1) & 0x7777777777777777L;
        }
        java.util.Arrays.fill(doorkeeper, 0L);
        additions = additions / 2;
    }

    private boolean doorkeeperAdd(long h) {
        boolean present = true;
        for (int i = 0; i < 2; i++) {
            int bit = (int) (rehash(h, SEEDS[i + 2]) & doorMask);
            long m = 1L << (bit & 63);
            if ((doorkeeper[bit >>> 6] & m) == 0) {
                present = false;
                doorkeeper[bit >>> 6] |= m;
            }
        }
        return present;
    }

    private boolean doorkeeperContains(long h) {
        for (int i = 0; i < 2; i++) {
            int bit = (int) (rehash(h, SEEDS[i + 2]) & doorMask);
            if ((doorkeeper[bit >>> 6] & (1L << (bit & 63))) == 0) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(long h, int i) {
        return (int) (rehash(h, SEEDS[i]) >>> 32) & tableMask;
    }

    private static int offsetOf(long h, int i) {
        // Four distinct 4-bit counters of the 16 in a long, one per hash function.
        return (int) ((h >>> (i * 4)) & 3L) + (i << 2);
    }

    private static long rehash(long h, long seed) {
        long x = (h + seed) * 0x9e3779b97f4a7c15L;
        return x ^ (x >>> 29);
    }

    private static long spread(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }

}
