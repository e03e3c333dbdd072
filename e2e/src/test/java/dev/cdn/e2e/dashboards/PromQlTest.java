package dev.cdn.e2e.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void metricNames_skipFunctionsLabelsRangesAndGrouping() {
        assertThat(PromQl.metricNames("""
                sum by (service, le) (rate(edge_requests_total{cache_status=~"hit|miss", service=~"$service"}[5m]))
                  / on (service) group_left sum(rate(edge_response_body_bytes_total[$__rate_interval])) > 0.70
                  and histogram_quantile(0.99, sum by (le) (rate(edge_upstream_first_byte_seconds_bucket[1e3s])))"""))
                .containsExactlyInAnyOrder("edge_requests_total", "edge_response_body_bytes_total",
                        "edge_upstream_first_byte_seconds_bucket");
    }

    @Test
    void metricNames_ofABareSelector() {
        assertThat(PromQl.metricNames("edge_origin_status{status=\"down\"} == 1")).containsExactly("edge_origin_status");
    }
}
