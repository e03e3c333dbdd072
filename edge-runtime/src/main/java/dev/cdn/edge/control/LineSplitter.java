package dev.cdn.edge.control;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a byte stream into newline-terminated UTF-8 lines, whatever the chunk boundaries: a line (or a multi-byte
 * character) split across two network reads is reassembled before it is decoded. One instance per connection;
 * not thread-safe.
 */
final class LineSplitter {

    private final int maxLine;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    LineSplitter(int maxLine) {
        this.maxLine = maxLine;
    }

    /** Feeds one chunk; returns the lines it completed (without their line breaks), possibly none. */
    List<String> feed(byte[] chunk) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                partial.write(chunk, start, i - start);
                lines.add(take());
                start = i + 1;
            }
        }
        partial.write(chunk, start, chunk.length - start);
        if (partial.size() > maxLine) {
            throw new IllegalStateException("control event longer than " + maxLine + " bytes");
        }
        return lines;
    }

    private String take() {
        byte[] bytes = partial.toByteArray();
        partial.reset();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
