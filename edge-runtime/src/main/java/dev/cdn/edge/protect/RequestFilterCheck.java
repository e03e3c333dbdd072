package dev.cdn.edge.protect;

import dev.cdn.config.FilterMode;
import dev.cdn.config.RequestFilters;
import java.util.Set;

/**
 * A service's request filters, compiled: the method set, the limits, and the globs the attack signatures apply
 * to. The cheap checks come first (method, lengths), the signatures, which decode the target, last.
 */
final class RequestFilterCheck {

    private final boolean logOnly;
    private final Set<String> methods;
    private final String allow;
    private final Long maxBodyBytes;
    private final Integer maxUrlBytes;
    private final PathScope paths;
    private final boolean traversal;
    private final boolean injection;

    RequestFilterCheck(RequestFilters f) {
        this.logOnly = f.mode() == FilterMode.LOG;
        this.methods = Set.copyOf(f.methods());
        this.allow = String.join(", ", f.methods());
        this.maxBodyBytes = f.maxBodyBytes();
        this.maxUrlBytes = f.maxUrlBytes();
        this.paths = new PathScope(f.paths());
        this.traversal = f.blockTraversal();
        this.injection = f.blockInjection();
    }

    boolean logOnly() {
        return logOnly;
    }

    /** The Allow field of a 405 (RFC 9110 section 15.5.6): the methods the service accepts. */
    String allow() {
        return allow;
    }

    /** The first filter the request trips, or null. */
    Refusal check(ProtectedRequest r) {
        if (!methods.isEmpty() && !methods.contains(r.method())) {
            return Refusal.METHOD_NOT_ALLOWED;
        }
        if (maxUrlBytes != null
                && r.rawPath().length() + (r.rawQuery() == null ? 0 : r.rawQuery().length() + 1) > maxUrlBytes) {
            return Refusal.URL_TOO_LONG;
        }
        if (maxBodyBytes != null) {
            Refusal size = bodySize(r);
            if (size != null) {
                return size;
            }
        }
        if ((traversal || injection) && paths.covers(r.path())) {
            if (traversal && AttackSignatures.traversal(r.rawPath(), r.rawQuery())) {
                return Refusal.PATH_TRAVERSAL;
            }
            if (injection && AttackSignatures.injection(r.rawPath(), r.rawQuery())) {
                return Refusal.INJECTION;
            }
        }
        return null;
    }

    /** RFC 9110 section 8.6: the length is known up front only from Content-Length; without it, 411. */
    private Refusal bodySize(ProtectedRequest r) {
        if (r.headers().contains("Transfer-Encoding")) {
            return Refusal.LENGTH_REQUIRED;
        }
        String length = r.headers().get("Content-Length");
        if (length == null) {
            return null;
        }
        try {
            return Long.parseLong(length.trim()) > maxBodyBytes ? Refusal.BODY_TOO_LARGE : null;
        } catch (NumberFormatException e) {
            return null; // a malformed length was refused earlier, by the framing checks
        }
    }

}
