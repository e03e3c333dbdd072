package dev.cdn.edge.listen;

import static dev.cdn.edge.listen.ClientTimeoutWireTest.HOST;
import static dev.cdn.edge.listen.ClientTimeoutWireTest.PATIENCE_MS;
import static dev.cdn.edge.listen.ClientTimeoutWireTest.get;
import static dev.cdn.edge.listen.ClientTimeoutWireTest.readResponse;
import static dev.cdn.edge.listen.ClientTimeoutWireTest.readUntilClosed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.ScriptedOrigin;
import dev.cdn.edge.support.TestCertificates;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client timeout on the TLS listener, where ALPN (RFC 7301) picks HTTP/2 or HTTP/1.1 after the handshake and the
 * timeout is installed only then: HTTP/1.1 there keeps the plain listener's rule, HTTP/2 keeps its connection rule.
 */
class ClientTimeoutTlsWireTest {

    @TempDir
    Path dir;
    final ScriptedOrigin origin = new ScriptedOrigin();
    EdgeNode edge;

    @BeforeEach
    void setUp() throws Exception {
        origin.script(seen -> seen.uri().equals("/slow")
                ? ScriptedOrigin.Reply.ok("slow but whole", "Cache-Control", "max-age=60")
                        .delayed(Duration.ofMillis(1_500))
                : ScriptedOrigin.Reply.ok("hello", "Cache-Control", "max-age=60"));
        Path certs = dir.resolve("certs");
        TestCertificates.write(certs, "default", HOST);
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(Configs.service("demo", 1, HOST,
                origin.port())))));
        edge = EdgeNode.start(EdgeSettings.builder().listen("127.0.0.1", 0).tlsListen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1").tlsCertDir(certs).adminListen("127.0.0.1", 0).adminToken("t")
                .configFile(file).clientTimeout(Duration.ofMillis(300)).build());
    }

    @AfterEach
    void tearDown() {
        if (edge != null) {
            edge.close();
        }
        origin.close();
    }

    @Test
    void http11OverTls_slowOriginIsAnsweredOnASilentClient_thenTheIdleConnectionIsClosed() throws Exception {
        try (SSLSocket s = connect("http/1.1")) {
            // The request leaves with the end of the handshake, before the edge has chosen the protocol's codec.
            send(s, get("/slow").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200").endsWith("slow but whole");
            send(s, get("/a").getBytes(StandardCharsets.ISO_8859_1));
            assertThat(readResponse(s.getInputStream())).endsWith("hello");
            assertThat(readUntilClosed(s.getInputStream())).as("closed, with nothing sent").isEmpty();
        }
    }

    @Test
    void http2_idleConnectionIsClosed() throws Exception {
        try (SSLSocket s = connect("h2")) {
            s.startHandshake();
            assertThat(s.getApplicationProtocol()).isEqualTo("h2");
            // The connection preface (RFC 9113 section 3.4): the magic, then an empty SETTINGS frame; then silence.
            byte[] magic = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
            byte[] settings = {0, 0, 0, 4, 0, 0, 0, 0, 0};
            byte[] preface = new byte[magic.length + settings.length];
            System.arraycopy(magic, 0, preface, 0, magic.length);
            System.arraycopy(settings, 0, preface, magic.length, settings.length);
            send(s, preface);
            byte[] frames = readUntilClosed(s.getInputStream()).getBytes(StandardCharsets.ISO_8859_1);
            // The edge's SETTINGS (frame type 4), and before the close a GOAWAY (type 7).
            assertThat(frames(frames).stream().map(f -> f[0]).toList()).startsWith(4).endsWith(7);
        }
    }

    @Test
    void http2_streamWhoseRequestBodyStalls_isReset_whileItsBusyConnectionStays() throws Exception {
        restart(Duration.ofMillis(2_000));
        try (SSLSocket s = connect("h2")) {
            s.startHandshake();
            // 10 of the body's 100 bytes, then nothing more on this stream.
            send(s, prefaceAndPost("/upload", 100, new byte[10], false));
            // The stream's handler learns of the read timeout and answers it (HEADERS), then the stream is reset.
            List<String> stream1 = pingUntil(s, seen -> seen.stream().anyMatch(f -> f[0] == 3 && f[1] == 1)).stream()
                    .filter(f -> f[1] == 1).map(f -> f[0] == 1 ? "HEADERS" : f[0] == 3 ? "RST_STREAM" : "other")
                    .filter(type -> !type.equals("other")).toList();
            assertThat(stream1).containsExactly("HEADERS", "RST_STREAM");
        }
    }

    @Test
    void http2_streamWhoseBodyArrivedWhole_waitsForASlowOrigin_onABusyConnection() throws Exception {
        origin.script(seen -> ScriptedOrigin.Reply.ok("slow but whole").delayed(Duration.ofMillis(3_000)));
        restart(Duration.ofMillis(2_000));
        try (SSLSocket s = connect("h2")) {
            s.startHandshake();
            send(s, prefaceAndPost("/upload", 10, new byte[10], true));
            // The response's last DATA frame (type 0, END_STREAM) on stream 1, a timeout and a half after the body.
            List<int[]> frames = pingUntil(s, seen -> seen.stream().anyMatch(f -> f[0] == 0 && f[1] == 1
                    && (f[2] & 0x1) != 0));
            assertThat(frames).as("no reset of a stream whose request was whole").noneMatch(f -> f[0] == 3);
        }
    }

    /** The connection preface, then a POST on stream 1 with {@code body} (ending the stream or not). */
    static byte[] prefaceAndPost(String path, int contentLength, byte[] body, boolean endStream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        frame(out, 4, 0, 0, new byte[0]);
        io.netty.buffer.ByteBuf block = io.netty.buffer.Unpooled.buffer();
        try {
            new io.netty.handler.codec.http2.DefaultHttp2HeadersEncoder().encodeHeaders(1,
                    new io.netty.handler.codec.http2.DefaultHttp2Headers().method("POST").scheme("https")
                            .authority(HOST).path(path).add("content-length", String.valueOf(contentLength)), block);
        } catch (io.netty.handler.codec.http2.Http2Exception e) {
            throw new IllegalStateException(e);
        }
        byte[] headers = new byte[block.readableBytes()];
        block.readBytes(headers);
        block.release();
        frame(out, 1, 0x4, 1, headers); // HEADERS, END_HEADERS, not END_STREAM: a body follows
        frame(out, 0, endStream ? 0x1 : 0, 1, body);
        return out.toByteArray();
    }

    /**
     * Sends a PING every 100 ms (a twentieth of the timeout: the connection stays busy, only stream 1 may be silent)
     * and reads frames until {@code done} holds; fails on a GOAWAY, a close, or a wait past the patience.
     */
    static List<int[]> pingUntil(SSLSocket s, Predicate<List<int[]>> done) throws Exception {
        s.setSoTimeout(100);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        long t0 = System.nanoTime();
        List<int[]> frames = List.of();
        while (!done.test(frames)) {
            List<String> seen = frames.stream().map(f -> f[0] + "@" + f[1]).toList();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the frame awaited, got " + seen)
                    .isLessThan(Duration.ofMillis(PATIENCE_MS));
            ByteArrayOutputStream ping = new ByteArrayOutputStream();
            frame(ping, 6, 0, 0, new byte[8]);
            send(s, ping.toByteArray());
            try {
                int n = s.getInputStream().read(buf);
                assertThat(n).as("the connection was not closed").isNotNegative();
                received.write(buf, 0, n);
            } catch (java.net.SocketTimeoutException quiet) {
                // nothing this round
            }
            frames = frames(received.toByteArray());
            assertThat(frames).as("no GOAWAY: the connection is not idle").noneMatch(f -> f[0] == 7);
        }
        return frames;
    }

    void restart(Duration clientTimeout) throws Exception {
        edge.close();
        edge = EdgeNode.start(EdgeSettings.builder().listen("127.0.0.1", 0).tlsListen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1").tlsCertDir(dir.resolve("certs")).adminListen("127.0.0.1", 0)
                .adminToken("t").configFile(dir.resolve("edge.json")).clientTimeout(clientTimeout).build());
    }

    static void frame(ByteArrayOutputStream out, int type, int flags, int stream, byte[] payload) {
        out.write(payload.length >>> 16);
        out.write(payload.length >>> 8);
        out.write(payload.length);
        out.write(type);
        out.write(flags);
        out.write(stream >>> 24);
        out.write(stream >>> 16);
        out.write(stream >>> 8);
        out.write(stream);
        out.writeBytes(payload);
    }

    /** Each whole frame in {@code bytes} as {type, stream id, flags} (RFC 9113 section 4.1). */
    static List<int[]> frames(byte[] bytes) {
        List<int[]> frames = new java.util.ArrayList<>();
        for (int at = 0; at + 9 <= bytes.length; ) {
            int length = (bytes[at] & 0xff) << 16 | (bytes[at + 1] & 0xff) << 8 | bytes[at + 2] & 0xff;
            if (at + 9 + length > bytes.length) {
                break;
            }
            int stream = (bytes[at + 5] & 0x7f) << 24 | (bytes[at + 6] & 0xff) << 16 | (bytes[at + 7] & 0xff) << 8
                    | bytes[at + 8] & 0xff;
            frames.add(new int[] {bytes[at + 3] & 0xff, stream, bytes[at + 4] & 0xff});
            at += 9 + length;
        }
        return frames;
    }

    SSLSocket connect(String protocol) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, InsecureTrustManagerFactory.INSTANCE.getTrustManagers(), null);
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", edge.tlsPort());
        SSLParameters parameters = s.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {protocol});
        parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName(HOST)));
        s.setSSLParameters(parameters);
        s.setSoTimeout(PATIENCE_MS);
        return s;
    }

    static void send(SSLSocket s, byte[] bytes) throws Exception {
        OutputStream out = s.getOutputStream();
        out.write(bytes);
        out.flush();
    }
}
