package dev.cdn.edge.listen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.ScriptedOrigin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client timeout on the wire, over plain HTTP/1.1 on real sockets: which silence of a client closes its
 * connection, and which is the edge's own. Timeouts are small; the bounds asserted hold with a wide margin on a loaded
 * machine (a check can only fire late, never early), and the only waits are the silences the tests are about.
 */
class ClientTimeoutWireTest {

    static final String HOST = "demo.localhost";
    /** Longer than any close this test expects: a connection still open this long was not closed. */
    static final int PATIENCE_MS = 15_000;

    @TempDir
    Path dir;
    final ScriptedOrigin origin = new ScriptedOrigin();
    EdgeNode edge;

    @AfterEach
    void tearDown() {
        if (edge != null) {
            edge.close();
        }
        origin.close();
    }

    void start(Duration clientTimeout) throws Exception {
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(Configs.service("demo", 1, HOST,
                origin.port())))));
        edge = EdgeNode.start(EdgeSettings.builder().nodeId("edge-1").listen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1").adminListen("127.0.0.1", 0).adminToken("t").configFile(file)
                .clientTimeout(clientTimeout).build());
    }

    @Test
    void idleKeepAliveConnection_isClosedAfterTheClientTimeout() throws Exception {
        start(Duration.ofMillis(300));
        try (Socket s = connect()) {
            send(s, get("/a"));
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200").endsWith("hello");
            long t0 = System.nanoTime();
            assertThat(s.getInputStream().read()).as("closed, with nothing sent").isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(PATIENCE_MS));
        }
    }

    @Test
    void requestHeadThatNeverEnds_isClosed_withNothingSent() throws Exception {
        start(Duration.ofMillis(300));
        try (Socket s = connect()) {
            send(s, "GET /slow HTTP/1.1\r\nHost: " + HOST + "\r\nX-Slow: ");
            assertThat(readUntilClosed(s.getInputStream())).as("a slowloris gets no response, only the close")
                    .isEmpty();
        }
        assertThat(origin.count()).isZero();
    }

    @Test
    void slowOrigin_longerThanTheClientTimeout_isAnsweredInFull_onASilentClient() throws Exception {
        origin.script(seen -> ScriptedOrigin.Reply.ok("slow but whole", "Cache-Control", "max-age=60")
                .delayed(Duration.ofMillis(1_500)));
        start(Duration.ofMillis(300));
        try (Socket s = connect()) {
            send(s, get("/slow"));
            // The client says nothing more for five client timeouts: the silence is the origin's.
            assertThat(readResponse(s.getInputStream())).startsWith("HTTP/1.1 200").endsWith("slow but whole");
        }
    }

    @Test
    void pipelinedRequests_behindASlowOne_areAllAnswered() throws Exception {
        origin.script(seen -> seen.uri().equals("/slow")
                ? ScriptedOrigin.Reply.ok("first", "Cache-Control", "max-age=60").delayed(Duration.ofMillis(1_500))
                : ScriptedOrigin.Reply.ok("then " + seen.uri(), "Cache-Control", "max-age=60"));
        start(Duration.ofMillis(300));
        try (Socket s = connect()) {
            send(s, get("/slow") + get("/b") + get("/c"));
            InputStream in = s.getInputStream();
            assertThat(readResponse(in)).endsWith("first");
            assertThat(readResponse(in)).endsWith("then /b");
            assertThat(readResponse(in)).endsWith("then /c");
        }
    }

    @Test
    void requestBodyThatStallsMidway_isClosed_andNeverReachesTheOrigin() throws Exception {
        start(Duration.ofMillis(300));
        try (Socket s = connect()) {
            send(s, "POST /upload HTTP/1.1\r\nHost: " + HOST + "\r\nContent-Length: 100\r\n\r\n0123456789");
            long t0 = System.nanoTime();
            String answer = readUntilClosed(s.getInputStream());
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(PATIENCE_MS));
            assertThat(answer).doesNotContain("HTTP/1.1 200");
        }
        assertThat(origin.count()).as("no request with 10 of its 100 bytes went out whole").isZero();
    }

    @Test
    void connectionThatKeepsSendingRequests_eachWithinTheTimeout_isNeverClosed() throws Exception {
        start(Duration.ofMillis(2_000));
        try (Socket s = connect()) {
            InputStream in = s.getInputStream();
            long t0 = System.nanoTime();
            int answered = 0;
            // 100 ms between requests, a twentieth of the timeout, for longer than two timeouts in all.
            while (Duration.ofNanos(System.nanoTime() - t0).compareTo(Duration.ofMillis(4_500)) < 0) {
                send(s, get("/busy"));
                assertThat(readResponse(in)).as("request " + answered).startsWith("HTTP/1.1 200");
                answered++;
                Thread.sleep(100); // real silence between requests, far below the timeout
            }
            assertThat(answered).isGreaterThan(1);
        }
    }

    Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", edge.port()), 5_000);
        s.setSoTimeout(PATIENCE_MS);
        return s;
    }

    static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\n\r\n";
    }

    static void send(Socket s, String raw) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** One response, head and Content-Length body; fails on a close or a silence of {@link #PATIENCE_MS}. */
    static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("closed after " + head.size() + " bytes of a response head: " + head);
            }
            head.write(b);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : h.split("\r\n")) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new IOException("closed after " + body.length + " of " + length + " body bytes");
        }
        return h + new String(body, StandardCharsets.ISO_8859_1);
    }

    /** Everything until the edge closes; fails on a silence of {@link #PATIENCE_MS} (the connection was not closed). */
    static String readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("not closed within " + PATIENCE_MS + " ms; received: " + out, e);
        } catch (IOException reset) {
            // a reset is a close too
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
