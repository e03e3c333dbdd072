package dev.cdn.edge.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files for tests that read stored bodies. */
public final class TestFiles {

    private TestFiles() {
    }

    /** A file of {@code size} bytes that differ from their neighbours, so a byte out of place shows. */
    public static Path patterned(Path file, int size) throws IOException {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 31);
        }
        return Files.write(file, bytes);
    }
}
