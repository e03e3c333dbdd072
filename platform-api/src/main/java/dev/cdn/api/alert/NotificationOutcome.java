package dev.cdn.api.alert;

/** What became of one delivery attempt. */
enum NotificationOutcome {
    /** The receiver accepted it (a 2xx answer, or the SMTP server took the message). */
    SENT,
    /** It failed and will be tried again after a back-off. */
    RETRY,
    /** It failed for the last allowed time. */
    GAVE_UP
}
