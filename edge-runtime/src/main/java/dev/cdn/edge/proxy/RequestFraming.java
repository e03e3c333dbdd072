package dev.cdn.edge.proxy;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Request-smuggling checks on the message framing (RFC 9112 6.1-6.3), beyond what Netty's decoder already refuses
 * (duplicate, conflicting or non-numeric Content-Length, a space before the colon, oversized lines). A request the
 * edge and its upstream could frame differently is refused, never forwarded.
 */
enum RequestFraming {
    OK(0, null),
    /** Content-Length and Transfer-Encoding together: the classic CL.TE / TE.CL desync. */
    LENGTH_AND_CHUNKED(400, "Content-Length and Transfer-Encoding must not both be present\n"),
    /** Transfer-Encoding whose final coding is not chunked: the body length cannot be determined. */
    CHUNKED_NOT_FINAL(400, "Transfer-Encoding must end with chunked\n"),
    /** A transfer coding other than chunked, which the edge does not decode. */
    UNSUPPORTED_CODING(501, "only the chunked transfer coding is supported\n");

    final int status;
    final String message;

    RequestFraming(int status, String message) {
        this.status = status;
        this.message = message;
    }

    static RequestFraming check(HttpHeaders h) {
        List<String> te = h.getAll("Transfer-Encoding");
        if (te.isEmpty()) {
            return OK;
        }
        if (h.contains("Content-Length")) {
            return LENGTH_AND_CHUNKED;
        }
        List<String> codings = new ArrayList<>();
        for (String v : te) {
            for (String c : v.split(",")) {
                if (!c.isBlank()) {
                    codings.add(c.trim().toLowerCase(Locale.ROOT));
                }
            }
        }
        if (codings.isEmpty() || !codings.get(codings.size() - 1).equals("chunked")) {
            return CHUNKED_NOT_FINAL;
        }
        return codings.size() == 1 ? OK : UNSUPPORTED_CODING;
    }
}
