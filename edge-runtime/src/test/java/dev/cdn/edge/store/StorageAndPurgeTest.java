package dev.cdn.edge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdn.config.PurgeCommand;
import dev.cdn.config.PurgeKind;
import dev.cdn.edge.config.ConfigHolder;
import dev.cdn.edge.key.CacheKey;
import dev.cdn.edge.purge.StorePurger;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StorageAndPurgeTest {

    final MemoryStorage storage = new MemoryStorage(10 * 1024 * 1024);
    final PurgeEpochs epochs = new PurgeEpochs();
    final ConfigHolder holder = new ConfigHolder(id -> { });
    final StorePurger purger = new StorePurger(storage, epochs, new dev.cdn.edge.coalesce.FillLock(java.time.Duration.ofSeconds(5), epochs), () -> holder);

    @org.junit.jupiter.api.AfterEach
    void closeStorage() {
        storage.close(); // gives the direct bodies back
    }

    CachedObject obj(String service, String url, String variant, Set<String> tags) {
        CacheKey key = new CacheKey(service, url, service + " " + url);
        return new CachedObject(key, key.primary() + "\u0000" + variant, List.of("accept-encoding"), 200, List.of(),
                new byte[10], 0, 0, 60, 0, 0, false, tags, false, null);
    }

    @Test
    void purgeByUrl_removesEveryVariant() {
        storage.put(obj("s", "http://h/a?x=1", "gzip", Set.of()));
        storage.put(obj("s", "http://h/a?x=1", "br", Set.of()));
        storage.put(obj("s", "http://h/b", "br", Set.of()));
        int n = purger.purge(new PurgeCommand("1", "s", PurgeKind.URL, List.of("http://H:80/./a?x=1"), false)).count();
        assertThat(n).isEqualTo(2);
        assertThat(storage.get("s http://h/a?x=1\u0000gzip")).isNull();
        assertThat(storage.get("s http://h/b\u0000br")).isNotNull();
    }

    @Test
    void varySpecs_goWithTheLastVariantOfTheirKey() {
        for (int i = 0; i < 100; i++) {
            storage.put(obj("s", "http://h/v" + i, "gzip", Set.of("t")));
            storage.put(obj("s", "http://h/v" + i, "br", Set.of("t")));
        }
        assertThat(storage.varySpecCount()).isEqualTo(100);
        storage.remove("s http://h/v0\u0000gzip");
        assertThat(storage.varySpecCount()).as("one variant of /v0 is left").isEqualTo(100);
        storage.remove("s http://h/v0\u0000br");
        assertThat(storage.varySpecCount()).isEqualTo(99);
        purger.purge(new PurgeCommand("1", "s", PurgeKind.TAG, List.of("t"), false));
        assertThat(storage.varySpecCount()).as("one entry per URL ever admitted would never shrink").isZero();
    }

    @Test
    void purgeByPrefix_selectsOnlyMatchingUrls_ofThatService() {
        storage.put(obj("s", "http://h/img/1", "", Set.of()));
        storage.put(obj("s", "http://h/img/2", "", Set.of()));
        storage.put(obj("s", "http://h/imgx", "", Set.of()));
        storage.put(obj("t", "http://h/img/1", "", Set.of()));
        assertThat(purger.purge(new PurgeCommand("1", "s", PurgeKind.PREFIX, List.of("http://h/img/"), false)).count()).isEqualTo(2);
        assertThat(storage.get("t http://h/img/1\u0000")).isNotNull();
        assertThat(storage.get("s http://h/imgx\u0000")).isNotNull();
    }

    @Test
    void purgeByTag_andAll_andSoft() {
        storage.put(obj("s", "http://h/1", "", Set.of("a", "b")));
        storage.put(obj("s", "http://h/2", "", Set.of("b")));
        assertThat(purger.purge(new PurgeCommand("1", "s", PurgeKind.TAG, List.of("a"), true)).count()).isEqualTo(1);
        assertThat(storage.get("s http://h/1\u0000").invalidated()).isTrue();
        assertThat(storage.get("s http://h/1\u0000").isFresh(0)).isFalse();
        assertThat(purger.purge(new PurgeCommand("2", "s", PurgeKind.ALL, List.of(), false)).count()).isEqualTo(2);
        assertThat(storage.objectCount()).isZero();
    }

    @Test
    void purgeAll_recordsAnEpoch_soAnInFlightFillIsNotStored() {
        long before = epochs.now();
        purger.purge(new PurgeCommand("1", "s", PurgeKind.ALL, List.of(), false));
        assertThat(epochs.storeIfCurrent(storage, obj("s", "http://h/1", "", Set.of()), before)).isFalse();
        assertThat(storage.objectCount()).isZero();
    }

    @Test
    void purgeUrl_rejectsRelativeUrls() {
        assertThatThrownBy(() -> purger.purge(new PurgeCommand("1", "s", PurgeKind.URL, List.of("/a"), false)))
                .hasMessageContaining("absolute URL");
    }

    @Test
    void store_isBoundedInBytes() {
        MemoryStorage small = new MemoryStorage(2000);
        for (int i = 0; i < 50; i++) {
            small.put(obj("s", "http://h/" + i, "", Set.of("t")));
        }
        assertThat(small.weightedSize()).isLessThanOrEqualTo(2000);
        small.close();
    }
}
