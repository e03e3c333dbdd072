package dev.cdn.edge.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdn.edge.key.CacheKey;
import dev.cdn.edge.support.BlockHoundSetup;
import dev.cdn.edge.support.DiskObjects;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskStorageTest {

    @TempDir
    Path dir;
    final PurgeEpochs epochs = new PurgeEpochs();
    DiskStorage disk;

    @BeforeAll
    static void blockHound() {
        BlockHoundSetup.install();
    }

    @AfterEach
    void tearDown() {
        if (disk != null) {
            disk.close();
        }
    }

    static CachedObject obj(String url, String body, Set<String> tags) {
        CacheKey key = new CacheKey("s", url, "s " + url);
        return new CachedObject(key, key.primary() + "\u0000", List.of(), 200,
                List.of(Map.entry("Content-Type", "text/plain"), Map.entry("ETag", "\"e\"")),
                body.getBytes(StandardCharsets.UTF_8), 1000, 0, 60, 0, 0, false, tags, false, null);
    }

    DiskStorage open(long bytes) throws IOException {
        if (disk != null) {
            disk.close();
        }
        disk = new DiskStorage(dir, bytes, epochs);
        disk.load();
        return disk;
    }

    boolean write(CachedObject o) {
        return disk.write(o, epochs.now()).block(Duration.ofSeconds(10));
    }

    List<Path> objectFiles() {
        return DiskObjects.published(dir);
    }

    @Test
    void writtenObject_survivesARestart_withItsIndexes() throws Exception {
        open(1 << 20);
        assertThat(write(obj("http://h/a", "alpha", Set.of("t1")))).isTrue();
        assertThat(write(obj("http://h/img/b", "beta", Set.of("t2")))).isTrue();

        open(1 << 20);
        DiskStorage.DiskEntry e = disk.get("s http://h/a\u0000");
        assertThat(e).isNotNull();
        assertThat(e.meta().header("ETag")).isEqualTo("\"e\"");
        assertThat(e.bodyLength()).isEqualTo(5);
        CachedObject full = disk.read(e).block(Duration.ofSeconds(10));
        assertThat(new String(full.body(), StandardCharsets.UTF_8)).isEqualTo("alpha");
        assertThat(disk.varyNames("s http://h/a")).isEmpty();
        // The purge indexes came back from the file headers.
        assertThat(disk.purge(i -> i.tag("s", "t2"), false)).containsExactly("s http://h/img/b\u0000");
        assertThat(disk.purge(i -> i.prefix("s", "http://h/"), false)).containsExactly("s http://h/a\u0000");
        assertThat(disk.objectCount()).isZero();
    }

    @Test
    @org.junit.jupiter.api.Tag("fault")
    void corruptBody_isIndexedFromItsHead_butCaughtBeforeItsFirstSend_deletedAndCounted() throws Exception {
        open(1 << 20);
        write(obj("http://h/a", "alpha", Set.of()));
        Path file = objectFiles().get(0);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 0x01; // flip one bit of the body: same length, so the head looks whole
        Files.write(file, bytes);
        open(1 << 20);
        DiskStorage.DiskEntry e = disk.get("s http://h/a\u0000");
        assertThat(e).as("the index is rebuilt from heads only").isNotNull();
        assertThatThrownBy(() -> disk.open(e).block(Duration.ofSeconds(10))).hasRootCauseInstanceOf(IOException.class);
        assertThat(disk.get("s http://h/a\u0000")).isNull();
        assertThat(disk.corruptObjects()).isEqualTo(1);
        dev.cdn.edge.support.Await.until(() -> !Files.exists(file));
    }

    @Test
    void load_readsNoBody() throws Exception {
        open(1 << 20);
        write(obj("http://h/a", "alpha", Set.of()));
        Path file = objectFiles().get(0);
        // Unreadable past its head: a load that read bodies would find it damaged.
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap("ALPHA".getBytes(StandardCharsets.UTF_8)), Files.size(file) - 5);
        }
        open(1 << 20);
        assertThat(disk.get("s http://h/a\u0000")).isNotNull();
        assertThat(disk.corruptObjects()).as("nothing read, nothing found").isZero();
    }

    @Test
    void tornFileAndLeftoverTempFile_areDeletedAtLoad() throws Exception {
        open(1 << 20);
        write(obj("http://h/a", "alpha", Set.of()));
        Path file = objectFiles().get(0);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 2)); // power cut mid-write, no rename
        Path tmp = file.resolveSibling(".tmp-abc-1.obj");
        Files.writeString(tmp, "half");
        open(1 << 20);
        assertThat(disk.objectCount()).isZero();
        assertThat(Files.exists(file)).isFalse();
        assertThat(Files.exists(tmp)).isFalse();
        assertThat(disk.corruptObjects()).as("the torn file").isEqualTo(1);
    }

    @Test
    void corruptionAfterLoad_isDetectedOnRead_andTheEntryDropped() throws Exception {
        open(1 << 20);
        write(obj("http://h/a", "alpha", Set.of()));
        DiskStorage.DiskEntry e = disk.get("s http://h/a\u0000");
        Files.write(e.file(), new byte[] {1, 2, 3});
        assertThat(disk.read(e).block(Duration.ofSeconds(10))).isNull();
        assertThat(disk.get("s http://h/a\u0000")).isNull();
    }

    @Test
    void writeRacingAPurge_isNotPublished() throws Exception {
        open(1 << 20);
        long before = epochs.now();
        epochs.purgeAll("s");
        assertThat(disk.write(obj("http://h/a", "alpha", Set.of()), before).block(Duration.ofSeconds(10))).isFalse();
        assertThat(disk.get("s http://h/a\u0000")).isNull();
        assertThat(objectFiles()).isEmpty();
    }

    /** Loads the directory as a restarted process would, without closing the running tier (a crash). */
    DiskStorage afterCrash() throws IOException {
        DiskStorage restarted = new DiskStorage(dir, 1 << 20, new PurgeEpochs());
        restarted.load();
        return restarted;
    }

    @Test
    void hardPurge_deletesTheFileBeforeItReturns_soACrashRightAfterCannotBringItBack() throws Exception {
        open(1 << 20);
        assertThat(write(obj("http://h/a", "alpha", Set.of()))).isTrue();
        epochs.purgeUrl("s", "http://h/a");
        assertThat(disk.purge(i -> i.url("s", "http://h/a"), false)).hasSize(1);

        assertThat(objectFiles()).as("no file left once the purge returned").isEmpty();
        try (DiskStorage restarted = afterCrash()) {
            assertThat(restarted.get("s http://h/a\u0000")).isNull();
        }
    }

    @Test
    void softPurge_isOnDiskBeforeItReturns() throws Exception {
        open(1 << 20);
        assertThat(write(obj("http://h/a", "alpha", Set.of()))).isTrue();
        epochs.purgeUrl("s", "http://h/a");
        assertThat(disk.purge(i -> i.url("s", "http://h/a"), true)).hasSize(1);

        try (DiskStorage restarted = afterCrash()) {
            assertThat(restarted.get("s http://h/a\u0000").meta().invalidated()).as("loaded stale, not fresh").isTrue();
        }
    }

    @Test
    void softPurgeThenHardPurge_neverResurrectsTheObject() throws Exception {
        open(1 << 20);
        assertThat(write(obj("http://h/a", "alpha", Set.of("t")))).isTrue();
        epochs.purgeTag("s", "t");
        disk.purge(i -> i.tag("s", "t"), true);
        epochs.purgeUrl("s", "http://h/a");
        disk.purge(i -> i.url("s", "http://h/a"), false);
        dev.cdn.edge.support.Await.until(() -> disk.pendingWrites() == 0);

        assertThat(disk.get("s http://h/a\u0000")).isNull();
        assertThat(objectFiles()).isEmpty();
        try (DiskStorage restarted = afterCrash()) {
            assertThat(restarted.get("s http://h/a\u0000")).isNull();
        }
    }

    @Test
    void tierIsBoundedInBytes_andEvictionDeletesFiles() throws Exception {
        open(1 << 20);
        String body = "x".repeat(300 * 1024);
        for (int i = 0; i < 5; i++) {
            write(obj("http://h/" + i, body, Set.of()));
        }
        assertThat(disk.bytes()).isLessThanOrEqualTo(1 << 20);
        assertThat(disk.objectCount()).isEqualTo(3);
        assertThat(disk.get("s http://h/0\u0000")).isNull();
        dev.cdn.edge.support.Await.until(() -> objectFiles().size() == 3);
    }

    @Test
    void rewriteOfTheSameKey_replacesTheOlderFile() throws Exception {
        open(1 << 20);
        write(obj("http://h/a", "one", Set.of()));
        write(obj("http://h/a", "two!", Set.of()));
        assertThat(disk.objectCount()).isEqualTo(1);
        assertThat(disk.get("s http://h/a\u0000").bodyLength()).isEqualTo(4);
        dev.cdn.edge.support.Await.until(() -> objectFiles().size() == 1);
    }

    @Test
    void twoCopiesOfOneKey_afterACrash_theNewerWriteWinsAtLoad() throws Exception {
        open(1 << 20);
        write(obj("http://h/a", "old", Set.of()));
        Path older = objectFiles().get(0);
        byte[] oldBytes = Files.readAllBytes(older);
        write(obj("http://h/a", "newer", Set.of()));
        dev.cdn.edge.support.Await.until(() -> objectFiles().size() == 1);
        Files.write(older, oldBytes); // the crash came before the old copy's delete
        open(1 << 20);
        DiskStorage.DiskEntry e = disk.get("s http://h/a\u0000");
        assertThat(e.bodyLength()).isEqualTo(5);
        dev.cdn.edge.support.Await.until(() -> !Files.exists(older));
    }

    @Test
    void objects_areSpreadOverTwoDirectoryLevels_andTheOldFlatLayoutIsStillRead() throws Exception {
        open(1 << 20);
        write(obj("http://h/a", "alpha", Set.of()));
        Path nested = objectFiles().get(0);
        assertThat(dir.relativize(nested).getNameCount()).isEqualTo(3);
        String hex = nested.getFileName().toString();
        assertThat(dir.relativize(nested).toString()).startsWith(hex.substring(0, 2) + "/" + hex.substring(2, 4) + "/");
        Path flat = dir.resolve(nested.getFileName());
        Files.move(nested, flat); // as the previous release laid it out
        open(1 << 20);
        DiskStorage.DiskEntry e = disk.get("s http://h/a\u0000");
        assertThat(e.file()).isEqualTo(flat);
        assertThat(new String(disk.read(e).block(Duration.ofSeconds(10)).body(), StandardCharsets.UTF_8)).isEqualTo("alpha");
    }

    @Test
    void writeSequence_continuesFromTheFilesFound_notFromTheClock() throws Exception {
        open(1 << 20);
        write(obj("http://h/a", "alpha", Set.of()));
        Path first = objectFiles().get(0);
        Path renamed = first.resolveSibling(first.getFileName().toString().replaceAll("-\\d+\\.obj$", "-9000000000000000000.obj"));
        Files.move(first, renamed); // a sequence far ahead of any clock reading
        open(1 << 20);
        write(obj("http://h/b", "beta", Set.of()));
        long newest = objectFiles().stream().mapToLong(DiskLayout::writeSequence).max().orElseThrow();
        assertThat(newest).isEqualTo(9000000000000000001L);
    }

    @Test
    void concurrentWritesOfOneKey_leaveExactlyOneFile_accountedInTheIndex() throws Exception {
        open(1 << 24);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                List<java.util.concurrent.Future<Boolean>> writes = new java.util.ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    String body = "copy-" + round + "-" + i;
                    writes.add(pool.submit(() -> write(obj("http://h/same", body, Set.of()))));
                }
                for (java.util.concurrent.Future<Boolean> w : writes) {
                    w.get(30, java.util.concurrent.TimeUnit.SECONDS);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        dev.cdn.edge.support.Await.until(() -> objectFiles().size() == 1);
        assertThat(disk.objectCount()).isEqualTo(1);
        assertThat(disk.bytes()).isEqualTo(Files.size(objectFiles().get(0)));
    }
}
