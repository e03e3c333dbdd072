package dev.cdn.devtools;

import java.util.HashMap;
import java.util.Map;

/** {@code --name value} command-line flags. */
record Flags(Map<String, String> values) {

    static Flags parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            values.put(args[i].substring(2), args[++i]);
        }
        return new Flags(values);
    }

    String require(String name) {
        String v = values.get(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    int port(String name) {
        return Integer.parseInt(require(name));
    }
}
