package dev.cdn.edge.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.Admission;
import dev.cdn.edge.eviction.WTinyLfuCache;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdmissionTest {

    static long h(String key) {
        return WTinyLfuCache.hash(key);
    }

    /** How many of the hot set survive {@link #scanned}. */
    static int hotSurvivors(Admission admission) {
        WTinyLfuCache<String> l1 = scanned(admission);
        return (int) IntStream.range(0, 100).filter(i -> l1.contains("hot-" + i)).count();
    }

    /** Fills a 100-object L1 with a hot set requested 5 times each, then streams 10,000 one-hit wonders through it. */
    static WTinyLfuCache<String> scanned(Admission admission) {
        Admissions admissions = new Admissions(100);
        WTinyLfuCache<String> l1 = new WTinyLfuCache<>(100 * 1000, admissions);
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 100; i++) {
                request(l1, admissions, admission, "hot-" + i, 1000);
            }
        }
        for (int i = 0; i < 10_000; i++) {
            request(l1, admissions, admission, "once-" + i, 1000);
        }
        return l1;
    }

    static void request(WTinyLfuCache<String> l1, Admissions admissions, Admission admission, String key, long size) {
        if (l1.get(key) == null) {
            l1.recordMiss(h(key));
            l1.put(key, key, size, h(key), admissions.of(admission));
        }
    }

    @Test
    void tinyLfu_oneHitWondersDoNotEvictTheHotSet() {
        // The window costs a few: when the hit ratio collapses, the climber grows it with hot entries from probation,
        // and the one-hit wonders streaming through the window push them out (93 of 100 stay).
        assertThat(hotSurvivors(Admission.TINYLFU)).isGreaterThanOrEqualTo(90);
    }

    @Test
    void lru_admitsEveryOneHitWonder_tinyLfuTurnsThemAway() {
        assertThat(wonderResidents(Admission.LRU)).isEqualTo(20);
        // Only what the window holds: the newest few, on probation until they fall out.
        assertThat(wonderResidents(Admission.TINYLFU)).isLessThanOrEqualTo(10);
    }

    /** After {@link #scanned}: how many of the last 20 one-hit wonders are resident. */
    static int wonderResidents(Admission admission) {
        WTinyLfuCache<String> l1 = scanned(admission);
        return (int) IntStream.range(9_980, 10_000).filter(i -> l1.contains("once-" + i)).count();
    }

    @Test
    void sizeAware_largeObjectsNeedMoreRequests() {
        Admissions admissions = new Admissions(100);
        AdmissionPolicy sizeAware = admissions.of(Admission.SIZE_AWARE);
        AdmissionPolicy tinyLfu = admissions.of(Admission.TINYLFU);
        for (int i = 0; i < 3; i++) {
            admissions.record(h("big"));
        }
        // Frequency 3 beats a victim of frequency 2 under tinylfu, but a 1 MiB object needs 2 * (1 + log2(16)) = 10.
        assertThat(tinyLfu.admit(h("big"), 1 << 20, 2, 1 << 20)).isTrue();
        assertThat(sizeAware.admit(h("big"), 1 << 20, 2, 1 << 20)).isFalse();
        assertThat(sizeAware.admit(h("big"), 64 * 1024, 2, 64 * 1024)).isTrue();
    }

    @ParameterizedTest(name = "{0} requests -> frequency {1}")
    @CsvSource({"0, 0", "1, 1", "2, 2", "5, 5", "15, 15", "16, 16", "40, 16"})
    void frequency_countsRequests_doorkeeperFirst_saturatingAt16(int requests, int expected) {
        FrequencySketch sketch = new FrequencySketch(1024);
        for (int i = 0; i < requests; i++) {
            sketch.increment(h("k"));
        }
        assertThat(sketch.frequency(h("k"))).isEqualTo(expected);
        assertThat(sketch.frequency(h("other"))).isLessThanOrEqualTo(1);
    }

    @Test
    void reset_halvesCountersAndClearsTheDoorkeeper() {
        FrequencySketch sketch = new FrequencySketch(1024);
        for (int i = 0; i < 9; i++) {
            sketch.increment(h("k"));
        }
        sketch.reset();
        assertThat(sketch.frequency(h("k"))).isEqualTo(4);
    }
}
