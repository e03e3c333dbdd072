package dev.cdn.edge.policy;

import io.netty.handler.codec.http.HttpHeaders;

/** RFC 9110 section 13 preconditions a cache evaluates for GET/HEAD against a stored response. */
public final class Conditionals {

    private Conditionals() {
    }

    /**
     * True when the client's If-None-Match (weak comparison) or, absent that, If-Modified-Since says its copy is
     * current, so a 304 answers.
     */
    public static boolean notModified(HttpHeaders request, String etag, String lastModified) {
        String inm = request.get("If-None-Match");
        if (inm != null) {
            if (etag == null) {
                return false;
            }
            if (inm.trim().equals("*")) {
                return true;
            }
            String mine = weak(etag);
            for (String tag : inm.split(",")) {
                if (weak(tag).equals(mine)) {
                    return true;
                }
            }
            return false;
        }
        String ims = request.get("If-Modified-Since");
        if (ims != null && lastModified != null) {
            long since = HttpDates.parse(ims);
            long modified = HttpDates.parse(lastModified);
            return since >= 0 && modified >= 0 && modified <= since;
        }
        return false;
    }

    /**
     * RFC 9110 13.1.5: whether a Range request's If-Range lets the range be served (else the whole representation
     * goes out). An entity tag matches by strong comparison only (neither tag weak, the same opaque tag); a date
     * only when it is exactly the stored Last-Modified and that is a strong validator, at least one second before
     * the response's Date (RFC 9110 8.8.2.2). Anything else, or no validator stored, does not match.
     */
    public static boolean ifRangeMatches(String ifRange, String etag, String lastModified, String date) {
        String condition = ifRange.trim();
        if (condition.startsWith("\"") || condition.startsWith("W/")) {
            return etag != null && !condition.startsWith("W/") && !etag.trim().startsWith("W/")
                    && condition.equals(etag.trim());
        }
        if (lastModified == null || date == null) {
            return false;
        }
        long asked = HttpDates.parse(condition);
        long modified = HttpDates.parse(lastModified);
        long sent = HttpDates.parse(date);
        return asked >= 0 && modified >= 0 && sent >= 0 && asked == modified && sent - modified >= 1000;
    }

    private static String weak(String tag) {
        String t = tag.trim();
        return t.startsWith("W/") ? t.substring(2) : t;
    }
}
