package dev.cdn.edge.config;

/** What happened to one offered service config. */
public enum ApplyOutcome {
    /** Now served. */
    APPLIED,
    /** Equal to the config already served; replays are idempotent. */
    UNCHANGED,
    /** Did not compile or its domains collide with another service; the last good config stays. */
    FAILED
}
