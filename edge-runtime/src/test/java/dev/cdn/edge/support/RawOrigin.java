package dev.cdn.edge.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A loopback origin that writes exact bytes, for response shapes no HTTP server library produces (interim 1xx
 * responses, a body longer than its Content-Length). Each connection is served by a plain thread, request after
 * request, until the script says to close or the peer does. Bodies of requests are not read: scripts are for GETs.
 */
public final class RawOrigin implements AutoCloseable {

    /** What the script answers for one request head: the bytes to write, and whether to close afterwards. */
    public record Answer(String bytes, boolean close) {
        public static Answer keepOpen(String bytes) {
            return new Answer(bytes, false);
        }
    }

    /** One request head as received, with the number of the connection it came on (from 1). */
    public record Request(int connection, String head) {
        public String path() {
            String line = head.substring(0, head.indexOf("\r\n"));
            return line.split(" ")[1];
        }
    }

    private final ServerSocket server;
    private final Function<Request, Answer> script;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    public RawOrigin(Function<Request, Answer> script) throws IOException {
        BlockHoundSetup.install(); // the edge under test must not block its event loops on these exchanges either
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "raw-origin-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public int connections() {
        return connections.get();
    }

    public List<Request> requests() {
        return requests;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                int n = connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s, n), "raw-origin-conn-" + n);
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s, int connection) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return;
                }
                Request r = new Request(connection, head);
                requests.add(r);
                Answer a = script.apply(r);
                out.write(a.bytes().getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (a.close()) {
                    return;
                }
            }
        } catch (IOException e) {
            // peer went away
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                return head.toString(StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
