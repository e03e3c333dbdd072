package dev.cdn.edge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class TopUrlsTest {

    @Test
    void record_tracksAtMostCapacityPaths_howeverManyDistinctOnesArrive() {
        TopUrls top = new TopUrls(64);
        for (int i = 0; i < 100_000; i++) {
            top.record("/unique/" + i, 1);
        }
        assertThat(top.tracked()).isEqualTo(64);
    }

    @Test
    void drain_findsTheHeavyPaths_amongAStreamOfOneOffs() {
        TopUrls top = new TopUrls(64);
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            top.record("/noise/" + i, 1);
            if (random.nextInt(10) == 0) {
                top.record("/hot", 100);
            }
            if (random.nextInt(20) == 0) {
                top.record("/warm", 10);
            }
        }
        var drained = top.drain(2);
        assertThat(drained).extracting(TrafficStats.UrlCount::url).containsExactly("/hot", "/warm");
        // Guaranteed counts never overstate: about 2000 and 1000 requests, each at most its true count.
        assertThat(drained.get(0).requests()).isBetween(1500L, 2200L);
        assertThat(drained.get(1).requests()).isBetween(600L, 1100L);
    }

    @Test
    void record_cutsVeryLongPaths() {
        TopUrls top = new TopUrls(4);
        top.record("/" + "a".repeat(5000), 1);
        assertThat(top.drain(1).get(0).url()).hasSize(TopUrls.MAX_PATH_CHARS);
    }
}
