package dev.cdn.portal.analytics;

/** The analytics cards' numbers for the chosen range beside those of the range just before it, of equal length. */
public record PeriodComparison(TrafficSummary current, TrafficSummary previous) {

    public Change requests() {
        return Change.ofCount(previous.requests(), current.requests());
    }

    public Change bandwidth() {
        return Change.ofCount(previous.bytesToClients(), current.bytesToClients());
    }

    public Change hitRatio() {
        return Change.ofRatio(previous.hits() + previous.misses() + previous.stale() > 0, previous.hitRatio(),
                current.hits() + current.misses() + current.stale() > 0, current.hitRatio());
    }

    public Change originOffload() {
        return Change.ofRatio(previous.bytesToClients() > 0, previous.originOffload(),
                current.bytesToClients() > 0, current.originOffload());
    }

    public Change errorRate() {
        return Change.ofRatio(!previous.isEmpty(), previous.errorRate(), !current.isEmpty(), current.errorRate());
    }
}
