package dev.cdn.edge.admin;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Proves the disk tier's directory takes writes: creates a probe file, writes and syncs a byte, deletes it. A
 * filesystem the kernel turned read-only after I/O errors, a directory gone or its device removed all fail here,
 * while the tier's index in memory still looks whole. Runs off the event loop, at most one probe at a time: a disk
 * that hangs holds one thread, and every readiness request meanwhile joins that probe and answers at its bound.
 */
final class DiskWriteProbe {

    /** Named like the tier's own temporary files, so one left behind by a crash is deleted at the next start. */
    static final String PROBE_FILE = ".tmp-readiness-probe";
    /** Well below a load balancer's health-check timeout (the Terraform edge PoP's is 5 s). */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final Path dir;
    private CompletableFuture<Optional<NotReady>> inFlight;

    DiskWriteProbe(Path dir) {
        this.dir = dir;
    }

    /** Empty when the directory took the probe; otherwise why not. */
    Mono<Optional<NotReady>> probe() {
        return Mono.defer(() -> Mono.fromFuture(current(), true))
                .timeout(TIMEOUT, Mono.just(Optional.of(new NotReady(NotReadyReason.DISK_PROBE_TIMED_OUT,
                        "writing a probe file did not finish within " + TIMEOUT.toMillis() + " ms"))));
    }

    private synchronized CompletableFuture<Optional<NotReady>> current() {
        if (inFlight == null) {
            CompletableFuture<Optional<NotReady>> probe = new CompletableFuture<>();
            inFlight = probe;
            Schedulers.boundedElastic().schedule(() -> {
                Optional<NotReady> result = writeOnce();
                done(probe);
                probe.complete(result);
            });
        }
        return inFlight;
    }

    private synchronized void done(CompletableFuture<Optional<NotReady>> probe) {
        if (inFlight == probe) {
            inFlight = null;
        }
    }

    private Optional<NotReady> writeOnce() {
        Path file = dir.resolve(PROBE_FILE);
        try {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(new byte[] {'.'}));
                ch.force(true);
            }
            Files.delete(file);
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of(new NotReady(NotReadyReason.DISK_UNWRITABLE, describe(e)));
        }
    }

    /** The kernel's reason ("Read-only file system"), without the path, which the unauthenticated answer omits. */
    private static String describe(Exception e) {
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return "cannot write to the disk directory: " + fs.getReason();
        }
        return "cannot write to the disk directory: " + e.getClass().getSimpleName();
    }
}
