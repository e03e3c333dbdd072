package dev.cdn.edge.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Sends exact bytes over a plain socket and reads what comes back, for request shapes no HTTP client produces. */
public final class RawHttp {

    private RawHttp() {
    }

    /** Writes {@code request}, then reads until the server closes or {@code readTimeoutMs} passes in silence. */
    public static String exchange(int port, String request, int readTimeoutMs) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            s.setSoTimeout(readTimeoutMs);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                // silence: return what arrived
            } catch (IOException e) {
                // reset by peer: return what arrived
            }
            return out.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** The status code of the first response in {@code raw}, or 0 when nothing came back. */
    public static int status(String raw) {
        return raw.startsWith("HTTP/1.1 ") ? Integer.parseInt(raw.substring(9, 12)) : 0;
    }
}
