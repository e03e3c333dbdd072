package dev.cdn.portal.analytics;

import java.util.Locale;

/**
 * How a number moved from the previous period of the same length to this one, as the cards show it. Counts
 * compare relatively ({@code +12.5 %}); ratios compare in percentage points ({@code -3.1 pt}), since a relative
 * change of a ratio reads ambiguously.
 */
public record Change(String text, Direction direction) {

    /** Which way the number went. */
    public enum Direction { UP, DOWN, FLAT, NEW, NONE }

    static final Change NONE = new Change("no traffic in either period", Direction.NONE);

    /** A count: relative change, or {@code new} when the previous period had none. */
    static Change ofCount(long previous, long current) {
        if (previous == 0) {
            return current == 0 ? NONE : new Change("new: nothing in the previous period", Direction.NEW);
        }
        double relative = (double) (current - previous) / previous;
        return new Change(String.format(Locale.ROOT, "%+.1f %% vs previous period", relative * 100), direction(relative));
    }

    /** A ratio: the difference in percentage points; none when either period had nothing to compute it from. */
    static Change ofRatio(boolean previousDefined, double previous, boolean currentDefined, double current) {
        if (!previousDefined || !currentDefined) {
            return new Change("no comparison: a period without traffic", Direction.NONE);
        }
        double points = (current - previous) * 100;
        return new Change(String.format(Locale.ROOT, "%+.1f pt vs previous period", points), direction(points / 100));
    }

    private static Direction direction(double change) {
        return Math.abs(change) < 0.0005 ? Direction.FLAT : change > 0 ? Direction.UP : Direction.DOWN;
    }

    public String cssClass() {
        return "change change--" + direction.name().toLowerCase(Locale.ROOT);
    }
}
