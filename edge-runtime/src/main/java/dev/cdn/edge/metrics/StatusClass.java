package dev.cdn.edge.metrics;

/** The class of an HTTP status code (RFC 9110 section 15), a bounded metric tag: 1xx to 5xx, or other. */
public enum StatusClass {
    INFORMATIONAL("1xx"), SUCCESS("2xx"), REDIRECTION("3xx"), CLIENT_ERROR("4xx"), SERVER_ERROR("5xx"), OTHER("other");

    private final String token;

    StatusClass(String token) {
        this.token = token;
    }

    public String token() {
        return token;
    }

    public static StatusClass of(int status) {
        return switch (status / 100) {
            case 1 -> INFORMATIONAL;
            case 2 -> SUCCESS;
            case 3 -> REDIRECTION;
            case 4 -> CLIENT_ERROR;
            case 5 -> SERVER_ERROR;
            default -> OTHER;
        };
    }
}
