package dev.cdn.edge.logic;

/** How edge logic answered a request by itself; the value feeds Cache-Status, the debug header and metrics. */
public enum AnswerKind {
    REDIRECT("redirect"),
    SYNTHETIC("synthetic"),
    CORS_PREFLIGHT("cors-preflight");

    public final String token;

    AnswerKind(String token) {
        this.token = token;
    }
}
