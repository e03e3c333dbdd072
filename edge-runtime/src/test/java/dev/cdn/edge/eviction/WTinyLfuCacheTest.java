package dev.cdn.edge.eviction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.Admission;
import dev.cdn.edge.admission.AdmissionPolicy;
import dev.cdn.edge.admission.Admissions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WTinyLfuCacheTest {

    private static long h(String key) {
        return WTinyLfuCache.hash(key);
    }

    /** A cache of {@code maxWeight} holding k0..k9 (weight 1 each, admitted by LRU), values v0..v9. */
    private static WTinyLfuCache<String> tenKeys(long maxWeight, Admissions admissions) {
        WTinyLfuCache<String> cache = new WTinyLfuCache<>(maxWeight, admissions);
        for (int i = 0; i < 10; i++) {
            cache.put("k" + i, "v" + i, 1, h("k" + i), admissions.of(Admission.LRU));
        }
        return cache;
    }

    /** A policy that admits everything, but first waits inside the cache's lock until released. */
    private static final class StallingPolicy implements AdmissionPolicy {
        final CountDownLatch inside = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void record(long keyHash) {
        }

        @Override
        public boolean admit(long candidateHash, long candidateWeight, int victimMaxFrequency, long victimWeight) {
            inside.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }

        @Override
        public int frequency(long keyHash) {
            return 0;
        }
    }

    @Test
    void oneReaderDrains_anotherLeavesItToIt_untilItStopsReading() throws Exception {
        Admissions admissions = new Admissions(64);
        WTinyLfuCache<String> cache = tenKeys(100, admissions);
        assertThat(cache.drainer()).as("writers drain without taking the readers' role").isNull();
        ExecutorService first = Executors.newSingleThreadExecutor();
        ExecutorService second = Executors.newSingleThreadExecutor();
        try {
            Thread firstThread = first.submit(() -> {
                for (int n = 0; n < 10_000; n++) {
                    cache.get("k" + n % 5);
                }
                return Thread.currentThread();
            }).get(10, TimeUnit.SECONDS);
            assertThat(cache.drainer()).isSameAs(firstThread);

            // A few rings' worth of reads on another thread: its events wait for (or are dropped before) the first
            // reader's next drain, and it drains nothing itself.
            second.submit(() -> {
                for (int n = 0; n < StripedRing.CAPACITY + StripedRing.TAKEOVER_OFFERS / 2; n++) {
                    cache.get("k9");
                }
            }).get(10, TimeUnit.SECONDS);
            assertThat(cache.drainer()).isSameAs(firstThread);
            assertThat(admissions.frequency(h("k9"))).as("k9 read only by the second, not drained yet").isZero();

            // The first has stopped reading: once its ring stays full, the second drains, and its reads count.
            Thread secondThread = second.submit(() -> {
                for (int n = 0; n < StripedRing.TAKEOVER_OFFERS; n++) {
                    cache.get("k9");
                }
                return Thread.currentThread();
            }).get(10, TimeUnit.SECONDS);
            assertThat(cache.drainer()).isSameAs(secondThread);
            assertThat(admissions.frequency(h("k9"))).isPositive();
        } finally {
            first.shutdownNow();
            second.shutdownNow();
        }
    }

    @Test
    void get_andRecord_doNotWaitForAWriterHoldingTheLock() throws Exception {
        Admissions admissions = new Admissions(16);
        WTinyLfuCache<String> cache = tenKeys(10, admissions);
        StallingPolicy stalling = new StallingPolicy();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // This put evicts, so it asks its policy, which holds the lock until released.
            Future<?> writer = pool.submit(() -> cache.put("new", "v", 1, h("new"), stalling));
            assertThat(stalling.inside.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Integer> reader = pool.submit(() -> {
                int hits = 0;
                for (int round = 0; round < 1000; round++) { // enough to fill every read-buffer stripe
                    for (int i = 1; i < 10; i++) {
                        cache.recordMiss(h("k" + i));
                        hits += cache.get("k" + i) != null ? 1 : 0;
                    }
                }
                return hits;
            });
            assertThat(reader.get(5, TimeUnit.SECONDS)).isEqualTo(9000);
            stalling.release.countDown();
            writer.get(10, TimeUnit.SECONDS);
        } finally {
            stalling.release.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void newcomer_entersTheWindow_evenWhenItsFrequencyLosesToTheResidents() {
        Admissions admissions = new Admissions(128);
        WTinyLfuCache<String> cache = new WTinyLfuCache<>(100 * 100, admissions);
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 100; i++) {
                request(cache, admissions, "hot-" + i);
            }
        }
        WTinyLfuCache.PutResult<String> r = cache.put("new", "new", 100, h("new"), admissions.of(Admission.TINYLFU));
        // Without a window a newcomer seen once is turned away at once; with one it gets its chance to be hit again.
        assertThat(r.outcome()).isEqualTo(WTinyLfuCache.Outcome.ADMITTED);
        assertThat(cache.get("new")).isEqualTo("new");
        assertThat(cache.weightedSize()).isLessThanOrEqualTo(100 * 100);
    }

    @Test
    void weightedSize_matchesTheEntriesHeld_afterConcurrentReadsWritesAndRemoves() throws Exception {
        Admissions admissions = new Admissions(256);
        long max = 64 * 1000;
        WTinyLfuCache<Integer> cache = new WTinyLfuCache<>(max, admissions);
        int threads = 4;
        List<CompletableFuture<Void>> runs = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            runs.add(CompletableFuture.runAsync(() -> {
                SplittableRandom rnd = new SplittableRandom(seed);
                for (int i = 0; i < 200_000; i++) {
                    int k = (int) Math.min(999, Math.abs(rnd.nextGaussian() * 150));
                    String key = "k" + k;
                    int op = rnd.nextInt(100);
                    if (op < 80) {
                        if (cache.get(key) == null) {
                            cache.recordMiss(h(key));
                        }
                    } else if (op < 97) {
                        Admission a = Admission.values()[rnd.nextInt(Admission.values().length)];
                        cache.put(key, k, 100 + rnd.nextInt(2000), h(key), admissions.of(a));
                    } else {
                        cache.remove(key);
                    }
                }
            }));
        }
        CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        assertThat(cache.weightedSize()).isBetween(0L, max);
        for (int k = 0; k < 1000; k++) {
            cache.remove("k" + k);
        }
        assertThat(cache.size()).isZero();
        assertThat(cache.weightedSize()).isZero();
    }

    @Test
    void hit_isCountedByTinyLfu_fromItsReadEvent() {
        Admissions admissions = new Admissions(64);
        WTinyLfuCache<String> cache = new WTinyLfuCache<>(1000, admissions);
        cache.put("hot", "v", 1, h("hot"), admissions.of(Admission.TINYLFU));
        assertThat(admissions.frequency(h("hot"))).isZero();
        for (int i = 0; i < 10; i++) {
            assertThat(cache.get("hot")).isEqualTo("v");
        }
        cache.put("other", "v", 1, h("other"), admissions.of(Admission.TINYLFU)); // a write drains the buffers
        assertThat(admissions.frequency(h("hot"))).isGreaterThanOrEqualTo(10);
        assertThat(admissions.frequency(h("other"))).isZero();
    }

    private static void request(WTinyLfuCache<String> cache, Admissions admissions, String key) {
        if (cache.get(key) == null) {
            cache.recordMiss(h(key));
            cache.put(key, key, 100, h(key), admissions.of(Admission.TINYLFU));
        }
    }
}
