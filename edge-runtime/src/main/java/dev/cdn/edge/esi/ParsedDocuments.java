package dev.cdn.edge.esi;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cdn.edge.store.Body;

/**
 * Parsed pages kept with the stored object they were parsed from: the key is the stored body itself, by identity
 * (a stored body never changes while stored, and the RAM tier keeps one body object per stored object), so a hit
 * finds its parse with one identity lookup: no parse, no hash or comparison of the bytes. The keys are weak: a parse
 * goes when its stored object has left the store and the last request using it is over. Bounded by the bytes of
 * the bodies parsed.
 *
 * <p>A body that is not a stored object's (a fill streaming from the origin, a disk read) has no identity to keep
 * the parse under and is parsed for that delivery alone; the first hit after it parses once more and keeps it.
 */
final class ParsedDocuments {

    private final Cache<Body, EsiDocument> documents;
    private final EsiRecorder recorder;

    ParsedDocuments(long maxBytes, EsiRecorder recorder) {
        this.documents = Caffeine.newBuilder().weakKeys().maximumWeight(maxBytes)
                .weigher((Body k, EsiDocument v) -> k.length() + 64).build();
        this.recorder = recorder;
    }

    /**
     * The parse of {@code bytes}, the page's body.
     *
     * @param stored the stored body {@code bytes} were served from in full, or null
     */
    EsiDocument of(byte[] bytes, Body stored) {
        if (stored == null) {
            return parse(bytes);
        }
        return documents.get(stored, b -> parse(bytes));
    }

    private EsiDocument parse(byte[] bytes) {
        EsiDocument parsed = EsiParser.parse(bytes);
        recorder.parsed(parsed.droppedElements(), parsed.malformedTags());
        return parsed;
    }
}
