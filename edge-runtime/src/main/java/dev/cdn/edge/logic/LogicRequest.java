package dev.cdn.edge.logic;

import java.net.InetAddress;

/** What edge logic may read of a client request; the proxy's view of it. */
public interface LogicRequest {

    String method();

    /** {@code http} or {@code https}: how the client reached the edge tier. */
    String scheme();

    /** The request's authority (Host), as the client sent it. */
    String host();

    /** The normalized path. */
    String path();

    /** The raw query without '?', or null when there is none. */
    String rawQuery();

    /** The request header's values joined by ", ", or null when absent. */
    String header(String name);

    /** The first cookie of that name, or null. */
    String cookie(String name);

    /** The first query parameter of that name (decoded), or null. */
    String queryParameter(String name);

    /** The client's address, or null when unknown. */
    InetAddress clientAddress();

    /** The client's address as bytes, or null when unknown; read once per request however many prefixes test it. */
    byte[] clientAddressBytes();

    /** The client's country (ISO 3166-1 alpha-2), or null when no lookup knows it. */
    String country();
}
