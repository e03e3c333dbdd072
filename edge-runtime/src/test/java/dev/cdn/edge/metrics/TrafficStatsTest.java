package dev.cdn.edge.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.policy.CacheStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficStatsTest {

    @Test
    void drain_classifiesByCacheStatusAndStatusCode_thenStartsAgainFromZero() {
        TrafficStats stats = new TrafficStats();
        stats.request("a", CacheStatus.HIT, 200, 100);
        stats.request("a", CacheStatus.REVALIDATED, 304, 0);
        stats.request("a", CacheStatus.MISS, 404, 10);
        stats.request("a", CacheStatus.UPDATING, 200, 50);
        stats.request("a", CacheStatus.BYPASS, 502, 5);
        stats.upstreamFetch("a");
        stats.upstreamBytes("a", 60);

        List<TrafficStats.Delta> deltas = stats.drain();
        assertThat(deltas).containsExactly(new TrafficStats.Delta("a", 5, 2, 1, 1, 1, 165, 60, 1, 1, 2, 1, 1, 1));
        assertThat(stats.drain()).isEmpty();
    }

    @Test
    void selfMadeError_isARequestAndAnError_butNeitherAHitNorAMiss() {
        TrafficStats stats = new TrafficStats();
        stats.request("a", null, 502, 20);
        assertThat(stats.drain()).containsExactly(new TrafficStats.Delta("a", 1, 0, 0, 0, 0, 20, 0, 0, 1, 0, 0, 0, 1));
    }

    @Test
    void restore_putsAnUndeliveredDeltaBackForTheNextReport() {
        TrafficStats stats = new TrafficStats();
        stats.request("a", CacheStatus.HIT, 200, 100);
        TrafficStats.Delta undelivered = stats.drain().get(0);
        stats.request("a", CacheStatus.HIT, 200, 1);
        stats.restore(undelivered);
        assertThat(stats.drain()).singleElement().satisfies(d -> {
            assertThat(d.requests()).isEqualTo(2);
            assertThat(d.bytesToClients()).isEqualTo(101);
        });
    }

    @Test
    void originResponseTimes_areCountedPerBucket_drainedOnce_andRestoredWhenUndelivered() {
        TrafficStats stats = new TrafficStats();
        stats.upstreamFetch("a");
        stats.originResponseTime("a", 3);
        stats.originResponseTime("a", 80);
        stats.originResponseTime("a", 80);
        stats.originResponseTime("a", 60_000);

        TrafficStats.Delta delta = stats.drain().get(0);
        assertThat(delta.originMillis()).containsExactly(1L, 0L, 0L, 0L, 2L, 0L, 0L, 0L, 0L, 0L, 0L, 1L);
        stats.restore(delta);
        stats.originResponseTime("a", 4);
        assertThat(stats.drain().get(0).originMillis()).containsExactly(2L, 0L, 0L, 0L, 2L, 0L, 0L, 0L, 0L, 0L, 0L, 1L);
        stats.upstreamFetch("a");
        assertThat(stats.drain().get(0).originMillis()).as("nothing timed since the last drain").isEmpty();
    }

    @Test
    void drain_reportsEachServicesMostRequestedPaths_largestFirst_atMostTwenty() {
        TrafficStats stats = new TrafficStats();
        for (int i = 0; i < 50; i++) {
            for (int n = 0; n <= i; n++) {
                stats.request("a", CacheStatus.HIT, 200, 10, "/page/" + i);
            }
        }
        stats.request("b", CacheStatus.MISS, 200, 7, "/only");

        List<TrafficStats.Delta> deltas = stats.drain();
        TrafficStats.Delta a = deltas.stream().filter(d -> d.serviceId().equals("a")).findFirst().orElseThrow();
        assertThat(a.topUrls()).hasSize(TrafficStats.REPORTED_URLS);
        assertThat(a.topUrls().get(0)).isEqualTo(new TrafficStats.UrlCount("/page/49", 50, 500));
        assertThat(a.topUrls().get(19).url()).isEqualTo("/page/30");
        TrafficStats.Delta b = deltas.stream().filter(d -> d.serviceId().equals("b")).findFirst().orElseThrow();
        assertThat(b.topUrls()).containsExactly(new TrafficStats.UrlCount("/only", 1, 7));
        assertThat(stats.drain()).isEmpty();
    }

    @Test
    void restore_putsUndeliveredTopUrlsBack() {
        TrafficStats stats = new TrafficStats();
        stats.request("a", CacheStatus.HIT, 200, 10, "/x");
        TrafficStats.Delta undelivered = stats.drain().get(0);
        stats.request("a", CacheStatus.HIT, 200, 10, "/x");
        stats.restore(undelivered);
        assertThat(stats.drain().get(0).topUrls()).containsExactly(new TrafficStats.UrlCount("/x", 2, 20));
    }

    @Test
    void variantCounts_areDrainedWithTheirService_andRestoredWhenUndelivered() {
        TrafficStats stats = new TrafficStats();
        stats.variantRequest("a", "checkout", "control", CacheStatus.HIT, 200);
        stats.variantRequest("a", "checkout", "control", CacheStatus.MISS, 503);
        stats.variantOriginFetch("a", "checkout", "control", 40);
        stats.variantRequest("a", "checkout", "new", CacheStatus.MISS, 200);

        TrafficStats.Delta delta = stats.drain().get(0);
        assertThat(delta.variants()).containsExactlyInAnyOrder(
                new TrafficStats.VariantCount("checkout", "control", 2, 1, 1, 1, 0, 0, 1, 1, 40),
                new TrafficStats.VariantCount("checkout", "new", 1, 0, 1, 1, 0, 0, 0, 0, 0));
        stats.restore(delta);
        assertThat(stats.drain().get(0).variants()).hasSize(2);
        assertThat(stats.drain()).isEmpty();
    }

    @Test
    void variantPairs_areBounded() {
        TrafficStats stats = new TrafficStats();
        for (int i = 0; i < 1_000; i++) {
            stats.variantRequest("a", "e" + i, "v", CacheStatus.HIT, 200);
        }
        assertThat(stats.drain().get(0).variants()).hasSize(VariantCounters.MAX_VARIANTS);
    }
}
