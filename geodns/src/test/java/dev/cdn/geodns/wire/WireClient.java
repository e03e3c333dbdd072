package dev.cdn.geodns.wire;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.Optional;
import org.xbill.DNS.Message;

/** A plain-socket DNS client for the tests: dnsjava writes the queries and reads the answers, not our code. */
final class WireClient {

    static final int TIMEOUT_MS = 5_000;

    private WireClient() {
    }

    static Message udp(InetSocketAddress server, Message query) throws IOException {
        return new Message(udpRaw(server, query.toWire(), TIMEOUT_MS).orElseThrow(() -> new IOException("no UDP answer")));
    }

    /** Sends bytes; the answer's bytes, or empty when none came within the timeout. */
    static Optional<byte[]> udpRaw(InetSocketAddress server, byte[] bytes, int timeoutMs) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            s.setSoTimeout(timeoutMs);
            s.send(new DatagramPacket(bytes, bytes.length, server));
            byte[] buf = new byte[65_535];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
            return Optional.of(Arrays.copyOf(buf, p.getLength()));
        }
    }

    static Message tcp(InetSocketAddress server, Message query) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(server, TIMEOUT_MS);
            s.setSoTimeout(TIMEOUT_MS);
            byte[] wire = query.toWire();
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeShort(wire.length);
            out.write(wire);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] answer = new byte[in.readUnsignedShort()];
            in.readFully(answer);
            return new Message(answer);
        }
    }
}
