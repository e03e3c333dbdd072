package dev.cdn.edge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.key.CacheKey;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PurgeEpochsTest {

    static CachedObject obj(String service, String url, Set<String> tags) {
        CacheKey key = new CacheKey(service, url, service + " " + url);
        return new CachedObject(key, key.primary() + "\u0000", List.of(), 200, List.of(), new byte[0], 0, 0, 60, 0, 0,
                false, tags, false, null);
    }

    final PurgeEpochs epochs = new PurgeEpochs();

    @Test
    void purgeUrl_namesThatUrlOnly() {
        long start = epochs.now();
        epochs.purgeUrl("s", "http://h/a");
        assertThat(epochs.purgedSince(start, obj("s", "http://h/a", Set.of()))).isTrue();
        assertThat(epochs.purgedSince(start, obj("s", "http://h/b", Set.of()))).isFalse();
        assertThat(epochs.purgedSince(start, obj("other", "http://h/a", Set.of()))).isFalse();
        assertThat(epochs.purgedSince(epochs.now(), obj("s", "http://h/a", Set.of()))).as("a fill started after").isFalse();
    }

    @Test
    void purgePrefix_namesEveryUrlUnderIt() {
        long start = epochs.now();
        epochs.purgePrefix("s", "http://h/img/");
        assertThat(epochs.purgedSince(start, obj("s", "http://h/img/1.png", Set.of()))).isTrue();
        assertThat(epochs.purgedSince(start, obj("s", "http://h/css/1.css", Set.of()))).isFalse();
    }

    @Test
    void purgeTag_namesObjectsCarryingIt_andEveryFillWhoseTagsAreNotKnownYet() {
        long start = epochs.now();
        epochs.purgeTag("s", "product-1");
        assertThat(epochs.purgedSince(start, obj("s", "http://h/a", Set.of("product-1")))).isTrue();
        assertThat(epochs.purgedSince(start, obj("s", "http://h/a", Set.of("product-2")))).isFalse();
        assertThat(epochs.purgedSince(start, "s", "http://h/a")).isTrue();
        assertThat(epochs.purgedSince(start, "other", "http://h/a")).isFalse();
    }

    @Test
    void purgeAll_namesEveryObjectOfTheService() {
        long start = epochs.now();
        epochs.purgeAll("s");
        assertThat(epochs.purgedSince(start, obj("s", "http://h/anything", Set.of()))).isTrue();
        assertThat(epochs.purgedSince(start, obj("t", "http://h/anything", Set.of()))).isFalse();
    }

    @Test
    void recordsAreBounded_andForgettingOneNeverLetsAnOlderFillBeStored() {
        PurgeEpochs small = new PurgeEpochs(2);
        long before = small.now();
        small.purgeUrl("s", "http://h/1");
        long between = small.now();
        small.purgeUrl("s", "http://h/2");
        small.purgeUrl("s", "http://h/3");

        assertThat(small.entries()).isEqualTo(2);
        assertThat(small.purgedSince(before, obj("s", "http://h/1", Set.of())))
                .as("the record of /1 is forgotten, the floor still covers fills older than it").isTrue();
        assertThat(small.purgedSince(between, obj("s", "http://h/9", Set.of()))).isFalse();
        assertThat(small.purgedSince(between, obj("s", "http://h/2", Set.of()))).isTrue();
    }

    @Test
    void oneServiceFillingTheRecords_neverCountsAnotherServicesFillsAsPurged() {
        // The records are bounded for the node, but forgetting one service's records raises only that service's
        // floor: a tenant whose origin invalidates many URLs must not stop every other tenant's fills being stored.
        PurgeEpochs small = new PurgeEpochs(4);
        long quietOldFill = small.now();
        small.purgeUrl("quiet", "http://quiet/old");
        long otherStarted = small.now();
        long noisyStarted = small.now();
        for (int i = 0; i < 100; i++) {
            small.purgeUrl("noisy", "http://noisy/" + i);
        }
        assertThat(small.purgedSince(otherStarted, obj("quiet", "http://quiet/a", Set.of()))).isFalse();
        assertThat(small.purgedSince(otherStarted, "quiet", "http://quiet/a")).isFalse();
        assertThat(small.purgedSince(quietOldFill, obj("quiet", "http://quiet/a", Set.of())))
                .as("its own record was forgotten: its floor covers only fills older than that purge").isTrue();
        assertThat(small.purgedSince(noisyStarted, obj("noisy", "http://noisy/never-named", Set.of())))
                .as("its own forgotten records still count, through its floor").isTrue();
    }
}
