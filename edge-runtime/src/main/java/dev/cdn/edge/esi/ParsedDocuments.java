package dev.cdn.edge.esi;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Arrays;

/**
 * Parsed documents by content: a stored page is parsed the first time it is assembled, and every later delivery of
 * the same bytes reuses that parse (a lookup costs one hash and one comparison of the bytes, no parse). Bounded by
 * the bytes of the bodies it keys on.
 */
final class ParsedDocuments {

    private final Cache<Content, EsiDocument> documents;
    private final EsiRecorder recorder;

    ParsedDocuments(long maxBytes, EsiRecorder recorder) {
        this.documents = Caffeine.newBuilder().maximumWeight(maxBytes).recordStats()
                .weigher((Content k, EsiDocument v) -> k.bytes.length + 64).build();
        this.recorder = recorder;
    }

    EsiDocument of(byte[] body) {
        return documents.get(new Content(body), c -> {
            EsiDocument parsed = EsiParser.parse(c.bytes);
            recorder.parsed(parsed.droppedElements(), parsed.malformedTags());
            return parsed;
        });
    }

    long parses() {
        return documents.stats().loadCount();
    }

    /** A body compared by content. */
    private static final class Content {
        final byte[] bytes;
        final int hash;

        Content(byte[] bytes) {
            this.bytes = bytes;
            this.hash = Arrays.hashCode(bytes);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Content c && c.hash == hash && Arrays.equals(c.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
