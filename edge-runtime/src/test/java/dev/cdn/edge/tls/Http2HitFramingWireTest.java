package dev.cdn.edge.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.ScriptedOrigin.Reply;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.ssl.SslContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SNIHostName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.netty.NettyPipeline;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

/**
 * How an HTTP/2 hit is framed on the wire: the frames one stream receives, seen by a real h2 client (ALPN over
 * TLS) before it turns them into an HTTP/1.1-style response.
 */
class Http2HitFramingWireTest {

    static final String HOST = "demo.localhost";

    @TempDir
    Path dir;
    ScriptedOrigin origin;
    EdgeNode edge;

    @BeforeEach
    void setUp() throws Exception {
        origin = new ScriptedOrigin().script(s -> Reply.ok("x".repeat(1024), "Cache-Control", "max-age=60"));
        edge = TlsTestEdge.start(dir, HOST, origin.port(), TlsProvider.AUTO);
    }

    @AfterEach
    void tearDown() {
        edge.close();
        origin.close();
    }

    @Test
    void aHit_isOneHeadersFrameAndOneDataFrameThatEndsTheStream() throws Exception {
        frames("/f"); // the miss that stores it
        List<String> hit = frames("/f");
        // No trailing empty DATA frame written after the body's write completed: one write, one flush, one record.
        assertThat(hit).containsExactly("HEADERS", "DATA 1024 END_STREAM");
    }

    @Test
    void aHeadHit_isOneHeadersFrameThatEndsTheStream() throws Exception {
        frames("/h");
        assertThat(frames("HEAD", "/h")).containsExactly("HEADERS END_STREAM");
    }

    List<String> frames(String path) throws Exception {
        return frames("GET", path);
    }

    /** The frames of one stream's response, as "HEADERS [END_STREAM]" and "DATA length [END_STREAM]". */
    List<String> frames(String method, String path) throws Exception {
        SslContext trustAll = TlsTestEdge.h2TrustingAll();
        List<String> seen = new CopyOnWriteArrayList<>();
        HttpClient.newConnection().protocol(HttpProtocol.H2)
                .secure(spec -> spec.sslContext(trustAll).serverNames(new SNIHostName(HOST)))
                .headers(h -> h.set("Host", HOST))
                .doOnRequest((req, conn) -> conn.channel().pipeline()
                        .addBefore(NettyPipeline.H2ToHttp11Codec, "frames", new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                if (msg instanceof Http2HeadersFrame h) {
                                    seen.add("HEADERS" + (h.isEndStream() ? " END_STREAM" : ""));
                                } else if (msg instanceof Http2DataFrame d) {
                                    seen.add("DATA " + d.content().readableBytes() + (d.isEndStream() ? " END_STREAM" : ""));
                                }
                                ctx.fireChannelRead(msg);
                            }
                        }))
                .request(io.netty.handler.codec.http.HttpMethod.valueOf(method))
                .uri("https://127.0.0.1:" + edge.tlsPort() + path)
                .responseSingle((res, body) -> body.asString().defaultIfEmpty(""))
                .block(Duration.ofSeconds(15));
        return seen;
    }
}
