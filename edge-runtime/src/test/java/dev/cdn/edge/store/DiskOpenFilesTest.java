package dev.cdn.edge.store;

import static dev.cdn.edge.store.DiskStorageTest.obj;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.support.Await;
import dev.cdn.edge.support.BlockHoundSetup;
import dev.cdn.edge.support.OpenDescriptors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/** The disk tier keeps the files of its hits open between hits, and lets go of them as their objects leave. */
class DiskOpenFilesTest {

    static final String KEY = "s http://h/a\u0000";

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

    void start() throws IOException {
        disk = new DiskStorage(dir, 1 << 20, epochs);
        disk.load();
    }

    void write(String url, String body) {
        assertThat(disk.write(obj(url, body, Set.of("t")), epochs.now()).block(Duration.ofSeconds(10))).isTrue();
    }

    SharedFile open(String key) {
        return disk.open(disk.get(key)).block(Duration.ofSeconds(10));
    }

    static String bodyOf(SharedFile file, DiskStorage.DiskEntry e) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) e.bodyLength());
        file.channel().read(b, e.bodyOffset());
        return new String(b.array(), StandardCharsets.UTF_8);
    }

    @Test
    void aFileAlreadyOpen_isHandedOutOnTheCallingThread_withoutOpeningItAgain() throws Exception {
        start();
        write("http://h/a", "alpha");
        open(KEY).release();
        assertThat(disk.fileOpens()).isEqualTo(1);

        AtomicReference<Thread> deliveredOn = new AtomicReference<>();
        AtomicReference<SharedFile> second = new AtomicReference<>();
        disk.open(disk.get(KEY)).subscribe(f -> {
            deliveredOn.set(Thread.currentThread());
            second.set(f);
        });
        assertThat(deliveredOn.get()).as("answered at once, on the caller's thread").isSameAs(Thread.currentThread());
        assertThat(bodyOf(second.get(), disk.get(KEY))).isEqualTo("alpha");
        second.get().release();
        assertThat(disk.fileOpens()).as("the second hit opened nothing").isEqualTo(1);
        assertThat(disk.openFiles()).isEqualTo(1);
    }

    @Test
    void aPurgedObject_staysReadableForTheSendHoldingIt_andItsFileIsClosedWhenThatSendEnds() throws Exception {
        start();
        write("http://h/a", "alpha");
        DiskStorage.DiskEntry e = disk.get(KEY);
        SharedFile sending = open(KEY);

        assertThat(disk.purge(i -> i.tag("s", "t"), false)).containsExactly(KEY);
        assertThat(Files.exists(e.file())).as("a hard purge deletes the file at once").isFalse();
        assertThat(disk.openFiles()).as("no later hit may use it").isZero();
        assertThat(bodyOf(sending, e)).as("the send already under way still reads it").isEqualTo("alpha");
        assertThat(sending.channel().isOpen()).isTrue();

        sending.release();
        Await.until(() -> !sending.channel().isOpen());
        assertThat(OpenDescriptors.on(dir.toRealPath())).as("no descriptor keeps the deleted file's space").isZero();
    }

    @Test
    void aReplacedObject_closesTheOldFile_andTheNextHitSendsTheNewOne() throws Exception {
        start();
        write("http://h/a", "alpha");
        SharedFile old = open(KEY);
        old.release();
        assertThat(old.channel().isOpen()).as("kept open between hits").isTrue();

        write("http://h/a", "omega");
        Await.until(() -> !old.channel().isOpen());
        SharedFile fresh = open(KEY);
        assertThat(bodyOf(fresh, disk.get(KEY))).isEqualTo("omega");
        fresh.release();
        assertThat(disk.fileOpens()).isEqualTo(2);
    }

    @Test
    void anEvictedObject_closesItsFile() throws Exception {
        start(); // 1 MiB: room for three of these
        String body = "x".repeat(300 * 1024);
        write("http://h/a", body);
        SharedFile first = open(KEY);
        first.release();
        for (int i = 0; i < 6; i++) { // twice the room, each wanted more than the first: the first goes
            write("http://h/" + i, body);
            for (int hit = 0; hit < 4; hit++) {
                open("s http://h/" + i + "\u0000").release();
            }
        }
        assertThat(disk.get(KEY)).as("evicted to make room").isNull();
        Await.until(() -> !first.channel().isOpen());
    }

    @Test
    void closingTheTier_closesTheFilesItKept() throws Exception {
        start();
        write("http://h/a", "alpha");
        SharedFile kept = open(KEY);
        kept.release();
        disk.close();
        disk = null;
        Await.until(() -> !kept.channel().isOpen());
    }

    @Test
    void theOpenFiles_areBounded_andTheOnesLetGoOfAreClosed() throws Exception {
        OpenFiles files = new OpenFiles(2, channel -> FileChunks.closeQuietly(channel));
        SharedFile[] kept = new SharedFile[5];
        for (int i = 0; i < kept.length; i++) {
            Path p = Files.writeString(dir.resolve("f" + i), "x");
            kept[i] = files.keep(p, FileChannel.open(p, StandardOpenOption.READ));
            kept[i].release(); // the caller's send is over; only the cache holds it
        }
        assertThat(files.size()).isLessThanOrEqualTo(2);
        long open = Stream.of(kept).filter(f -> f.channel().isOpen()).count();
        assertThat(open).as("exactly the files still cached are open").isEqualTo(files.size());
        files.forgetAll();
        assertThat(Stream.of(kept).noneMatch(f -> f.channel().isOpen())).isTrue();
    }

    @Test
    void aFileLetGoOf_cannotBeRetainedAgain() throws Exception {
        Path p = Files.writeString(dir.resolve("f"), "x");
        SharedFile file = new SharedFile(FileChannel.open(p, StandardOpenOption.READ), FileChunks::closeQuietly);
        file.release();
        assertThat(file.tryRetain()).isFalse();
        assertThat(file.channel().isOpen()).isFalse();
    }

    /**
     * A request that goes away while its file is being opened off the event loop never gets the file: the opened
     * file's reference must be let go of, else it stays open (and a purged file's disk space held) for good.
     */
    @Test
    void aFileOpenedForARequestThatLeftMeanwhile_isLetGoOf() throws Exception {
        FileChannel channel = FileChannel.open(Files.write(dir.resolve("f"), new byte[100]), StandardOpenOption.READ);
        CountDownLatch opening = new CountDownLatch(1);
        AtomicBoolean go = new AtomicBoolean();
        Scheduler thread = Schedulers.newSingle("open-test");
        try {
            BaseSubscriber<SharedFile> leaving = new BaseSubscriber<>() {
            };
            DiskStorage.openOff(() -> {
                opening.countDown();
                while (!go.get()) {
                    Thread.onSpinWait(); // an open in progress, deaf to the cancel's interrupt
                }
                return new SharedFile(channel, FileChunks::closeQuietly);
            }, thread).subscribe(leaving);
            assertThat(opening.await(10, TimeUnit.SECONDS)).isTrue();
            leaving.dispose();
            go.set(true);
            Await.until(() -> !channel.isOpen());
        } finally {
            go.set(true);
            thread.dispose();
        }
    }
}
