package dev.cdn.edge.proxy;

import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names of the fields a hit's response carries, as its protocol sends them. HTTP/1.1 sends a stored field's name as
 * the origin spelled it, and ours in their usual case. HTTP/2 sends every name in lowercase (RFC 9113 section 8.2.1):
 * reactor-netty hands the response's fields to Netty's HTTP/1-to-HTTP/2 conversion, which turns every name that is not
 * a lowercase {@link AsciiString} already into two new objects (the {@code AsciiString}, then its lowercase copy), about
 * 90 bytes a field and a tenth of what an HTTP/2 hit allocated. So over HTTP/2 names are given as lowercase
 * {@code AsciiString}s, made once per distinct name.
 */
final class FieldNames {

    /** Distinct names kept lowercased; origins may send any names, so past this many a name is lowercased per use. */
    static final int MAX_INTERNED = 1024;
    private static final Map<String, AsciiString> LOWERCASE = new ConcurrentHashMap<>();

    static final FieldNames HTTP_1 = new FieldNames(false);
    static final FieldNames HTTP_2 = new FieldNames(true);

    private final boolean lowercase;
    final CharSequence age;
    final CharSequence xCache;
    final CharSequence cacheStatus;
    final CharSequence via;
    final CharSequence cacheControl;
    final CharSequence acceptRanges;
    final CharSequence contentLength;

    private FieldNames(boolean lowercase) {
        this.lowercase = lowercase;
        age = of("Age");
        xCache = of("X-Cache");
        cacheStatus = of("Cache-Status");
        via = of("Via");
        cacheControl = of("Cache-Control");
        acceptRanges = of("Accept-Ranges");
        contentLength = of("Content-Length");
    }

    /** The names for a response of this protocol version. */
    static FieldNames of(HttpVersion version) {
        return version.majorVersion() == 2 ? HTTP_2 : HTTP_1;
    }

    /** {@code name} as this protocol sends it. */
    CharSequence of(String name) {
        if (!lowercase) {
            return name;
        }
        AsciiString known = LOWERCASE.get(name);
        if (known != null) {
            return known;
        }
        AsciiString lower = AsciiString.cached(name).toLowerCase();
        if (LOWERCASE.size() < MAX_INTERNED) {
            LOWERCASE.putIfAbsent(name, lower);
        }
        return lower;
    }
}
