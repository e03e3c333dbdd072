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

    private static String weak(String tag) {
        String t = tag.trim();
        return t.startsWith("W/") ? t.substring(2) : t;
    }
}
