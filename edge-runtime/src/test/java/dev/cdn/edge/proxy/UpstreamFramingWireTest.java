package dev.cdn.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Edges;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.RawOrigin;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An origin that breaks HTTP/1.1 framing, written byte for byte on a raw socket: the connection it happened on is
 * closed, never handed to the next request, which must get its own answer.
 */
class UpstreamFramingWireTest {

    static final String HOST = "demo.localhost";
    static final String NEXT = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\nCache-Control: max-age=60\r\n\r\nnext";

    @TempDir
    Path dir;
    RawOrigin origin;
    EdgeNode edge;

    @AfterEach
    void tearDown() throws IOException {
        edge.close();
        origin.close();
    }

    void start(String brokenAnswer) throws IOException {
        origin = new RawOrigin(r -> RawOrigin.Answer.keepOpen(r.path().equals("/broken") ? brokenAnswer : NEXT));
        edge = Edges.standalone(dir, Configs.service("demo", 1, HOST, origin.port()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // More body bytes than Content-Length, shaped like a response: would answer the next request.
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nCache-Control: max-age=60\r\n\r\nhelloHTTP/1.1 200 OK\r\n"
                    + "Content-Length: 8\r\nCache-Control: max-age=60\r\n\r\nsmuggled",
            // More body bytes than Content-Length that are no response at all.
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nCache-Control: max-age=60\r\n\r\nhello, and some more bytes\r\n\r\n"})
    void bodyLongerThanContentLength_closesTheConnection_andTheNextRequestSucceeds(String broken) throws IOException {
        start(broken);
        Http.Response first = Http.get(edge.port(), HOST, "/broken");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("hello");
        Http.Response next = Http.get(edge.port(), HOST, "/next");
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.body()).isEqualTo("next");
        assertThat(origin.requests()).extracting(RawOrigin.Request::connection).containsExactly(1, 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
            "HTTP/1.1 200 OK\r\nContent-Length: five\r\n\r\nhello",
            "HTTP/1.1 2000 OK\r\nContent-Length: 5\r\n\r\nhello"})
    void malformedResponse_is502_andTheNextRequestSucceeds(String broken) throws IOException {
        start(broken);
        assertThat(Http.get(edge.port(), HOST, "/broken").status()).isEqualTo(502);
        Http.Response next = Http.get(edge.port(), HOST, "/next");
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.body()).isEqualTo("next");
    }
}
