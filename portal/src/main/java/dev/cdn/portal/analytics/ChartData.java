package dev.cdn.portal.analytics;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import dev.cdn.portal.api.StatsSeries;

/**
 * The series the analytics charts draw, column by column (what Chart.js wants): one label per bucket and one
 * list per line. Built on the server so the page script only draws.
 *
 * <p>Ratios ({@code hitRatio}, {@code originOffload}, {@code errorRate}) are null in a bucket that had nothing to
 * compute them from (no lookups, no bytes, no requests): the chart leaves a gap there instead of a drop to zero or
 * a line drawn across the idle period. Bandwidth is scaled to one unit for the whole chart ({@code bandwidthUnit},
 * chosen from its largest bucket) so the axis reads in KB, MB or GB rather than raw bytes.
 */
public record ChartData(List<String> labels, List<Long> hits, List<Long> misses, List<Long> stale,
        List<Long> bypass, List<Double> hitRatio, List<Double> originOffload, List<Double> errorRate,
        String bandwidthUnit, List<Double> bandwidthToClients, List<Double> bandwidthFromOrigin,
        List<Long> status2xx, List<Long> status3xx, List<Long> status4xx, List<Long> status5xx) {

    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LONG = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    static ChartData of(StatsSeries series, TimeRange range) {
        List<StatsSeries.Point> p = series.points();
        DateTimeFormatter format = range == TimeRange.HOUR || range == TimeRange.SIX_HOURS ? SHORT : LONG;
        long peak = p.stream().mapToLong(x -> Math.max(x.bytesToClients(), x.bytesFromOrigin())).max().orElse(0);
        ByteUnit unit = ByteUnit.forPeak(peak);
        return new ChartData(
                p.stream().map(x -> format.format(x.t())).toList(),
                p.stream().map(StatsSeries.Point::hits).toList(),
                p.stream().map(StatsSeries.Point::misses).toList(),
                p.stream().map(StatsSeries.Point::stale).toList(),
                p.stream().map(StatsSeries.Point::bypass).toList(),
                p.stream().map(x -> x.hits() + x.misses() + x.stale() == 0 ? null : percent(x.hitRatio())).toList(),
                p.stream().map(x -> x.bytesToClients() == 0 ? null : percent(Math.max(0, x.originOffload()))).toList(),
                p.stream().map(x -> x.requests() == 0 ? null : percent((double) x.status5xx() / x.requests())).toList(),
                unit.symbol(),
                p.stream().map(x -> unit.scale(x.bytesToClients())).toList(),
                p.stream().map(x -> unit.scale(x.bytesFromOrigin())).toList(),
                p.stream().map(StatsSeries.Point::status2xx).toList(),
                p.stream().map(StatsSeries.Point::status3xx).toList(),
                p.stream().map(StatsSeries.Point::status4xx).toList(),
                p.stream().map(StatsSeries.Point::status5xx).toList());
    }

    private static Double percent(double ratio) {
        return Math.round(ratio * 1000) / 10.0;
    }
}
