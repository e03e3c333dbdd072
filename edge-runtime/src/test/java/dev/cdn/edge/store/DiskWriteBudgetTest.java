package dev.cdn.edge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.key.CacheKey;
import dev.cdn.edge.support.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The disk writer's queue is bounded in bytes: a flood of unique objects is refused (counted), never queued. */
@Tag("fault")
class DiskWriteBudgetTest {

    static final int OBJECT = 64 * 1024;
    static final long BUDGET = 1024 * 1024;

    @TempDir
    Path dir;
    DiskStorage disk;

    @AfterEach
    void tearDown() {
        if (disk != null) {
            disk.close();
        }
    }

    static CachedObject obj(int i) {
        CacheKey key = new CacheKey("s", "http://h/" + i, "s http://h/" + i);
        return new CachedObject(key, key.primary() + "\u0000", List.of(), 200, List.of(Map.entry("ETag", "\"e\"")),
                new byte[OBJECT], 1000, 0, 60, 0, 0, false, Set.of(), false, null);
    }

    @Test
    void floodOfUniqueObjects_neverHoldsMoreThanTheBudget_andRefusalsAreCounted() throws Exception {
        PurgeEpochs epochs = new PurgeEpochs();
        disk = new DiskStorage(dir, 512L * 1024 * 1024, epochs, BUDGET);
        disk.load();
        int flood = 1000; // 64 MiB offered at once to a 1 MiB write queue
        long most = 0;
        List<Mono<Boolean>> writes = new ArrayList<>(flood);
        for (int i = 0; i < flood; i++) {
            Mono<Boolean> w = disk.write(obj(i), epochs.now()).cache();
            w.subscribe();
            writes.add(w);
            most = Math.max(most, disk.queuedWriteBytes());
        }
        assertThat(most).isLessThanOrEqualTo(BUDGET);
        assertThat(disk.refusedWrites()).isPositive();
        List<Boolean> outcomes = Flux.concat(writes).collectList().block(Duration.ofSeconds(60));
        long written = outcomes.stream().filter(b -> b).count();
        assertThat(written + disk.refusedWrites()).isEqualTo(flood);
        assertThat(disk.objectCount()).isEqualTo(written);
        Await.until(() -> disk.queuedWriteBytes() == 0);
    }

    @Test
    void refusedWrites_areExposedAsAMetric() {
        disk = new DiskStorage(dir, 512L * 1024 * 1024, new PurgeEpochs(), BUDGET);
        dev.cdn.edge.metrics.EdgeMetrics metrics = new dev.cdn.edge.metrics.EdgeMetrics(
                new TieredStorage(new MemoryStorage(8L * 1024 * 1024), disk, new PurgeEpochs()));
        metrics.disk(disk);
        for (int i = 0; i < 100; i++) {
            disk.write(obj(i), 0).subscribe();
        }
        String scrape = metrics.scrape();
        assertThat(scrape).contains("edge_disk_write_refused_total").contains("edge_disk_write_queue_bytes");
        assertThat(disk.refusedWrites()).isPositive();
    }
}
