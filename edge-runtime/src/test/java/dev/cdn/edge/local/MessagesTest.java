package dev.cdn.edge.local;

import static dev.cdn.edge.support.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.support.TestFiles;
import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultFileRegion;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

/**
 * A file region (a disk hit) read into memory for an in-process reader (an ESI page or fragment): a reader that goes
 * away must neither close a file others are sending from nor keep the region's file open.
 */
class MessagesTest {

    @TempDir
    Path dir;

    Path file(int size) throws Exception {
        return TestFiles.patterned(dir.resolve("body"), size);
    }

    @Test
    void aRegion_isReadWhole_andLetGoOf() throws Exception {
        Path f = file(100_000);
        FileChannel channel = FileChannel.open(f, StandardOpenOption.READ);
        DefaultFileRegion region = new DefaultFileRegion(channel, 10, 99_990);
        ByteBuf buf = Messages.asBuffer(region).block(Duration.ofSeconds(10));
        byte[] expected = Files.readAllBytes(f);
        assertThat(buf.readableBytes()).isEqualTo(99_990);
        for (int i = 0; i < 99_990; i++) {
            assertThat(buf.getByte(i)).isEqualTo(expected[10 + i]);
        }
        buf.release();
        assertThat(region.refCnt()).isZero();
        until(() -> !channel.isOpen());
    }

    /**
     * The region's channel is shared (the disk tier keeps hot files open for every response): a read cancelled from
     * another thread while it runs must not close it, as an interrupted FileChannel read does.
     */
    @Test
    void aReadCancelledWhileItRuns_leavesTheSharedFileOpen() throws Exception {
        int size = 32 * 1024 * 1024; // read in tens of milliseconds: the cancel lands while it runs
        Path f = file(size);
        FileChannel channel = FileChannel.open(f, StandardOpenOption.READ);
        for (int round = 0; round < 10; round++) {
            DefaultFileRegion region = new DefaultFileRegion(channel, 0, size);
            region.retain(); // the test's own reference stands for the other responses sending this file
            BaseSubscriber<ByteBuf> reader = new BaseSubscriber<>() {
                @Override
                protected void hookOnNext(ByteBuf value) {
                    value.release();
                }
            };
            Messages.asBuffer(region).subscribe(reader);
            Thread.sleep(1 + round * 3); // 1 to 28 ms in: at least some of the cancels land while the read runs
            reader.dispose(); // from this thread, while the read runs on another
            until(() -> region.refCnt() == 1); // the read let go of its reference, cancelled or done
            assertThat(channel.isOpen()).as("round %d: the shared file is still open", round).isTrue();
            region.release();
            channel = FileChannel.open(f, StandardOpenOption.READ);
        }
        channel.close();
    }

    @Test
    void aReadCancelledBeforeItRuns_letsGoOfTheRegion() throws Exception {
        Path f = file(1000);
        FileChannel channel = FileChannel.open(f, StandardOpenOption.READ);
        DefaultFileRegion region = new DefaultFileRegion(channel, 0, 1000);
        Messages.asBuffer(region).subscribe(new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                cancel(); // before asking for anything: the read never starts
            }
        });
        until(() -> region.refCnt() == 0);
        until(() -> !channel.isOpen());
    }
}
