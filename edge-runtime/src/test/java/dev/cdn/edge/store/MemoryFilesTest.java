package dev.cdn.edge.store;

import static dev.cdn.edge.store.DirectBodiesTest.bytes;
import static dev.cdn.edge.store.DirectBodiesTest.obj;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.FileRegion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Large RAM-tier bodies in memory-backed files: who holds the bytes, for how long, and what happens when none can. */
class MemoryFilesTest {

    static final int FROM = 64 * 1024;
    static final String KEY = "s http://h/a\u0000";

    @TempDir
    Path dir;
    MemoryStorage memory;

    MemoryStorage memory(long maxBytes, Path filesDir) {
        memory = new MemoryStorage(maxBytes, new MemoryFiles(filesDir, FROM));
        return memory;
    }

    @AfterEach
    void tearDown() {
        if (memory != null) {
            memory.close();
        }
    }

    static long namesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    /** What a region sends, through a channel that collects it (as sendfile reads the file). */
    static String sent(FileRegion region) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        WritableByteChannel sink = java.nio.channels.Channels.newChannel(out);
        while (region.transferred() < region.count()) {
            region.transferTo(sink, region.transferred());
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void aLargeBody_livesInAnUnlinkedFile_readableBothWays() throws Exception {
        MemoryStorage memory = memory(1 << 20, dir);
        byte[] body = bytes(FROM, 'a');
        body[FROM - 1] = 'z';
        memory.put(obj("http://h/a", body));
        CachedObject hit = memory.pinned(KEY);
        DirectBody held = (DirectBody) hit.payload();
        assertThat(held.inFile()).isTrue();
        assertThat(namesIn(dir)).as("unlinked: nothing to clean up after a crash").isZero();
        assertThat(memory.bodies().files().usedBytes()).isEqualTo(FROM);
        assertThat(memory.bodies().usedBytes()).as("counted in the tier's budget").isEqualTo(FROM);

        ByteBuf slice = held.slice(FROM - 3, 3); // for TLS and HTTP/2: the file's mapping
        FileRegion region = held.region(FROM - 3, 3); // for plain TCP: sendfile from the file
        try {
            assertThat(slice.toString(StandardCharsets.US_ASCII)).isEqualTo("aaz");
            assertThat(sent(region)).isEqualTo("aaz");
            assertThat(memory.bodies().files().regionsSent()).isEqualTo(1);
            assertThat(held.bytes()).isEqualTo(body);
        } finally {
            slice.release();
            region.release();
            held.unpin();
        }
    }

    @Test
    void aSmallBody_staysInADirectBuffer() {
        MemoryStorage memory = memory(1 << 20, dir);
        memory.put(obj("http://h/a", bytes(FROM - 1, 'a')));
        assertThat(((DirectBody) memory.get(KEY).payload()).inFile()).isFalse();
        assertThat(memory.bodies().files().usedBytes()).isZero();
    }

    @Test
    void theFile_outlivesItsEviction_untilTheLastRegionIsWritten() throws Exception {
        MemoryStorage memory = memory(1 << 20, dir);
        memory.put(obj("http://h/a", bytes(FROM, 'b')));
        CachedObject hit = memory.pinned(KEY);
        FileRegion region = ((DirectBody) hit.payload()).region(0, FROM);
        hit.payload().unpin();
        assertThat(memory.remove(KEY)).isTrue();
        assertThat(memory.bodies().files().usedBytes()).as("still being sent").isEqualTo(FROM);
        assertThat(sent(region)).hasSize(FROM).startsWith("bbb");
        region.release();
        assertThat(memory.bodies().files().usedBytes()).isZero();
        assertThat(memory.bodies().usedBytes()).isZero();
    }

    @Test
    void filesAndDirectBuffers_shareOneBudget() {
        MemoryStorage memory = new MemoryStorage(1 << 20,
                new DirectBodies(2L * FROM + 1024, new MemoryFiles(dir, FROM)));
        this.memory = memory;
        memory.put(obj("http://h/1", bytes(FROM, '1')));
        memory.put(obj("http://h/2", bytes(FROM, '2')));
        memory.put(obj("http://h/3", bytes(FROM, '3')));
        assertThat(memory.bodies().refusedBodies()).as("the third does not fit").isEqualTo(1);
        assertThat(memory.objectCount()).isEqualTo(2);
        assertThat(memory.bodies().usedBytes()).isEqualTo(2L * FROM);
    }

    @Test
    void whenNoFileCanBeMade_theBodyGoesToADirectBuffer_andIsCounted() throws Exception {
        Path gone = dir.resolve("gone");
        MemoryStorage memory = memory(1 << 20, gone); // a directory that does not exist, as a full tmpfs refuses too
        byte[] body = bytes(FROM, 'c');
        memory.put(obj("http://h/a", body));
        CachedObject hit = memory.pinned(KEY);
        try {
            assertThat(((DirectBody) hit.payload()).inFile()).isFalse();
            assertThat(hit.payload().bytes()).isEqualTo(body);
        } finally {
            hit.payload().unpin();
        }
        assertThat(memory.bodies().files().failedFiles()).isEqualTo(1);
        assertThat(memory.bodies().files().usedBytes()).isZero();
        assertThat(memory.bodies().refusedBodies()).isZero();
    }

    @Test
    void closingTheTier_givesEveryFileBack() {
        MemoryStorage memory = memory(1 << 20, dir);
        for (int i = 0; i < 5; i++) {
            memory.put(obj("http://h/" + i, bytes(FROM + i, 'd')));
        }
        assertThat(memory.bodies().files().usedBytes()).isEqualTo(5L * FROM + 10);
        MemoryFiles files = memory.bodies().files();
        memory.close();
        this.memory = null;
        assertThat(files.usedBytes()).isZero();
    }
}
