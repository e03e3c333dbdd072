package dev.cdn.edge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.key.CacheKey;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class DirectBodiesTest {

    static CachedObject obj(String url, byte[] body) {
        CacheKey key = new CacheKey("s", url, "s " + url);
        return new CachedObject(key, key.primary() + "\u0000", List.of(), 200, List.of(), body, 0, 0, 60, 0, 0, false,
                Set.of(), false, null);
    }

    static byte[] bytes(int n, char fill) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) fill);
        return b;
    }

    @Test
    void put_keepsTheBodyInDirectMemory_andAHitSendsItWithoutACopy() {
        MemoryStorage memory = new MemoryStorage(1 << 20);
        memory.put(obj("http://h/a", "hello".getBytes(StandardCharsets.US_ASCII)));
        CachedObject hit = memory.pinned("s http://h/a\u0000");
        assertThat(hit.payload().direct()).isTrue();
        assertThat(memory.bodies().usedBytes()).isGreaterThanOrEqualTo(5);
        ByteBuf wire = hit.payload().slice(1, 3);
        try {
            assertThat(wire.isDirect()).isTrue();
            assertThat(wire.toString(StandardCharsets.US_ASCII)).isEqualTo("ell");
        } finally {
            wire.release();
            hit.payload().unpin();
        }
        memory.close();
    }

    @Test
    void pinnedBody_outlivesItsEviction_untilTheRequestIsOver() {
        MemoryStorage memory = new MemoryStorage(1 << 20);
        memory.put(obj("http://h/a", bytes(4096, 'a')));
        CachedObject hit = memory.pinned("s http://h/a\u0000");
        assertThat(memory.remove("s http://h/a\u0000")).isTrue();
        assertThat(memory.pinned("s http://h/a\u0000")).as("gone from the tier: a miss").isNull();
        ByteBuf wire = hit.payload().slice(0, 4096);
        assertThat(wire.getByte(4095)).isEqualTo((byte) 'a');
        hit.payload().unpin();
        assertThat(memory.bodies().usedBytes()).as("still on the wire").isGreaterThanOrEqualTo(4096);
        wire.release();
        assertThat(memory.bodies().usedBytes()).isZero();
    }

    @Test
    void releasedBody_cannotBePinned() {
        MemoryStorage memory = new MemoryStorage(1 << 20);
        memory.put(obj("http://h/a", bytes(100, 'a')));
        CachedObject unpinned = memory.get("s http://h/a\u0000");
        memory.remove("s http://h/a\u0000");
        assertThat(unpinned.payload().pin()).isFalse();
    }

    @Test
    void refresh_andClose_giveEveryBodyBack() {
        MemoryStorage memory = new MemoryStorage(1 << 20);
        memory.put(obj("http://h/a", bytes(1000, 'a')));
        memory.put(obj("http://h/a", bytes(2000, 'b')));
        memory.put(obj("http://h/b", bytes(3000, 'c')));
        assertThat(memory.bodies().usedBytes()).isEqualTo(5000);
        memory.close();
        assertThat(memory.bodies().usedBytes()).isZero();
        assertThat(memory.objectCount()).isZero();
    }

    @Test
    @Tag("fault")
    void exhaustedDirectMemory_refusesTheObject_countsIt_andKeepsTheResidents() {
        MemoryStorage memory = new MemoryStorage(1 << 20, new DirectBodies(10_000));
        memory.put(obj("http://h/a", bytes(4000, 'a')));
        memory.put(obj("http://h/b", bytes(4000, 'b')));
        memory.put(obj("http://h/c", bytes(4000, 'c')));
        assertThat(memory.get("s http://h/c\u0000")).as("refused, not waited for").isNull();
        assertThat(memory.bodies().refusedBodies()).isEqualTo(1);
        assertThat(memory.get("s http://h/a\u0000")).isNotNull();
        assertThat(memory.get("s http://h/b\u0000")).isNotNull();
        memory.remove("s http://h/a\u0000");
        memory.put(obj("http://h/c", bytes(4000, 'c')));
        assertThat(memory.get("s http://h/c\u0000")).as("room again once a body is freed").isNotNull();
        memory.close();
    }

    @Test
    @Tag("fault")
    void exhaustedDirectMemory_withADiskTier_stillStoresTheObjectOnDisk(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        PurgeEpochs epochs = new PurgeEpochs();
        MemoryStorage memory = new MemoryStorage(1 << 20, new DirectBodies(1000));
        try (DiskStorage disk = new DiskStorage(dir, 1 << 20, epochs)) {
            disk.load();
            TieredStorage tiers = new TieredStorage(memory, disk, epochs);
            tiers.put(obj("http://h/big", bytes(4000, 'x')));
            dev.cdn.edge.support.Await.until(() -> disk.contains("s http://h/big\u0000"));
            assertThat(tiers.get("s http://h/big\u0000")).isNull();
            assertThat(memory.bodies().refusedBodies()).isEqualTo(1);
        }
    }
}
