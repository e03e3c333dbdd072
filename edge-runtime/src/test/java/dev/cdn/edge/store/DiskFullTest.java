package dev.cdn.edge.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.support.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real full disk: the tier's directory is a 64 KiB tmpfs (needs root, as the development machines and CI run;
 * elsewhere the test is reported as skipped, never passed). Writes past the space fail with ENOSPC from the kernel.
 * The same tiny tmpfs stands for a full {@code --memory-files} directory.
 */
@Tag("fault")
class DiskFullTest {

    Path mount;

    @BeforeEach
    void mountTinyFilesystem() throws Exception {
        mount = Files.createTempDirectory("edge-disk-full");
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        boolean mounted = p.waitFor() == 0;
        Assumptions.assumeTrue(mounted, "cannot mount a tmpfs here (not root?): " + new String(p.getInputStream().readAllBytes()));
    }

    @AfterEach
    void unmount() throws Exception {
        new ProcessBuilder("umount", mount.toString()).start().waitFor();
        Files.deleteIfExists(mount);
    }

    @Test
    void fullDisk_failsTheWrite_countsIt_leavesNoPartialFile_andTheObjectStaysInRam() throws Exception {
        PurgeEpochs epochs = new PurgeEpochs();
        MemoryStorage memory = new MemoryStorage(8L * 1024 * 1024);
        try (DiskStorage disk = new DiskStorage(mount, 8L * 1024 * 1024, epochs)) { // bound above the filesystem's size
            disk.load();
            TieredStorage tiers = new TieredStorage(memory, disk, epochs);
            for (int i = 0; i < 6; i++) {
                tiers.put(DirectBodiesTest.obj("http://h/" + i, DirectBodiesTest.bytes(20_000, 'x')));
            }
            Await.until(() -> disk.pendingWrites() == 0);
            assertThat(disk.failedWrites()).as("64 KiB holds three of six 20 kB objects").isGreaterThanOrEqualTo(3);
            assertThat(temporaryFiles()).as("no partial file keeps the space").isZero();
            long onDisk = 0;
            try (Stream<Path> s = Files.walk(mount, 3)) {
                for (Path p : s.filter(Files::isRegularFile).toList()) {
                    onDisk += Files.size(p);
                }
            }
            assertThat(disk.bytes()).as("the index accounts for exactly the files there").isEqualTo(onDisk);
            for (int i = 0; i < 6; i++) {
                assertThat(tiers.get("s http://h/" + i + "\u0000")).as("still served from RAM").isNotNull();
            }
            // Space comes back: the next write succeeds.
            tiers.purgeService("s", false);
            assertThat(disk.write(DirectBodiesTest.obj("http://h/again", DirectBodiesTest.bytes(20_000, 'y')),
                    epochs.now()).block(Duration.ofSeconds(10))).isTrue();
        } finally {
            memory.close();
        }
    }

    @Test
    void fullMemoryFiles_keepTheBodyInDirectMemory_countIt_andGiveTheSpaceBack() throws Exception {
        MemoryStorage memory = new MemoryStorage(8L * 1024 * 1024, new MemoryFiles(mount, 16 * 1024));
        try {
            for (int i = 0; i < 6; i++) {
                memory.put(DirectBodiesTest.obj("http://h/" + i, DirectBodiesTest.bytes(20_000, (char) ('a' + i))));
            }
            MemoryFiles files = memory.bodies().files();
            assertThat(files.failedFiles()).as("64 KiB of tmpfs holds three of six 20 kB bodies").isGreaterThanOrEqualTo(3);
            assertThat(files.usedBytes()).isEqualTo((6 - files.failedFiles()) * 20_000);
            for (int i = 0; i < 6; i++) {
                CachedObject hit = memory.pinned("s http://h/" + i + "\u0000");
                assertThat(hit).as("every body kept, in a file or a direct buffer").isNotNull();
                assertThat(hit.body()).isEqualTo(DirectBodiesTest.bytes(20_000, (char) ('a' + i)));
                hit.payload().unpin();
            }
            try (Stream<Path> s = Files.list(mount)) {
                assertThat(s.count()).as("no name left behind by a failed body").isZero();
            }
            memory.purgeService("s", false);
            assertThat(files.usedBytes()).isZero();
            memory.put(DirectBodiesTest.obj("http://h/again", DirectBodiesTest.bytes(20_000, 'z')));
            assertThat(((DirectBody) memory.get("s http://h/again\u0000").payload()).inFile())
                    .as("the space came back with the bodies").isTrue();
        } finally {
            memory.close();
        }
    }

    private long temporaryFiles() throws IOException {
        try (Stream<Path> s = Files.walk(mount, 3)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).count();
        }
    }
}
