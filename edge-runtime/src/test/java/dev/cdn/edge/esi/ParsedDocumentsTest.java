package dev.cdn.edge.esi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.store.Body;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParsedDocumentsTest {

    final AtomicInteger parses = new AtomicInteger();
    final ParsedDocuments documents = new ParsedDocuments(1 << 20, new EsiRecorder() {
        @Override
        public void parsed(int dropped, int malformed) {
            parses.incrementAndGet();
        }
    });

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void storedBody_isParsedOnce_andFoundByItsIdentity_notItsBytes() {
        byte[] page = bytes("a<esi:include src=\"/x\"/>b");
        Body stored = Body.heap(page);

        EsiDocument first = documents.of(page, stored);
        EsiDocument again = documents.of(bytes("never looked at"), stored);

        assertThat(again).isSameAs(first);
        assertThat(parses).hasValue(1);
    }

    @Test
    void equalBytesOfAnotherStoredObject_areParsedForThatObject() {
        byte[] page = bytes("a<esi:include src=\"/x\"/>b");

        documents.of(page, Body.heap(page.clone()));
        documents.of(page, Body.heap(page.clone()));

        assertThat(parses).as("a refilled object is a new object, whatever its bytes").hasValue(2);
    }

    @Test
    void bodyNotFromTheStore_isParsedForThatDeliveryAlone() {
        byte[] page = bytes("a<esi:include src=\"/x\"/>b");

        documents.of(page, null);
        documents.of(page, null);

        assertThat(parses).hasValue(2);
    }
}
