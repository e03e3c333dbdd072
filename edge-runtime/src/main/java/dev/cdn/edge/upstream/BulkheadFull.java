package dev.cdn.edge.upstream;

/**
 * A request found no upstream connection within its service's share ({@link Bulkheads}). Nothing was sent, so the
 * upstream's health learns nothing from it, and the client gets a self-made 503 (or its stale copy).
 */
public final class BulkheadFull extends IllegalStateException {

    private final String serviceId;
    private final BulkheadRefusal reason;

    BulkheadFull(String serviceId, BulkheadRefusal reason) {
        super("no upstream connection free in the share of service " + serviceId + " (" + reason.token() + ")");
        this.serviceId = serviceId;
        this.reason = reason;
    }

    public String serviceId() {
        return serviceId;
    }

    public BulkheadRefusal reason() {
        return reason;
    }

    /** Whether {@code error} or one of its causes is a refusal. */
    public static boolean in(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BulkheadFull) {
                return true;
            }
        }
        return false;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this; // an expected outcome under load, raised per request: no stack to capture
    }
}
