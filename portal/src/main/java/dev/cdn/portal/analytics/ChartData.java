package dev.cdn.portal.analytics;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import dev.cdn.portal.api.StatsSeries;

/**
 * The series the analytics charts draw, column by column (what Chart.js wants): one label per bucket and one
 * list per line. Built on the server so the page script only draws.
 */
public record ChartData(List<String> labels, List<Long> hits, List<Long> misses, List<Long> stale,
        List<Long> bypass, List<Double> hitRatio, List<Double> originOffload, List<Long> bytesToClients,
        List<Long> bytesFromOrigin, List<Long> status2xx, List<Long> status3xx, List<Long> status4xx,
        List<Long> status5xx) {

    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter LONG = DateTimeFormatter.ofPattern("MM-dd HH:mm", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    static ChartData of(StatsSeries series, TimeRange range) {
        List<StatsSeries.Point> p = series.points();
        DateTimeFormatter format = range == TimeRange.HOUR || range == TimeRange.SIX_HOURS ? SHORT : LONG;
        return new ChartData(
                p.stream().map(x -> format.format(x.t())).toList(),
                p.stream().map(StatsSeries.Point::hits).toList(),
                p.stream().map(StatsSeries.Point::misses).toList(),
                p.stream().map(StatsSeries.Point::stale).toList(),
                p.stream().map(StatsSeries.Point::bypass).toList(),
                p.stream().map(x -> round(x.hitRatio() * 100)).toList(),
                p.stream().map(x -> round(Math.max(0, x.originOffload()) * 100)).toList(),
                p.stream().map(StatsSeries.Point::bytesToClients).toList(),
                p.stream().map(StatsSeries.Point::bytesFromOrigin).toList(),
                p.stream().map(StatsSeries.Point::status2xx).toList(),
                p.stream().map(StatsSeries.Point::status3xx).toList(),
                p.stream().map(StatsSeries.Point::status4xx).toList(),
                p.stream().map(StatsSeries.Point::status5xx).toList());
    }

    private static double round(double percent) {
        return Math.round(percent * 10) / 10.0;
    }
}
