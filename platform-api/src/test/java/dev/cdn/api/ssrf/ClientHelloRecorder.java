package dev.cdn.api.ssrf;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP listener on 127.0.0.1 that keeps the first TLS record of each connection (the client's ClientHello, whose
 * SNI extension carries the server name in clear) and then closes the connection, so the handshake fails. Shows
 * where a TLS client connected and which name it asked for, without a certificate it would trust.
 */
public final class ClientHelloRecorder implements AutoCloseable {

    private final ServerSocket socket;
    private final List<byte[]> hellos = new CopyOnWriteArrayList<>();

    public ClientHelloRecorder() throws IOException {
        socket = new ServerSocket(0, 50, PlatformOnlyNames.LOOPBACK);
        Thread acceptor = new Thread(this::acceptAll, "client-hello-recorder");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** True when a connection's ClientHello asked for {@code serverName}. */
    public boolean sawServerName(String serverName) {
        return hellos.stream().anyMatch(h -> new String(h, StandardCharsets.ISO_8859_1).contains(serverName));
    }

    public int connections() {
        return hellos.size();
    }

    private void acceptAll() {
        while (!socket.isClosed()) {
            try (Socket connection = socket.accept()) {
                connection.setSoTimeout(5_000);
                InputStream in = connection.getInputStream();
                byte[] header = in.readNBytes(5); // type, version, length of the record
                int length = header.length < 5 ? 0 : ((header[3] & 0xff) << 8) | (header[4] & 0xff);
                byte[] body = in.readNBytes(length);
                byte[] record = new byte[header.length + body.length];
                System.arraycopy(header, 0, record, 0, header.length);
                System.arraycopy(body, 0, record, header.length, body.length);
                hellos.add(record);
            } catch (IOException e) {
                // Closed by close(), or a client that went away mid-record: nothing more to keep.
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
