package dev.cdn.edge.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** This process's open file descriptors, read from {@code /proc/self/fd} (Linux). */
public final class OpenDescriptors {

    private OpenDescriptors() {
    }

    /**
     * How many descriptors point at {@code path} or, for a folder, at anything under it; a file deleted while open
     * still counts (its link then ends in " (deleted)").
     */
    public static long on(Path path) {
        String prefix = path.toAbsolutePath().normalize().toString();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith(prefix);
                } catch (IOException closedMeanwhile) {
                    return false;
                }
            }).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
