package dev.cdn.portal.service;

import java.util.Map;

/** The one-line confirmations shown after a redirect ({@code ?notice=rule}); unknown keys show nothing. */
final class Notices {

    private static final Map<String, String> MESSAGES = Map.ofEntries(
            Map.entry("created", "Service created. Version 1 is a draft: add an origin, then activate it."),
            Map.entry("draft", "A new draft was created. Changes go into it until you activate it."),
            Map.entry("domain", "Domain added to the draft."),
            Map.entry("domain-removed", "Domain removed from the draft."),
            Map.entry("domain-verified", "Domain ownership verified: the edges serve it once its version is active."),
            Map.entry("domain-unproved", "Ownership not proved yet: create the TXT record (or serve the HTTP token) shown"
                    + " below, then check again."),
            Map.entry("origin", "Origin saved in the draft."),
            Map.entry("origin-removed", "Origin removed from the draft."),
            Map.entry("rule", "Rule saved in the draft."),
            Map.entry("rule-removed", "Rule removed from the draft."),
            Map.entry("rule-moved", "Rule order changed in the draft."),
            Map.entry("settings", "Settings saved in the draft."),
            Map.entry("cloned", "A new draft was created from that version."),
            Map.entry("draft-discarded", "The draft was discarded. The service keeps its active configuration."));

    private Notices() {
    }

    static String message(String key) {
        return key == null ? null : MESSAGES.get(key);
    }
}
