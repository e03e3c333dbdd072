package dev.cdn.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temporary folders for tests that start whole nodes (state, disk tiers, browser profiles), removed when the test is
 * done. Removal is best effort: a process the test started (a browser, an edge JVM) may still be letting go of its
 * files, and a leftover folder must not fail a test that passed.
 */
public final class ScratchDirs {

    private ScratchDirs() {
    }

    public static Path create(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes {@code dir} and everything under it, ignoring what cannot be deleted. */
    public static void deleteQuietly(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // still in use; the operating system's temp cleaning takes it later
                }
            });
        } catch (IOException | UncheckedIOException ignored) {
            // the folder changed while walking it; nothing more to do
        }
    }
}
