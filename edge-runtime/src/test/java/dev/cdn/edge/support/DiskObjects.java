package dev.cdn.edge.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * The object files a disk tier has published, read while the edge runs. The tier deletes replaced and removed files
 * in the background, so a file (or a directory) may vanish between being listed and being looked at: such a file is
 * simply not there, never an error. {@code Files.walk} instead throws from the middle of its stream.
 */
public final class DiskObjects {

    private DiskObjects() {
    }

    /** The published object files under a disk tier's directory (a write in progress, a temporary file, is not). */
    public static List<Path> published(Path diskDir) {
        List<Path> found = new ArrayList<>();
        try {
            Files.walkFileTree(diskDir, EnumSet.noneOf(java.nio.file.FileVisitOption.class), 3,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            String name = file.getFileName().toString();
                            if (name.endsWith(".obj") && !name.startsWith(".tmp-")) {
                                found.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                            if (e instanceof NoSuchFileException) {
                                return FileVisitResult.CONTINUE; // deleted meanwhile
                            }
                            throw e;
                        }
                    });
        } catch (NoSuchFileException noTierYet) {
            return List.of();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return found;
    }

    /** Whether some published object file holds {@code text} (in its stored head or body). */
    public static boolean anyHolds(Path diskDir, String text) {
        for (Path p : published(diskDir)) {
            try {
                if (new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains(text)) {
                    return true;
                }
            } catch (IOException deletedMeanwhile) {
                // not there any more
            }
        }
        return false;
    }
}
