package dev.cdn.api;

import java.net.URI;
import java.util.Locale;

/** A libpq-style database URL ({@code postgresql://user:password@host:port/db}), as {@code CDN_DB_URL} takes it. */
record DatabaseUrl(String host, int port, String database, String user, String password) {

    static DatabaseUrl parse(String url) {
        URI uri;
        try {
            uri = URI.create(url.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CDN_DB_URL is not a URL; expected postgresql://user:password@host:port/db", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgresql") && !scheme.equals("postgres") || uri.getHost() == null) {
            throw new IllegalArgumentException("CDN_DB_URL must look like postgresql://user:password@host:port/db");
        }
        String info = uri.getUserInfo() == null ? "postgres" : uri.getUserInfo();
        int colon = info.indexOf(':');
        String user = colon < 0 ? info : info.substring(0, colon);
        String password = colon < 0 ? "" : info.substring(colon + 1);
        String db = uri.getPath() == null || uri.getPath().length() <= 1 ? "postgres" : uri.getPath().substring(1);
        return new DatabaseUrl(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort(), db, user, password);
    }

    String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    String r2dbcUrl() {
        return "r2dbc:postgresql://" + host + ":" + port + "/" + database;
    }
}
