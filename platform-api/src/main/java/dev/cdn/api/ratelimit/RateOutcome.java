package dev.cdn.api.ratelimit;

/** Whether a request fitted its budget. */
public enum RateOutcome {
    ALLOWED,
    LIMITED
}
