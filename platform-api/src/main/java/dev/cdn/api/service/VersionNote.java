package dev.cdn.api.service;

import dev.cdn.api.error.Validation;
import dev.cdn.config.Names;

/**
 * The rule for a version's note: plain text that people read, like a commit message, of at most {@link #MAX}
 * characters; newlines separate its lines, every other control character (and every bidirectional override,
 * {@link Names#firstUnsafe}) is refused, since notes are shown in pages, CSV exports and terminals.
 */
final class VersionNote {

    static final int MAX = 500;

    private VersionNote() {
    }

    /** The note as stored: null for none (absent, empty or only white space), else stripped at both ends. */
    static String normalize(String note) {
        return note == null || note.isBlank() ? null : note.strip();
    }

    /** Why {@code note} cannot be stored, or null when it can (null is no note, and can). */
    static String problem(String note) {
        if (note == null) {
            return null;
        }
        if (note.codePointCount(0, note.length()) > MAX) {
            return "must be at most " + MAX + " characters";
        }
        if (Names.firstUnsafe(note.replace("\n", "")) >= 0) {
            return "must be plain text: no control characters other than newline";
        }
        return null;
    }

    /** Adds the note's problem, if any, to {@code v} under the field {@code note}. */
    static Validation check(Validation v, String note) {
        String problem = problem(note);
        return problem == null ? v : v.add("note", problem);
    }
}
