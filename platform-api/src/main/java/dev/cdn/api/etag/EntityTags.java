package dev.cdn.api.etag;

import dev.cdn.api.error.ApiException;
import dev.cdn.api.error.FieldError;
import java.util.List;

/**
 * Strong entity tags (RFC 9110 §8.8.3) made from a row's revision in the database, and the {@code If-Match} check
 * the API's writes run under the row lock of the resource they change. Because the revision lives in the row,
 * every API replica gives a representation the same tag.
 */
public final class EntityTags {

    private EntityTags() {
    }

    /** The tag of the representation at {@code revision}: {@code "r7"}, quotes included. */
    public static String of(long revision) {
        return "\"r" + revision + "\"";
    }

    /**
     * Passes when {@code ifMatch} is absent (If-Match is optional: clients that send none keep working, and take
     * the last-writer-wins risk) or matches {@code currentTag}; otherwise throws 412 carrying the current tag, or
     * 400 for a header that is not a list of entity tags.
     */
    public static void requireMatch(String ifMatch, String currentTag, String what) {
        switch (IfMatch.evaluate(ifMatch, currentTag)) {
            case ABSENT, MATCHED -> {
            }
            case FAILED -> throw ApiException.preconditionFailed(what + " has changed since it was read (its ETag is now "
                    + currentTag + "); read it again and reapply the change", currentTag);
            case MALFORMED -> throw ApiException.invalid(List.of(new FieldError("If-Match",
                    "must be * or a list of entity tags such as \"r7\"")));
        }
    }

}
