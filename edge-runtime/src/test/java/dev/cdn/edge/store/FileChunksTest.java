package dev.cdn.edge.store;

import static dev.cdn.edge.support.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cdn.edge.support.TestFiles;
import io.netty.buffer.ByteBuf;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Hooks;

/**
 * A disk body read for TLS: chunks read off the event loop straight into direct buffers, and nothing held on error
 * (the body's reference to its file let go of either way).
 */
class FileChunksTest {

    @TempDir
    Path dir;

    Path file(int size) throws Exception {
        return TestFiles.patterned(dir.resolve("body"), size);
    }

    @Test
    void aRegion_isReadInChunks_intoDirectBuffers_withEveryByteInPlace() throws Exception {
        int size = FileChunks.CHUNK * 2 + 1000;
        Path f = file(size);
        FileChannel channel = FileChannel.open(f, StandardOpenOption.READ);
        OpenBody body = new OpenBody(new SharedFile(channel, FileChunks::closeQuietly), 0, size);
        List<ByteBuf> chunks = body.chunks(10, size - 10).collectList().block(Duration.ofSeconds(10));

        assertThat(chunks).hasSize(3);
        // Direct: the read lands where the TLS encoder reads from, with no copy through a heap array on the way.
        assertThat(chunks).allSatisfy(c -> assertThat(c.isDirect()).isTrue());
        byte[] expected = Files.readAllBytes(f);
        int pos = 10;
        for (ByteBuf c : chunks) {
            for (int i = 0; i < c.readableBytes(); i++) {
                assertThat(c.getByte(c.readerIndex() + i)).isEqualTo(expected[pos++]);
            }
            c.release();
        }
        assertThat(pos).isEqualTo(size);
        until(() -> !channel.isOpen()); // the body's only reference let go of once read
    }

    @Test
    void aFileShorterThanItsBody_failsTheRead_andClosesTheFile() throws Exception {
        Path f = file(1000);
        FileChannel channel = FileChannel.open(f, StandardOpenOption.READ);
        List<ByteBuf> got = new ArrayList<>();
        OpenBody body = new OpenBody(new SharedFile(channel, FileChunks::closeQuietly), 0, 5000);
        assertThatThrownBy(() -> body.chunks(0, 5000).doOnNext(got::add).blockLast(Duration.ofSeconds(10)))
                .isInstanceOf(UncheckedIOException.class);
        assertThat(got).isEmpty();
        until(() -> !channel.isOpen()); // closed after the error has reached the reader, on the reading thread
    }

    /**
     * A reader that leaves mid-body (a TLS client closing its connection) must not close the file for the others: the
     * channel is shared by every response sending it, and a thread interrupted inside a read closes a FileChannel. The
     * reader is cancelled from another thread while it reads on (demand is unbounded), many times over; each time the
     * shared channel must stay open and a second reader must get the whole body.
     */
    @Test
    void aReaderCancelledMidRead_fromAnotherThread_leavesTheSharedFileOpenForTheOthers() throws Exception {
        int size = FileChunks.CHUNK * 256; // 16 MiB: the reader is still reading when the cancel lands
        Path f = file(size);
        FileChannel channel = FileChannel.open(f, StandardOpenOption.READ);
        SharedFile shared = new SharedFile(channel, FileChunks::closeQuietly);
        try {
            for (int round = 0; round < 20; round++) {
                assertThat(shared.tryRetain()).isTrue();
                // Left from this thread, while the reader's thread is inside a read.
                leaveAfterTheFirstChunk(new OpenBody(shared, 0, size).chunks(0, size));

                assertThat(shared.tryRetain()).isTrue();
                long read = new OpenBody(shared, 0, size).chunks(0, size)
                        .map(c -> {
                            int n = c.readableBytes();
                            c.release();
                            return (long) n;
                        })
                        .reduce(0L, Long::sum).block(Duration.ofSeconds(30));
                assertThat(read).as("round %d: the next reader gets every byte", round).isEqualTo(size);
                assertThat(channel.isOpen()).as("round %d: the shared file is still open", round).isTrue();
            }
        } finally {
            shared.release();
        }
        until(() -> !channel.isOpen());
    }

    /**
     * A reader that leaves lets go of its file at once, and when it held the last reference the file closes while its
     * last read may still run. That must end quietly, with no error for Reactor to drop and log: the file is let go of
     * only after the reader's last read has returned.
     */
    @Test
    void aReaderThatLeft_andHeldTheLastReference_endsQuietly() throws Exception {
        int size = FileChunks.CHUNK * 256;
        Path f = file(size);
        List<Throwable> dropped = new CopyOnWriteArrayList<>();
        Hooks.onErrorDropped(dropped::add);
        try {
            for (int round = 0; round < 10; round++) {
                FileChannel channel = FileChannel.open(f, StandardOpenOption.READ);
                // The body holds the file's only reference: leaving lets it go while the next read may run.
                leaveAfterTheFirstChunk(
                        new OpenBody(new SharedFile(channel, FileChunks::closeQuietly), 0, size).chunks(0, size));
                until(() -> !channel.isOpen());
            }
            // Closed only after each reader's last read returned: any error of those reads has been dropped by now.
            assertThat(dropped).as("errors dropped by Reactor").isEmpty();
        } finally {
            Hooks.resetOnErrorDropped();
        }
    }

    @Test
    void aReaderThatLeavesBeforeTheFirstRead_letsGoOfTheFile() throws Exception {
        Path f = file(1000);
        FileChannel channel = FileChannel.open(f, StandardOpenOption.READ);
        new OpenBody(new SharedFile(channel, FileChunks::closeQuietly), 0, 1000).chunks(0, 1000)
                .subscribe(new BaseSubscriber<>() {
                    @Override
                    protected void hookOnSubscribe(Subscription subscription) {
                        cancel(); // before asking for anything
                    }
                });
        until(() -> !channel.isOpen());
    }

    /**
     * Reads with unbounded demand, so reads go on back to back, and leaves from the calling thread once the first
     * chunk is in.
     */
    static void leaveAfterTheFirstChunk(Flux<ByteBuf> chunks) throws InterruptedException {
        CountDownLatch first = new CountDownLatch(1);
        BaseSubscriber<ByteBuf> leaving = new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            protected void hookOnNext(ByteBuf chunk) {
                chunk.release();
                first.countDown();
            }
        };
        chunks.subscribe(leaving);
        assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
        leaving.dispose();
    }
}
