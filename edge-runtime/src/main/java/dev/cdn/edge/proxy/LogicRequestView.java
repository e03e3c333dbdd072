package dev.cdn.edge.proxy;

import dev.cdn.edge.logic.LogicRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A request as edge logic sees it; cookies and query parameters are parsed only if a condition asks for them. */
final class LogicRequestView implements LogicRequest {

    private final RequestContext ctx;
    private final HttpHeaders headers;
    private final String path;
    private final String rawQuery;
    private Set<Cookie> cookies;
    private Map<String, List<String>> query;
    private byte[] addressBytes;

    LogicRequestView(RequestContext ctx, String path, String rawQuery) {
        this.ctx = ctx;
        this.headers = ctx.request.requestHeaders();
        this.path = path;
        this.rawQuery = rawQuery;
    }

    @Override
    public String method() {
        return ctx.method;
    }

    @Override
    public String scheme() {
        return ctx.scheme;
    }

    @Override
    public String host() {
        return ctx.authority;
    }

    @Override
    public String path() {
        return path;
    }

    @Override
    public String rawQuery() {
        return rawQuery;
    }

    @Override
    public String header(String name) {
        List<String> values = headers.getAll(name);
        return values.isEmpty() ? null : values.size() == 1 ? values.get(0) : String.join(", ", values);
    }

    @Override
    public String cookie(String name) {
        if (cookies == null) {
            List<String> all = headers.getAll("Cookie");
            cookies = all.isEmpty() ? Set.of() : ServerCookieDecoder.LAX.decode(String.join("; ", all));
        }
        for (Cookie c : cookies) {
            if (c.name().equals(name)) {
                return c.value();
            }
        }
        return null;
    }

    @Override
    public String queryParameter(String name) {
        if (rawQuery == null) {
            return null;
        }
        if (query == null) {
            query = new QueryStringDecoder(rawQuery, StandardCharsets.UTF_8, false).parameters();
        }
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public InetAddress clientAddress() {
        InetSocketAddress remote = ctx.request.remoteAddress();
        return remote == null ? null : remote.getAddress();
    }

    @Override
    public byte[] clientAddressBytes() {
        if (addressBytes == null) {
            InetAddress address = clientAddress();
            addressBytes = address == null ? null : address.getAddress();
        }
        return addressBytes;
    }

    @Override
    public String country() {
        return ctx.country();
    }
}
