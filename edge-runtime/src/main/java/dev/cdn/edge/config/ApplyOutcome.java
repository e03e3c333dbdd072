package dev.cdn.edge.config;

/** What happened to one offered service config. */
public enum ApplyOutcome {
    /** Now served. */
    APPLIED,
    /** Not newer than the version already served; replays are idempotent. */
    IGNORED_OLDER,
    /** Did not compile or its domains collide with another service; the last good config stays. */
    FAILED
}
