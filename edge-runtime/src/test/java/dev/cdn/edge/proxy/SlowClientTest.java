package dev.cdn.edge.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cdn.config.ConfigCodec;
import dev.cdn.config.EdgeConfig;
import dev.cdn.edge.EdgeNode;
import dev.cdn.edge.settings.EdgeSettings;
import dev.cdn.edge.support.Configs;
import dev.cdn.edge.support.ScriptedOrigin;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A client that stops reading a response is disconnected after the client timeout; it cannot hold the edge. */
class SlowClientTest {

    private static final int BODY = 48 * 1024 * 1024;

    @TempDir
    Path dir;
    private final ScriptedOrigin origin = new ScriptedOrigin();
    private EdgeNode edge;

    @AfterEach
    void tearDown() {
        if (edge != null) {
            edge.close();
        }
        origin.close();
    }

    @Test
    void clientThatStopsReading_isDisconnectedAfterTheClientTimeout() throws Exception {
        byte[] body = new byte[BODY];
        origin.script(seen -> new ScriptedOrigin.Reply(200, Map.of("Cache-Control", "no-store"), body,
                Duration.ZERO, null));
        Path file = dir.resolve("edge.json");
        Files.write(file, ConfigCodec.writeBytes(new EdgeConfig(List.of(Configs.service("demo", 1, "slow.test",
                origin.port())))));
        edge = EdgeNode.start(EdgeSettings.builder().nodeId("edge-1").listen("127.0.0.1", 0)
                .allowedPrivateOrigins("127.0.0.1")
                .adminListen("127.0.0.1", 0).adminToken("secret").configFile(file)
                .clientTimeout(Duration.ofMillis(800)).build());

        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", edge.port()), 5000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /big HTTP/1.1\r\nHost: slow.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[8192];
            long received = in.read(buf);
            assertThat(received).isPositive();

            Thread.sleep(3_000); // stop reading for well past the client timeout (a real pause, not a clock)

            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    received += n;
                }
            } catch (SocketException reset) {
                // the edge closed the connection while data was still in flight: also a disconnect
            }
            assertThat(received).as("the edge gave up on the stalled client before sending the whole body")
                    .isLessThan(BODY);
        }
    }
}
