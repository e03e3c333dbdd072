package dev.cdn.portal.service;

/**
 * A version's note as typed in a text area: line breaks as the API keeps them, and the platform's rule checked here
 * (at most 500 characters, no control character but the line break) so the refusal is in plain words on the field.
 * Browsers send a text area's line breaks as CR LF (HTML, "textarea wrapping transformation"); the API takes LF only.
 */
record NoteText(String note) {

    static final int MAX = 500;

    /** The note to send: LF line breaks, white space at both ends dropped; null when nothing was typed. */
    String value() {
        if (note == null || note.isBlank()) {
            return null;
        }
        return note.replace("\r\n", "\n").replace('\r', '\n').strip();
    }

    /** Why the note cannot be saved, in plain words, or null when it can. */
    String problem() {
        String text = value();
        if (text == null) {
            return null;
        }
        int length = text.codePointCount(0, text.length());
        if (length > MAX) {
            return "Keep the note to " + MAX + " characters or fewer (this one has " + length + ").";
        }
        boolean control = text.codePoints().anyMatch(c -> c != '\n' && (Character.isISOControl(c)
                || c >= 0x202A && c <= 0x202E || c >= 0x2066 && c <= 0x2069 || c == 0x2028 || c == 0x2029));
        return control ? "Use plain text: tabs and other control characters cannot be saved (line breaks can)." : null;
    }
}
