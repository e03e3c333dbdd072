package dev.cdn.edge.esi;

/** Where assembly reports what happened, for metrics; implementations must not block. */
public interface EsiRecorder {

    /** Records nothing. */
    EsiRecorder NONE = new EsiRecorder() {
    };

    /** One include ended, or one of its fetches was refused or timed out. */
    default void include(IncludeOutcome outcome) {
    }

    /** A page was cut at the output limit. */
    default void truncated() {
    }

    /** A page under an ESI rule was relayed unprocessed, for {@code reason}. */
    default void unprocessed(Unprocessed reason) {
    }

    /** A stored body was parsed; {@code dropped} unknown elements and {@code malformed} tags were left out. */
    default void parsed(int dropped, int malformed) {
    }
}
