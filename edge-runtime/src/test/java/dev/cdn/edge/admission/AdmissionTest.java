package dev.cdn.edge.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.Admission;
import dev.cdn.edge.store.AdmittedLru;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdmissionTest {

    static long h(String key) {
        return AdmittedLru.hash(key);
    }

    /** Fills a 100-object L1 with a hot set requested 5 times each, then streams 10,000 one-hit wonders through it. */
    static int hotSurvivors(Admission admission) {
        Admissions admissions = new Admissions(100);
        AdmittedLru<String> l1 = new AdmittedLru<>(100 * 1000, admissions);
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 100; i++) {
                request(l1, admissions, admission, "hot-" + i, 1000);
            }
        }
        for (int i = 0; i < 10_000; i++) {
            request(l1, admissions, admission, "once-" + i, 1000);
        }
        return (int) IntStream.range(0, 100).filter(i -> l1.contains("hot-" + i)).count();
    }

    static void request(AdmittedLru<String> l1, Admissions admissions, Admission admission, String key, long size) {
        l1.record(h(key));
        if (l1.get(key) == null) {
            l1.put(key, key, size, h(key), admissions.of(admission));
        }
    }

    @Test
    void tinyLfu_oneHitWondersDoNotEvictTheHotSet() {
        assertThat(hotSurvivors(Admission.TINYLFU)).isGreaterThanOrEqualTo(95);
    }

    @Test
    void lru_oneHitWondersEvictTheHotSet() {
        assertThat(hotSurvivors(Admission.LRU)).isZero();
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
