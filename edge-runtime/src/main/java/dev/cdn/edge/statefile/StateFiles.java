package dev.cdn.edge.statefile;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * How a node writes a file of its {@code --state-dir} (configs, purge epochs, topology, fleet credential): to a
 * temporary file readable by its owner only, then renamed over the old one, so a crash never leaves a torn file and
 * no other user can read what it holds (some of it is secret). Blocking I/O: callers must not be on an event loop.
 */
public final class StateFiles {

    public static final String OWNER_ONLY_DIR = "rwx------";
    public static final String OWNER_ONLY_FILE = "rw-------";

    private StateFiles() {
    }

    /** Replaces {@code dir/name} with {@code bytes}, atomically where the file system can rename atomically. */
    public static void write(Path dir, String name, byte[] bytes) throws IOException {
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, name, ".tmp");
        try {
            // Before the bytes go in, not relying on the temp file's default: the rename keeps these permissions.
            restrict(tmp, OWNER_ONLY_FILE);
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Sets POSIX permissions where the file system has them (not on Windows). */
    public static void restrict(Path path, String permissions) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }
}
