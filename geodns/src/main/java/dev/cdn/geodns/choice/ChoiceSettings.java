package dev.cdn.geodns.choice;

/**
 * The knobs of the ranking. {@code exploreShare} of answers go to a runner-up whose cost is within
 * {@code exploreWithinMs} of the best (at most {@code exploreAmong} of them), so that one PoP does not take every
 * new client at once and runner-ups keep being measured.
 */
public record ChoiceSettings(double exploreShare, double exploreWithinMs, int exploreAmong) {

    public static final ChoiceSettings DEFAULTS = new ChoiceSettings(0.1, 30, 2);

    public ChoiceSettings {
        if (!(exploreShare >= 0 && exploreShare <= 0.5)) {
            throw new IllegalArgumentException("explore share must be within 0..0.5, got " + exploreShare);
        }
        if (!(exploreWithinMs >= 0 && exploreWithinMs <= 10_000)) {
            throw new IllegalArgumentException("explore window must be within 0..10000 ms, got " + exploreWithinMs);
        }
        if (exploreAmong < 0 || exploreAmong > 8) {
            throw new IllegalArgumentException("explore among must be within 0..8, got " + exploreAmong);
        }
    }
}
