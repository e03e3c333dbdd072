package dev.cdn.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.Edges;
import dev.cdn.edge.support.Http;
import dev.cdn.edge.support.RawOrigin;
import io.netty.handler.codec.http.HttpMethod;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An origin that sends 1xx interim responses before its final one, written byte for byte on a raw socket. */
class InterimResponseWireTest {

    static final String HOST = "demo.localhost";
    static final String FINAL = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nCache-Control: max-age=60\r\n\r\nhello";

    @TempDir
    Path dir;
    RawOrigin origin;
    EdgeNode edge;

    @AfterEach
    void tearDown() throws IOException {
        if (edge != null) {
            edge.close();
        }
        origin.close();
    }

    void start(String interim) throws IOException {
        origin = new RawOrigin(r -> RawOrigin.Answer.keepOpen(interim + FINAL));
        edge = Edges.standalone(dir, Configs.service("demo", 1, HOST, origin.port()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\n\r\n",
            "HTTP/1.1 102 Processing\r\n\r\n",
            "HTTP/1.1 100 Continue\r\n\r\n",
            "HTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.js>; rel=preload\r\n\r\n"})
    void interimResponses_areNeverFinal_theFinalResponseIsServedAndStored(String interim) throws IOException {
        start(interim);
        Http.Response first = Http.get(edge.port(), HOST, "/page");
        Http.Response second = Http.get(edge.port(), HOST, "/page");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).isEqualTo("hello");
        assertThat(first.header("Cache-Status")).isEqualTo("edge-1; fwd=uri-miss; fwd-status=200");
        assertThat(second.header("X-Cache")).isEqualTo("HIT");
        assertThat(second.body()).isEqualTo("hello");
        assertThat(origin.requests()).hasSize(1);
    }

    @Test
    void interimResponse_toAPassedRequest_isDropped_andTheNextRequestIsAnsweredToo() throws IOException {
        start("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n");
        Http.Response post = Http.request(HttpMethod.DELETE, edge.port(), HOST, "/form", null);
        Http.Response next = Http.request(HttpMethod.DELETE, edge.port(), HOST, "/form", null);
        assertThat(post.status()).isEqualTo(200);
        assertThat(post.body()).isEqualTo("hello");
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.body()).isEqualTo("hello");
        assertThat(origin.requests()).hasSize(2);
    }
}
