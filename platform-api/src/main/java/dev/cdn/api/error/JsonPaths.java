package dev.cdn.api.error;

/** Turns Jackson's path references into the field syntax our problem bodies use. */
final class JsonPaths {

    private JsonPaths() {
    }

    /**
     * {@code dev.cdn.api.Foo["origins"]->java.util.ArrayList[0]->Bar["port"]} becomes {@code origins[0].port}.
     */
    static String simplify(String reference) {
        StringBuilder out = new StringBuilder();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\[(\"([^\"]*)\"|(\\d+))]").matcher(reference);
        while (m.find()) {
            if (m.group(2) != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(m.group(2));
            } else {
                out.append('[').append(m.group(3)).append(']');
            }
        }
        return out.isEmpty() ? "body" : out.toString();
    }
}
