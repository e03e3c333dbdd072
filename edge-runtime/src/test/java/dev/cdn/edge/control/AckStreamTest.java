package dev.cdn.edge.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

class AckStreamTest {

    @Test
    void aControlPlaneThatStopsReading_fillsTheBoundedBuffer_andTheStreamIsGivenUp() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Accepts the connection and never reads a byte: the request body backs up into the edge.
            Thread acceptor = new Thread(() -> {
                try {
                    accepted.add(server.accept());
                } catch (Exception closed) {
                    // the test is over
                }
            });
            acceptor.start();
            AckStream stream = new AckStream(HttpClient.create().baseUrl("http://127.0.0.1:" + server.getLocalPort()), 16);
            stream.open();

            byte[] line = new byte[16 * 1024];
            java.util.Arrays.fill(line, (byte) 'a');
            int sent = 0;
            while (sent < 5_000 && stream.trySend(line)) {
                sent++;
            }
            assertThat(sent).as("lines taken before the buffer filled").isLessThan(5_000);
            assertThat(stream.trySend(line)).as("given up: the caller posts instead").isFalse();
            stream.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
