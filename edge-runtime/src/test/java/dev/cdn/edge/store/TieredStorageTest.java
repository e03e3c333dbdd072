package dev.cdn.edge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.Admission;
import dev.cdn.edge.key.CacheKey;
import dev.cdn.edge.support.Await;
import dev.cdn.edge.support.BlockHoundSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TieredStorageTest {

    @TempDir
    Path dir;
    final PurgeEpochs epochs = new PurgeEpochs();
    MemoryStorage memory;
    DiskStorage disk;
    TieredStorage tiers;

    @BeforeAll
    static void blockHound() {
        BlockHoundSetup.install();
    }

    @BeforeEach
    void setUp() throws Exception {
        memory = new MemoryStorage(1024 * 1024);
        disk = new DiskStorage(dir, 16 * 1024 * 1024, epochs);
        disk.load();
        tiers = new TieredStorage(memory, disk, epochs);
    }

    @AfterEach
    void tearDown() {
        disk.close();
        memory.close(); // gives the direct bodies back
    }

    static CachedObject obj(String url, int size, Admission admission) {
        CacheKey key = new CacheKey("s", url, "s " + url);
        return new CachedObject(key, key.primary() + "\u0000", List.of(), 200, List.of(), new byte[size], 0, 0, 60,
                0, 0, false, Set.of("t"), false, admission);
    }

    @Test
    void put_writesThrough_toBothTiers() throws Exception {
        tiers.put(obj("http://h/a", 100, Admission.LRU));
        assertThat(memory.get("s http://h/a\u0000")).isNotNull();
        Await.until(() -> disk.contains("s http://h/a\u0000"));
    }

    @Test
    void lookup_answersFromRamFirst_thenDisk_andHidesWhichTierSendsTheBody() throws Exception {
        disk.write(obj("http://h/d", 300, Admission.LRU), epochs.now()).block(Duration.ofSeconds(10));
        tiers.put(obj("http://h/m", 200, Admission.LRU));
        Hit inRam = tiers.lookup("s http://h/m\u0000", true);
        assertThat(inRam).isInstanceOf(Hit.InMemory.class);
        assertThat(inRam.meta().bodyLength()).isEqualTo(200);
        inRam.meta().payload().unpin();
        Hit onDisk = tiers.lookup("s http://h/d\u0000", true);
        assertThat(onDisk).isInstanceOf(Hit.OnDisk.class);
        OpenBody body = tiers.open((Hit.OnDisk) onDisk).block(Duration.ofSeconds(10));
        assertThat(body.length()).isEqualTo(300);
        body.close();
        assertThat(tiers.lookup("s http://h/d\u0000", false)).as("a disk that may not answer yet").isNull();
        assertThat(tiers.lookup("s http://h/none\u0000", true)).isNull();
    }

    @Test
    void l1Eviction_demotesToDisk() throws Exception {
        tiers.put(obj("http://h/old", 400 * 1024, Admission.LRU));
        Await.until(() -> disk.contains("s http://h/old\u0000"));
        disk.remove("s http://h/old\u0000"); // as if the write-through had been dropped (a full disk queue)
        assertThat(disk.contains("s http://h/old\u0000")).isFalse();
        memory.put(obj("http://h/new1", 400 * 1024, Admission.LRU));
        memory.put(obj("http://h/new2", 400 * 1024, Admission.LRU));
        assertThat(memory.get("s http://h/old\u0000")).isNull();
        Await.until(() -> disk.contains("s http://h/old\u0000"));
    }

    @Test
    void diskHit_isPromotedToL1_whenAdmissionTakesIt() throws Exception {
        disk.write(obj("http://h/p", 1000, Admission.LRU), epochs.now()).block(Duration.ofSeconds(10));
        assertThat(memory.get("s http://h/p\u0000")).isNull();
        tiers.promote(disk.get("s http://h/p\u0000"));
        Await.until(() -> memory.get("s http://h/p\u0000") != null);
        assertThat(memory.get("s http://h/p\u0000").body()).hasSize(1000);
    }

    @Test
    void aPromotion_frees_itsObject_forTheNextOne_whenItEnds() throws Exception {
        disk.write(obj("http://h/p", 1000, Admission.LRU), epochs.now()).block(Duration.ofSeconds(10));
        DiskStorage.DiskEntry entry = disk.get("s http://h/p\u0000");
        for (int i = 0; i < 20; i++) {
            tiers.promote(entry); // the disk hits of a hot object before the first read lands start no other read
        }
        Await.until(() -> memory.get("s http://h/p\u0000") != null);
        Await.until(() -> tiers.promotionsRunning() == 0);
        memory.remove("s http://h/p\u0000");
        tiers.promote(entry);
        Await.until(() -> memory.get("s http://h/p\u0000") != null);
        // a promotion whose file is gone by the time it reads frees the object too
        memory.remove("s http://h/p\u0000");
        disk.remove("s http://h/p\u0000");
        tiers.promote(entry);
        Await.until(() -> tiers.promotionsRunning() == 0);
        assertThat(memory.get("s http://h/p\u0000")).isNull();
    }

    @Test
    void aPromotion_ofAnObjectRemovedMeanwhile_doesNotBringItBack_whileItsFileStillExists() throws Exception {
        // A revalidation that finds an object no longer storable removes it from both tiers; its file is deleted in
        // the background, so a promotion started from an earlier disk hit may still find it on disk.
        disk.write(obj("http://h/r", 1000, Admission.LRU), epochs.now()).block(Duration.ofSeconds(10));
        DiskStorage.DiskEntry entry = disk.get("s http://h/r\u0000");
        Path kept = dir.resolve("kept-copy");
        Files.copy(entry.file(), kept);
        assertThat(tiers.remove("s http://h/r\u0000")).isTrue();
        Await.until(() -> !Files.exists(entry.file()));
        Files.copy(kept, entry.file()); // the delete has not run yet
        tiers.promote(entry);
        Await.until(() -> tiers.promotionsRunning() == 0);
        assertThat(memory.get("s http://h/r\u0000")).isNull();
    }

    @Test
    void purge_countsAnObjectInBothTiersOnce_andRemovesItFromBoth() throws Exception {
        tiers.put(obj("http://h/x", 100, Admission.LRU));
        Await.until(() -> disk.contains("s http://h/x\u0000"));
        epochs.purgeAll("s");
        assertThat(tiers.purgeTag("s", "t", false)).isEqualTo(1);
        assertThat(memory.get("s http://h/x\u0000")).isNull();
        assertThat(disk.contains("s http://h/x\u0000")).isFalse();
    }

    @Test
    void promotion_isSkippedForAnObjectL1CanNeverHold() throws Exception {
        disk.write(obj("http://h/huge", 2 * 1024 * 1024, Admission.LRU), epochs.now())
                .block(Duration.ofSeconds(10));
        tiers.promote(disk.get("s http://h/huge\u0000"));
        assertThat(memory.objectCount()).isZero();
    }
}
