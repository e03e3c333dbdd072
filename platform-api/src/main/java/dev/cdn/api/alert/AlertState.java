package dev.cdn.api.alert;

import java.util.Locale;

/** A rule's state: firing while its condition holds, resolved otherwise (also before it ever fired). */
enum AlertState {
    FIRING, RESOLVED;

    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static AlertState fromWire(String text) {
        return valueOf(text.toUpperCase(Locale.ROOT));
    }
}
