package dev.cdn.config.wire;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.cdn.config.OriginLatencyBuckets;
import java.time.Instant;
import java.util.List;

/**
 * What one service did on one node since its last report, attributed to {@code minute} (deltas, summed by the
 * control plane). {@code originMillis} counts origin response times per bucket of {@link OriginLatencyBuckets}
 * (empty when the origin was not asked); {@code topUrls} its most requested paths; {@code variants} its counts per
 * experiment variant. Absent lists read as empty.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ServiceCounters(String serviceId, Instant minute, long requests, long hits, long misses, long stale,
                              long bypass, long bytesToClients, long bytesFromOrigin, long originFetches, long errors,
                              long status2xx, long status3xx, long status4xx, long status5xx, List<Long> originMillis,
                              List<UrlCount> topUrls, List<VariantCount> variants) {

    public ServiceCounters {
        originMillis = originMillis == null ? List.of() : originMillis;
        topUrls = topUrls == null ? List.of() : topUrls;
        variants = variants == null ? List.of() : variants;
    }
}
