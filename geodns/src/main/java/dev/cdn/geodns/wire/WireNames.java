package dev.cdn.geodns.wire;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Domain names in wire form (RFC 1035 section 3.1): length-prefixed labels ending with the root's zero byte. */
final class WireNames {

    static final int MAX_NAME_BYTES = 255;
    static final int MAX_LABEL_BYTES = 63;

    private WireNames() {
    }

    /** True when the name (as Netty decoded it, trailing dot optional) can be written back as it came. */
    static boolean valid(String name) {
        if (name.equals(".") || name.isEmpty()) {
            return true;
        }
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (encodedLength(n) > MAX_NAME_BYTES) {
            return false;
        }
        for (String label : n.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > MAX_LABEL_BYTES) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (c <= ' ' || c >= 0x7f) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Bytes the name takes uncompressed, as Netty's encoder writes it. */
    static int encodedLength(String name) {
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (n.isEmpty()) {
            return 1;
        }
        int length = 1;
        for (String label : n.split("\\.")) {
            length += label.length() + 1;
        }
        return length;
    }

    static byte[] encode(String name) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String n = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        if (!n.isEmpty()) {
            for (String label : n.split("\\.")) {
                byte[] b = label.getBytes(StandardCharsets.US_ASCII);
                out.write(b.length);
                out.writeBytes(b);
            }
        }
        out.write(0);
        return out.toByteArray();
    }
}
