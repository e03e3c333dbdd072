package dev.cdn.geodns.live;

/** How one poll of the control plane ended; it names the metric and the log line. */
public enum PollOutcome {
    /** Both lists read: the live data was replaced. */
    OK("ok"),
    /** No answer, a timeout or a refused connection: the last data is kept. */
    UNREACHABLE("unreachable"),
    /** An answer that was not 200 (e.g. 401, a wrong operator token): the last data is kept. */
    REFUSED("refused"),
    /** A 200 whose body could not be read: the last data is kept. */
    UNREADABLE("unreadable");

    private final String label;

    PollOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
