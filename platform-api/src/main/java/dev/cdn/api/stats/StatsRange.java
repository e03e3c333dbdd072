package dev.cdn.api.stats;

import dev.cdn.api.error.Validation;
import java.time.Duration;
import java.time.Instant;

/**
 * The window and step of a stats query, checked so that one request's work stays bounded: at most
 * {@link #MAX_SPAN} wide, at most {@link #MAX_POINTS} points, instants within {@link #MAX_DISTANCE} of now.
 * Counters are stored per minute, so the step is a whole number of minutes (which also keeps it above the 10 s
 * floor the platform promises).
 */
record StatsRange(Instant from, Instant to, long step) {

    static final Duration MAX_SPAN = Duration.ofDays(31);
    /** Ten years, leap days included: far enough for any retention, near enough for PostgreSQL and for the planner. */
    static final Duration MAX_DISTANCE = Duration.ofDays(3653);
    static final long MAX_POINTS = 1440;
    static final Duration DEFAULT_SPAN = Duration.ofHours(1);

    /**
     * Checks a query's parameters (absent {@code to}: now; absent {@code from}: an hour before {@code to}) and
     * throws a 400 naming every bad parameter.
     */
    static StatsRange check(Instant from, Instant to, long step, Instant now) {
        Instant end = to == null ? now : to;
        Instant start = from == null ? end.minus(DEFAULT_SPAN) : from;
        Instant earliest = now.minus(MAX_DISTANCE);
        Instant latest = now.plus(MAX_DISTANCE);
        Validation v = new Validation()
                .require(!start.isBefore(earliest) && !start.isAfter(latest), "from",
                        "must be within 10 years of now")
                .require(!end.isBefore(earliest) && !end.isAfter(latest), "to", "must be within 10 years of now")
                .require(step >= 60 && step % 60 == 0 && step <= MAX_SPAN.toSeconds(), "step",
                        "must be a whole number of minutes, in seconds (60, 300, ...), at most 31 days");
        v.throwIfInvalid();
        v.require(start.isBefore(end), "from", "must be before 'to'")
                .require(Duration.between(start, end).compareTo(MAX_SPAN) <= 0, "from",
                        "the range from 'from' to 'to' must be at most 31 days");
        v.throwIfInvalid();
        v.require(Duration.between(start, end).toSeconds() / step <= MAX_POINTS, "step",
                "at most " + MAX_POINTS + " points per query: widen the step or narrow the range");
        v.throwIfInvalid();
        return new StatsRange(start, end, step);
    }
}
