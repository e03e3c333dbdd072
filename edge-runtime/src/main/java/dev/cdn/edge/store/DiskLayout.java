package dev.cdn.edge.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the disk tier's files live: {@code <dir>/<h0h1>/<h2h3>/<hash>-<sequence>.obj}, two levels of 256
 * directories named by the first hex digits of the key's hash, so no directory grows past a few thousand entries
 * (a flat directory of millions makes every create, rename and lookup slower). Files of the old flat layout
 * ({@code <dir>/<hash>-<sequence>.obj}) are still found and served; new writes go to the two-level layout.
 */
final class DiskLayout {

    private static final Logger log = LoggerFactory.getLogger(DiskLayout.class);
    static final String TMP_PREFIX = ".tmp-";
    static final String SUFFIX = ".obj";

    private final Path dir;

    DiskLayout(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    /** The final path of a write; its directory is created (and made durable) if missing. */
    Path objectPath(long keyHash, long sequence) throws IOException {
        String hex = String.format(Locale.ROOT, "%016x", keyHash);
        Path first = dir.resolve(hex.substring(0, 2));
        Path second = first.resolve(hex.substring(2, 4));
        if (!Files.isDirectory(second)) {
            Files.createDirectories(second);
            fsync(dir);
            fsync(first);
        }
        return second.resolve(hex + "-" + sequence + SUFFIX);
    }

    /** The temporary file a write goes to before its atomic rename (same directory, so the rename is atomic). */
    static Path temporary(Path object) {
        return object.resolveSibling(TMP_PREFIX + object.getFileName());
    }

    /** Every file of the tier, both layouts: an O(entries) walk of at most two directory levels. */
    List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir, 3)) {
            walk.filter(Files::isRegularFile).forEach(out::add);
        }
        return out;
    }

    static boolean isTemporary(Path file) {
        return file.getFileName().toString().startsWith(TMP_PREFIX);
    }

    static boolean isObject(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(SUFFIX) && !name.startsWith(TMP_PREFIX);
    }

    /**
     * The write sequence in a file name ({@code <hash>-<sequence>.obj}); later writes have larger numbers, also across
     * restarts (the sequence continues from the largest found at start), so the newest copy of a key wins at load.
     */
    static long writeSequence(Path file) {
        String name = file.getFileName().toString();
        try {
            return Long.parseLong(name.substring(name.lastIndexOf('-') + 1, name.length() - SUFFIX.length()));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Makes renames and deletes in a directory durable; not supported everywhere, where they are still atomic. */
    static void fsync(Path directory) {
        try (FileChannel d = FileChannel.open(directory, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("directory fsync not supported: {}", e.toString());
        }
    }
}
