package dev.cdn.edge.logic;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/** A {@link LogicRequest} built in memory, for tests of matching and assignment without sockets. */
final class FakeRequest implements LogicRequest {

    String method = "GET";
    String scheme = "https";
    String host = "shop.localhost";
    String path = "/";
    String rawQuery;
    final Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final Map<String, String> cookies = new HashMap<>();
    final Map<String, String> query = new HashMap<>();
    InetAddress address;
    String country;

    static FakeRequest get(String path) {
        FakeRequest r = new FakeRequest();
        r.path = path;
        return r;
    }

    FakeRequest header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    FakeRequest cookie(String name, String value) {
        cookies.put(name, value);
        return this;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String scheme() {
        return scheme;
    }

    @Override
    public String host() {
        return host;
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
        return headers.get(name);
    }

    @Override
    public String cookie(String name) {
        return cookies.get(name);
    }

    @Override
    public String queryParameter(String name) {
        return query.get(name);
    }

    @Override
    public InetAddress clientAddress() {
        return address;
    }

    @Override
    public byte[] clientAddressBytes() {
        return address == null ? null : address.getAddress();
    }

    @Override
    public String country() {
        return country;
    }
}
